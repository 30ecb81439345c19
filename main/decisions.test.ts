import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../server/test-kit/test-config.js';
import { findElectronBinary, missingElectronMessage } from './launch.js';
import { findNodeBinary } from './node-binary.js';
import { nextRestartDelay } from './restart-policy.js';
import { isExternalWebUrl, isTrustedUrl } from './trusted-url.js';

describe('isTrustedUrl', () => {
  const admin = 'http://127.0.0.1:3211';
  it.each([
    ['http://127.0.0.1:3211/', true],
    ['http://127.0.0.1:3211/leads?x=1', true],
    ['http://127.0.0.1:3210/', false],
    ['http://localhost:3211/', false],
    ['https://127.0.0.1:3211/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, trusted) => expect(isTrustedUrl(url, admin)).toBe(trusted));

  it('sends only web links to the browser', () => {
    expect(isExternalWebUrl('https://example.com/x')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('smb://host/share')).toBe(false);
  });
});

describe('nextRestartDelay', () => {
  it('doubles from one second and stops at a minute', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => nextRestartDelay(n))).toEqual([1000, 2000, 4000, 8000, 60000, 60000, 60000]);
  });
});

describe('findNodeBinary', () => {
  it('prefers LEADS_NODE, then the Node shipped with the app, then node on PATH', () => {
    const temp = tempDir();
    mkdirSync(join(temp.dir, 'node', 'bin'), { recursive: true });
    writeFileSync(join(temp.dir, 'node', 'bin', 'node'), '');
    expect(findNodeBinary({ LEADS_NODE: '/opt/node' }, temp.dir, 'linux')).toBe('/opt/node');
    expect(findNodeBinary({}, temp.dir, 'linux')).toBe(join(temp.dir, 'node', 'bin', 'node'));
    expect(findNodeBinary({}, undefined, 'linux')).toBe('node');
    temp.remove();
  });
});

describe('findElectronBinary', () => {
  it('finds the binary the electron package recorded, or reports it missing', () => {
    const temp = tempDir();
    expect(findElectronBinary(temp.dir, {}, 'linux')).toBeUndefined();
    writeFileSync(join(temp.dir, 'path.txt'), 'electron');
    expect(findElectronBinary(temp.dir, {}, 'linux')).toBeUndefined();
    mkdirSync(join(temp.dir, 'dist'));
    writeFileSync(join(temp.dir, 'dist', 'electron'), '');
    expect(findElectronBinary(temp.dir, {}, 'linux')).toBe(join(temp.dir, 'dist', 'electron'));
    expect(findElectronBinary(temp.dir, { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' }, 'linux')).toBeUndefined();
    temp.remove();
  });

  it('says in one line what is missing and how to get it', () => {
    const message = missingElectronMessage('45.4.1');
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/Electron 45\.4\.1 binary is not installed.*npx install-electron.*ELECTRON_OVERRIDE_DIST_PATH.*npm run serve/);
  });
});

describe('npm start without the Electron binary', () => {
  it('prints one line saying what is missing and exits non-zero', async () => {
    const { spawnSync } = await import('node:child_process');
    const launch = fileURLToPath(new URL('./launch.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', launch], {
      env: { PATH: process.env.PATH, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^leads-agent: the Electron \d+\.\d+\.\d+ binary is not installed/)]);
  });
});
