import { createLogger } from '../log/logger.js';
import type { Env } from '../config.js';
import { startServer, type ServerHandle, type StartOptions } from '../index.js';
import { tempDir, testConfig } from './test-config.js';

export interface TestServer extends ServerHandle {
  dataDir: string;
  /** GET/POST… against the admin listener with the token, JSON in and out. */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** A real server (both listeners on free ports, SQLite in a temp folder), as a test sees it from outside. */
export async function startTestServer(env: Env = {}, options: StartOptions = {}): Promise<TestServer> {
  const temp = tempDir();
  const config = testConfig(temp.dir, env);
  const logger = options.logger ?? (await createLogger({ level: config.logLevel, dataDir: temp.dir, terminal: 'none' }));
  const handle = await startServer(config, { keytar: false, ...options, logger });
  return {
    ...handle,
    dataDir: temp.dir,
    async admin(method, path, body, headers = {}) {
      const response = await fetch(`${handle.adminUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${handle.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.status, body: parsed };
    },
    async stop() {
      await handle.close();
      temp.remove();
    },
  };
}

export const demoBusinessInput = {
  name: 'Acme Plumbing',
  industry: 'plumbing',
  plan: 'PRO',
  twilioNumber: '+15125550111',
  ownerPhone: '+15125550122',
  ownerEmail: 'Owner@Acme.example',
  timezone: 'America/Chicago',
  widgetOrigins: ['https://acme.example'],
} as const;
