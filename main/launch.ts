import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`: launches the desktop app when the Electron binary is present, and otherwise says in one line
 * what is missing and how to get it. Since Electron 42 the npm package downloads its binary on first use,
 * which cannot happen offline; this check runs first so nothing tries to.
 */
export function findElectronBinary(electronDir: string, env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : platform === 'win32'
        ? 'electron.exe'
        : 'electron';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(electronDir, 'dist', relative);
  return existsSync(candidate) ? candidate : undefined;
}

export function missingElectronMessage(version: string): string {
  return (
    `leads-agent: the Electron ${version} binary is not installed (node_modules/electron/dist is empty). ` +
    'Run `npx install-electron` once with internet access (it needs Node 22.12+), or set ELECTRON_OVERRIDE_DIST_PATH ' +
    `to an unpacked Electron ${version}; the headless server runs without it: npm run serve`
  );
}

/** The folder of our package.json, whether this runs from dist/main or from main/ (tests). */
function packageRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'main', 'tsconfig.json'))) return dir;
  }
  throw new Error(`cannot find the Leads Agent folder above ${from}`);
}

function main(): void {
  const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
  const electronDir = join(root, 'node_modules', 'electron');
  const version = existsSync(join(electronDir, 'package.json'))
    ? (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version
    : 'unknown';
  const binary = findElectronBinary(electronDir, process.env);
  if (!binary) {
    console.error(missingElectronMessage(version));
    process.exit(1);
  }
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
