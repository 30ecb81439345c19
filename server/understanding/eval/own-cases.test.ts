import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictLine, type InputLine } from '../predict.js';
import { parseGoldLine, scorePredictions } from './score.js';

// Our own labelled turns (written for this module, in the dataset's schema and label rules, none taken
// from the dev file): a regression check that the analyser still meets the targets on text it
// was not tuned on line by line. The cross-check set was written by a second author for a rival analyser
// and first scored this one blind (urgent recall 0.84); it stays as a regression set now that it has
// been used to widen the vocabulary.
const fixtures = ['own-cases.jsonl', 'cross-check-cases.jsonl'];

describe.each(fixtures)('labelled cases in %s', (name) => {
  const file = join(import.meta.dirname, '../fixtures', name);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');

  it('meet the issue targets', () => {
    const gold = lines.map(parseGoldLine);
    const predictions = lines.map((l) => JSON.stringify(predictLine(JSON.parse(l) as InputLine, new Date())));
    const m = scorePredictions(gold, predictions);
    expect(m.priority.urgent_recall).toBeGreaterThanOrEqual(0.95);
    expect(m.priority.urgent_precision).toBeGreaterThanOrEqual(0.85);
    expect(m.emergency.f1).toBeGreaterThanOrEqual(0.9);
    expect(m.entities.f1).toBeGreaterThanOrEqual(0.85);
    expect(m.intent.accuracy).toBeGreaterThanOrEqual(0.8);
  });
});
