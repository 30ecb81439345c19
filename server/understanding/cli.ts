/**
 * `npm run --silent analyze -- FILE.jsonl`: one prediction line per input line
 * `{id, emergency, priority, intent, entities:[{type, value}]}`; nothing else on stdout.
 */
import { readJsonl } from './jsonl.js';
import { predictLine, type InputLine } from './predict.js';

function main(): void {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run --silent analyze -- FILE.jsonl\n');
    process.exit(2);
  }
  let bad = 0;
  const lines = readJsonl<InputLine>(file, (line, message) => {
    bad++;
    process.stderr.write(`${file}:${line}: not JSON (${message}); skipped\n`);
  });
  const out: string[] = [];
  for (const { line, value } of lines) {
    if (typeof value !== 'object' || value === null || typeof value.id !== 'string' || typeof value.text !== 'string' || typeof value.now !== 'string') {
      bad++;
      process.stderr.write(`${file}:${line}: needs string fields id, text and now; skipped\n`);
      continue;
    }
    out.push(predictLine(value));
  }
  process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
  if (bad > 0) process.exitCode = 1;
}

main();
