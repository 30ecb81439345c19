import { readFileSync } from 'node:fs';
import { checkInputLine, predictLine, type InputLine } from './predict.js';
import { parseGoldLine, scorePredictions, type GoldCase } from './eval/score.js';

// npm run eval:nlu -- GOLD.jsonl [--predictions PRED.jsonl]
// Without --predictions the analyser itself predicts every gold line. Prints the metrics as JSON.

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/);
}

function main(argv: string[]): number {
  const args = [...argv];
  let predictionsFile: string | undefined;
  const at = args.indexOf('--predictions');
  if (at >= 0) {
    predictionsFile = args[at + 1];
    args.splice(at, 2);
  }
  const goldFile = args[0];
  if (!goldFile || args.length > 1 || (at >= 0 && !predictionsFile)) {
    process.stderr.write('usage: npm run eval:nlu -- GOLD.jsonl [--predictions PRED.jsonl]\n');
    return 2;
  }
  const gold: GoldCase[] = [];
  const goldRaw: unknown[] = [];
  let bad = 0;
  readLines(goldFile).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      gold.push(parseGoldLine(line));
      goldRaw.push(JSON.parse(line));
    } catch (err) {
      bad++;
      process.stderr.write(`eval:nlu: ${goldFile} line ${i + 1}: ${(err as Error).message}\n`);
    }
  });
  let predictionLines: string[];
  if (predictionsFile) {
    predictionLines = readLines(predictionsFile);
  } else {
    const now = new Date();
    predictionLines = goldRaw.flatMap((o, i) => {
      const problem = checkInputLine(o);
      if (problem) {
        process.stderr.write(`eval:nlu: case ${gold[i]?.id}: ${problem}\n`);
        return [];
      }
      return [JSON.stringify(predictLine(o as InputLine, now))];
    });
  }
  process.stdout.write(`${JSON.stringify(scorePredictions(gold, predictionLines), null, 2)}\n`);
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
