/**
 * `npm run eval:nlu -- GOLD.jsonl [--predictions PRED.jsonl]`: scores the analyser (or a predictions file)
 * on labelled turns and prints the metrics as JSON (shared/datasets/README.md, "Scoring").
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { predictLine } from './predict.js';
import { readJsonl } from './jsonl.js';
import { score, type GoldCase } from './scorer.js';

const { values, positionals } = parseArgs({ options: { predictions: { type: 'string' } }, allowPositionals: true });
const goldFile = positionals[0];
if (!goldFile) {
  process.stderr.write('usage: npm run eval:nlu -- GOLD.jsonl [--predictions PRED.jsonl]\n');
  process.exit(2);
}
const gold = readJsonl<GoldCase & { text: string; now: string; industry: string; channel: string }>(goldFile, (line, message) =>
  process.stderr.write(`${goldFile}:${line}: not JSON (${message}); skipped\n`),
).map((l) => l.value);
const predictions = values.predictions ? readFileSync(values.predictions, 'utf8').split('\n') : gold.map((g) => predictLine(g));
process.stdout.write(`${JSON.stringify(score(gold, predictions), null, 2)}\n`);
