import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { predictLine } from './predict.js';
import { score, type GoldCase } from './scorer.js';

/**
 * The targets of the issue, held on our own labelled cases (written from the label rules, not copied from the
 * dev file) and on the dev file when it is beside the repository.
 */
const ours = fileURLToPath(new URL('./cases/', import.meta.url));
const dev = fileURLToPath(new URL('../../../shared/datasets/nlu-dev.jsonl', import.meta.url));
const files = [...readdirSync(ours).map((f) => `${ours}${f}`), ...(existsSync(dev) ? [dev] : [])];

const read = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldCase & { text: string; now: string; industry: string; channel: string });

describe.each(files.map((f) => [f.split('/').pop()!, f]))('labelled cases in %s', (_name, file) => {
  const gold = read(file);
  const result = score(gold, gold.map((g) => predictLine(g)));

  it('meets the targets', () => {
    expect(result.priority.urgent_recall).toBeGreaterThanOrEqual(0.95);
    expect(result.priority.urgent_precision).toBeGreaterThanOrEqual(0.85);
    expect(result.emergency.f1).toBeGreaterThanOrEqual(0.9);
    expect(result.entities.f1).toBeGreaterThanOrEqual(0.85);
    expect(result.intent.accuracy).toBeGreaterThanOrEqual(0.8);
  });
});
