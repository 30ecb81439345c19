// tsc emits only JavaScript; the server also needs its SQL migrations and message templates beside it.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'server');
const to = join(root, 'dist', 'server');
const assets = /\.(sql|html|txt|hbs|jsonl?)$/;
const skip = /^(tsconfig.*\.json|.*\.test\..*)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'test-kit' && name !== 'node_modules') walk(path);
    } else if (assets.test(name) && !skip.test(name)) {
      cpSync(path, join(to, relative(from, path)));
    }
  }
}

if (!existsSync(to)) throw new Error('dist/server does not exist: run tsc -b server first');
walk(from);
