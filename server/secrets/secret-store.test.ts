import { statSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../log/logger.js';
import { createScrubber } from '../log/scrub.js';
import { tempDir } from '../test-kit/test-config.js';
import type { KeytarModule } from './keychain-backend.js';
import { createSecretStore } from './secret-store.js';

const log = createSilentLogger();
let cleanup: Array<() => void> = [];
afterEach(() => {
  cleanup.forEach((fn) => fn());
  cleanup = [];
});
function dir(): string {
  const temp = tempDir();
  cleanup.push(temp.remove);
  return temp.dir;
}

/** An in-memory keychain with keytar's API, standing in for the OS keyring (which a test box does not have). */
function fakeKeychain(): KeytarModule & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getPassword: async (service, account) => items.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void items.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => items.delete(`${service}/${account}`),
    findCredentials: async () => [],
  };
}

describe('secret store', () => {
  it('keeps secrets in a file only the owner can read when there is no keychain', async () => {
    const dataDir = dir();
    const store = await createSecretStore({ dataDir, fromEnv: {}, scrubber: createScrubber(), log, keytar: false });
    expect(store.backend).toBe('file');
    await store.set('OPENAI_API_KEY', 'sk-file-123456');
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.get('OPENAI_API_KEY')).toBe('sk-file-123456');
    const reopened = await createSecretStore({ dataDir, fromEnv: {}, scrubber: createScrubber(), log, keytar: false });
    expect(await reopened.get('OPENAI_API_KEY')).toBe('sk-file-123456');
    await reopened.delete('OPENAI_API_KEY');
    expect(await reopened.get('OPENAI_API_KEY')).toBeUndefined();
  });

  it('tightens a secrets file someone left readable by others', async () => {
    const dataDir = dir();
    const file = join(dataDir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ SMTP_PASSWORD: 'smtp-secret' }));
    chmodSync(file, 0o644);
    const store = await createSecretStore({ dataDir, fromEnv: {}, scrubber: createScrubber(), log, keytar: false });
    expect(await store.get('SMTP_PASSWORD')).toBe('smtp-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lets environment variables win and says where each secret comes from', async () => {
    const store = await createSecretStore({ dataDir: dir(), fromEnv: { OPENAI_API_KEY: 'sk-env-1234' }, scrubber: createScrubber(), log, keytar: false });
    await store.set('OPENAI_API_KEY', 'sk-stored-1234');
    await store.set('TWILIO_AUTH_TOKEN', 'tw-stored-1234');
    expect(await store.get('OPENAI_API_KEY')).toBe('sk-env-1234');
    expect(await store.status()).toEqual({
      OPENAI_API_KEY: { set: true, source: 'env' },
      TWILIO_AUTH_TOKEN: { set: true, source: 'file' },
      NGROK_AUTHTOKEN: { set: false, source: null },
      SMTP_PASSWORD: { set: false, source: null },
    });
  });

  it('uses the OS keychain when keytar loads and a keyring answers', async () => {
    const keychain = fakeKeychain();
    const dataDir = dir();
    const store = await createSecretStore({ dataDir, fromEnv: {}, scrubber: createScrubber(), log, keytar: async () => keychain });
    expect(store.backend).toBe('keychain');
    await store.set('NGROK_AUTHTOKEN', 'ngrok-123456');
    expect(keychain.items.get('Leads Agent/NGROK_AUTHTOKEN')).toBe('ngrok-123456');
    expect(() => readFileSync(join(dataDir, 'secrets.json'))).toThrow(/ENOENT/);
    expect((await store.status()).NGROK_AUTHTOKEN).toEqual({ set: true, source: 'keychain' });
  });

  it('falls back to the file when keytar is not installed or fails to load', async () => {
    const store = await createSecretStore({
      dataDir: dir(),
      fromEnv: {},
      scrubber: createScrubber(),
      log,
      keytar: async () => {
        throw new Error("Cannot find module 'keytar'");
      },
    });
    expect(store.backend).toBe('file');
  });

  it('falls back to the file when no keyring answers (headless Linux: no D-Bus), without hanging', async () => {
    const silent = { ...fakeKeychain(), findCredentials: () => new Promise<never>(() => {}) };
    const failing = { ...fakeKeychain(), findCredentials: async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) };
    for (const keychain of [silent, failing]) {
      const store = await createSecretStore({ dataDir: dir(), fromEnv: {}, scrubber: createScrubber(), log, keytar: async () => keychain });
      expect(store.backend).toBe('file');
    }
  }, 10_000);

  it('registers every secret it hands out with the log scrubber', async () => {
    const scrubber = createScrubber();
    const store = await createSecretStore({ dataDir: dir(), fromEnv: { TWILIO_AUTH_TOKEN: 'tw-env-777777' }, scrubber, log, keytar: false });
    await store.set('OPENAI_API_KEY', 'sk-set-888888');
    expect(scrubber.scrub('a tw-env-777777 b sk-set-888888 c')).toBe('a [REDACTED] b [REDACTED] c');
  });
});

describe('the real keytar package', () => {
  it('is optional: absent, or without a keyring, the store falls back to the file', async () => {
    const { loadKeytar } = await import('./keychain-backend.js');
    const store = await createSecretStore({ dataDir: dir(), fromEnv: {}, scrubber: createScrubber(), log, keytar: loadKeytar });
    const installed = await loadKeytar().then(
      () => true,
      () => false,
    );
    // Only a desktop session has a D-Bus secret service for keytar to talk to.
    const keyring = installed && Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
    expect(store.backend).toBe(keyring ? 'keychain' : 'file');
  });
});
