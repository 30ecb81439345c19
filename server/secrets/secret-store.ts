import type { Logger } from '../log/logger.js';
import type { Scrubber } from '../log/scrub.js';
import { createFileBackend } from './file-backend.js';
import { loadKeytar, openKeychainBackend, type KeytarLoader } from './keychain-backend.js';

export const secretNames = ['OPENAI_API_KEY', 'TWILIO_AUTH_TOKEN', 'NGROK_AUTHTOKEN', 'SMTP_PASSWORD'] as const;
export type SecretName = (typeof secretNames)[number];
export type SecretSource = 'env' | 'keychain' | 'file';

export interface SecretBackend {
  readonly kind: 'keychain' | 'file';
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

export interface SecretStatus {
  set: boolean;
  source: SecretSource | null;
}

/**
 * Every secret the appliance holds goes through here. Environment variables win; then the OS keychain when
 * one answers; else a 0600 file in the data folder. Values never leave except to the service that needs them:
 * the admin API can only say whether a secret is set.
 */
export interface SecretStore {
  readonly backend: 'keychain' | 'file';
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  status(): Promise<Record<SecretName, SecretStatus>>;
}

export interface SecretStoreDeps {
  dataDir: string;
  /** Secrets given in the environment (from Config). */
  fromEnv: Partial<Record<SecretName, string | undefined>>;
  scrubber: Scrubber;
  log: Logger;
  keytar?: KeytarLoader | false;
}

export async function createSecretStore({ dataDir, fromEnv, scrubber, log, keytar = loadKeytar }: SecretStoreDeps): Promise<SecretStore> {
  const backend = (keytar ? await openKeychainBackend(keytar, log) : undefined) ?? createFileBackend(dataDir);
  for (const value of Object.values(fromEnv)) scrubber.add(value);

  async function stored(name: SecretName): Promise<string | undefined> {
    const value = await backend.get(name);
    scrubber.add(value);
    return value;
  }

  return {
    backend: backend.kind,
    async get(name) {
      return fromEnv[name] ?? (await stored(name));
    },
    async set(name, value) {
      scrubber.add(value);
      await backend.set(name, value);
      log.info({ secretName: name, backend: backend.kind }, 'secret stored');
    },
    async delete(name) {
      await backend.delete(name);
      log.info({ secretName: name, backend: backend.kind }, 'secret deleted');
    },
    async status() {
      const entries = await Promise.all(
        secretNames.map(async (name): Promise<[SecretName, SecretStatus]> => {
          if (fromEnv[name]) return [name, { set: true, source: 'env' }];
          const value = await stored(name);
          return [name, { set: value !== undefined, source: value === undefined ? null : backend.kind }];
        }),
      );
      return Object.fromEntries(entries) as Record<SecretName, SecretStatus>;
    },
  };
}
