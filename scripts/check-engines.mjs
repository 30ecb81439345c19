// npm only warns when a package's `engines` excludes this Node. A warning is easy to miss and the break shows
// up at run time, so the test suite fails instead, unless the package is known and allowed, with the reason.
import { readFileSync } from 'node:fs';
import semver from 'semver';

const allowed = {
  // ESM-only packages that declare Node 22 because they rely on require(esm), which Node 20.19+ also has.
  cookie: 'ESM-only; loaded by light-my-request through require(esm), available since Node 20.19',
  'content-disposition': 'ESM-only; loaded by @fastify/static through require(esm), available since Node 20.19',
  // Packaging and the desktop binary only: never loaded by the server or the tests. README: packaging needs Node 22.12+.
  electron: 'desktop binary launcher; npm start and packaging only',
  '@electron/get': 'packaging only (electron-builder)',
  '@electron/rebuild': 'packaging only (electron-builder)',
  '@electron-internal/extract-zip': 'packaging only (electron)',
  'node-abi': 'packaging only (@electron/rebuild)',
};

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const problems = [];
for (const [path, info] of Object.entries(lock.packages)) {
  if (!path) continue;
  const range = info.engines?.node;
  if (!range || semver.satisfies(process.version, range)) continue;
  const name = path.replace(/^.*node_modules\//, '');
  if (!allowed[name]) problems.push(`${name}@${info.version} wants node ${range}`);
}
if (problems.length) {
  console.error(`These packages do not support Node ${process.version} (see scripts/check-engines.mjs):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
