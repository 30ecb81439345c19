import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretBackend, SecretName } from './secret-store.js';

/**
 * Secrets in `<dataDir>/secrets.json`, readable by the owner only (0600). Used where no OS keychain answers:
 * a headless box, a desktop without a keyring, or keytar failing to build or load.
 */
export function createFileBackend(dataDir: string): SecretBackend {
  const file = join(dataDir, 'secrets.json');

  function readAll(): Partial<Record<SecretName, string>> {
    if (!existsSync(file)) return {};
    // Someone may have copied the file with looser permissions; tighten before reading.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>;
  }

  function writeAll(secrets: Partial<Record<SecretName, string>>): void {
    // Write then rename: a crash mid-write leaves the old file, never a half-written one.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    renameSync(temp, file);
  }

  return {
    kind: 'file',
    async get(name) {
      return readAll()[name];
    },
    async set(name, value) {
      writeAll({ ...readAll(), [name]: value });
    },
    async delete(name) {
      const secrets = readAll();
      delete secrets[name];
      writeAll(secrets);
    },
  };
}
