// Builds the chat widget (server/widget, no framework) into one minified script, dist/server/widget/widget.js,
// which the public listener serves at /widget.js. Written to a temporary file and renamed, so a test building it
// while another reads it never sees half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const widgetOutFile = join(root, 'dist', 'server', 'widget', 'widget.js');

/** Builds the widget; returns its path and size in bytes. */
export async function buildWidget(outFile = widgetOutFile) {
  const result = await build({
    entryPoints: [join(root, 'server', 'widget', 'widget.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers of the last few years: EventSource, Shadow DOM, optional chaining.
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  mkdirSync(dirname(outFile), { recursive: true });
  const temp = `${outFile}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, code);
  renameSync(temp, outFile);
  return { file: outFile, bytes: code.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWidget();
}
