import type { Logger } from '../log/logger.js';
import type { SecretBackend } from './secret-store.js';

/** The part of keytar we use. keytar is optional: it builds from source and may be absent. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeytarLoader = () => Promise<KeytarModule>;

const service = 'Leads Agent';

export const loadKeytar: KeytarLoader = async () => {
  // A variable specifier keeps TypeScript from requiring keytar's types when it is not installed.
  const specifier = 'keytar';
  const mod = (await import(specifier)) as { default?: KeytarModule } & KeytarModule;
  return mod.default ?? mod;
};

/**
 * The OS keychain through keytar, or undefined when it is not there: keytar not installed, failing to load
 * (built for another ABI), or no keyring answering (a headless Linux box has no D-Bus secret service).
 */
export async function openKeychainBackend(
  load: KeytarLoader,
  log: Logger,
  timeoutMs = 2000,
): Promise<SecretBackend | undefined> {
  let keytar: KeytarModule;
  try {
    keytar = await load();
  } catch (error) {
    log.info({ reason: (error as Error).message }, 'keytar unavailable; secrets are kept in a file');
    return undefined;
  }
  try {
    await withTimeout(keytar.findCredentials(service), timeoutMs);
  } catch (error) {
    log.info({ reason: (error as Error).message }, 'no OS keychain answered; secrets are kept in a file');
    return undefined;
  }
  return {
    kind: 'keychain',
    async get(name) {
      return (await keytar.getPassword(service, name)) ?? undefined;
    },
    async set(name, value) {
      await keytar.setPassword(service, name, value);
    },
    async delete(name) {
      await keytar.deletePassword(service, name);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`keychain did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
