import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config, type Env } from '../config.js';

/**
 * Every outside service points at a closed loopback port unless a test sets it, so no test can reach
 * OpenAI, Twilio or ngrok by accident (port 9 is "discard": nothing listens there).
 */
export const unreachable = {
  OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
  OPENAI_REALTIME_URL: 'ws://127.0.0.1:9/v1/realtime',
  TWILIO_API_BASE: 'http://127.0.0.1:9',
} as const;

export function tempDir(prefix = 'leads-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A config on free ports in a fresh data folder. */
export function testEnv(dataDir: string, env: Env = {}): Env {
  return {
    LEADS_DATA_DIR: dataDir,
    PUBLIC_PORT: '0',
    ADMIN_PORT: '0',
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
    ...unreachable,
    ...env,
  };
}

export function testConfig(dataDir: string, env: Env = {}): Config {
  return loadConfig(testEnv(dataDir, env));
}
