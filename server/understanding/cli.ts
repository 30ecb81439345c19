import { readFileSync } from 'node:fs';
import { checkInputLine, predictLine, type InputLine } from './predict.js';

// npm run --silent analyze -- FILE.jsonl
// One prediction line per good input line on stdout and nothing else; bad lines are named on stderr
// and make the exit code non-zero once every line has been tried.

function main(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run --silent analyze -- FILE.jsonl\n');
    return 2;
  }
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`analyze: cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const now = new Date();
  let bad = 0;
  const out: string[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      bad++;
      process.stderr.write(`analyze: line ${i + 1}: invalid JSON (${(err as Error).message})\n`);
      return;
    }
    const problem = checkInputLine(parsed);
    if (problem) {
      bad++;
      process.stderr.write(`analyze: line ${i + 1}: ${problem}\n`);
      return;
    }
    try {
      out.push(JSON.stringify(predictLine(parsed as InputLine, now)));
    } catch (err) {
      bad++;
      process.stderr.write(`analyze: line ${i + 1}: ${(err as Error).message}\n`);
    }
  });
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
