/**
 * `npm run bench:widget`: the size of the widget bundle visitors download (dist/server/widget/widget.js, as
 * /widget.js serves it: gzip level 9), against the 15 KB gzipped budget. Prints JSON.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { widgetOutFile } from '../../scripts/build-widget.mjs';

const budget = 15 * 1024;
const code = readFileSync(widgetOutFile);
const gzipped = gzipSync(code, { level: 9 }).length;
console.log(
  JSON.stringify(
    { file: 'dist/server/widget/widget.js', minifiedBytes: code.length, gzippedBytes: gzipped, budgetGzippedBytes: budget, withinBudget: gzipped <= budget },
    null,
    2,
  ),
);
if (gzipped > budget) process.exitCode = 1;
