import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { maskPhone } from './scrub.js';
import { demoBusinessInput, startTestServer } from '../test-kit/server-harness.js';
import { tempDir } from '../test-kit/test-config.js';

function logText(dir: string): string {
  return readdirSync(join(dir, 'logs'))
    .map((file) => readFileSync(join(dir, 'logs', file), 'utf8'))
    .join('');
}

describe('logs', () => {
  it('never contain a secret, whether given in the environment or through the API', async () => {
    const envSecrets = {
      OPENAI_API_KEY: 'sk-env-openai-SECRET-1',
      TWILIO_AUTH_TOKEN: 'twilio-env-SECRET-2',
      NGROK_AUTHTOKEN: 'ngrok-env-SECRET-3',
      SMTP_URL: 'smtp://mailer:smtp-pass-SECRET-4@127.0.0.1:9',
      ADMIN_TOKEN: 'admin-token-SECRET-5-long-enough',
    };
    const server = await startTestServer({ ...envSecrets, LOG_LEVEL: 'trace' });
    const apiSecret = 'sk-api-set-SECRET-6';
    const answers: string[] = [];
    try {
      answers.push(JSON.stringify((await server.admin('PUT', '/api/secrets/OPENAI_API_KEY', { value: apiSecret })).body));
      answers.push(JSON.stringify((await server.admin('GET', '/api/secrets')).body));
      answers.push(JSON.stringify((await server.admin('PUT', '/api/secrets/OPENAI_API_KEY', { value: 'has space SECRET-7' })).body));
      answers.push(JSON.stringify((await server.admin('GET', '/api/health')).body));
      answers.push(JSON.stringify((await server.admin('GET', '/api/info')).body));
      // Code that logs carelessly still cannot leak: values are scrubbed wherever they appear.
      server.services.log.info({ err: new Error(`upstream said ${apiSecret}`), headers: { authorization: `Bearer ${envSecrets.ADMIN_TOKEN}` } }, `oops ${envSecrets.TWILIO_AUTH_TOKEN}`);
      server.services.log.error({ config: server.services.config }, 'dumping config');
      server.services.log.info({ pii: { transcript: 'my card is 4111 1111 1111 1111' } }, 'caller turn');
      await server.admin('GET', '/api/businesses', undefined, { authorization: `Bearer ${envSecrets.ADMIN_TOKEN}` });
    } finally {
      await server.close();
    }
    const logs = logText(server.dataDir);
    await server.stop();
    expect(logs).toContain('dumping config');
    expect(logs).toContain('[REDACTED]');
    for (const secret of [...Object.values(envSecrets).slice(0, 3), 'smtp-pass-SECRET-4', envSecrets.ADMIN_TOKEN, apiSecret, 'has space SECRET-7', '4111 1111']) {
      expect(logs).not.toContain(secret);
      for (const answer of answers) expect(answer).not.toContain(secret);
    }
    expect(answers[0]).toBe('{"set":true,"source":"env"}');
  });

  it('mask caller phone numbers', async () => {
    const temp = tempDir();
    const logger = await createLogger({ level: 'info', dataDir: temp.dir, terminal: 'none' });
    logger.log.info({ from: '+15125550148' }, 'call from +15125550148');
    await logger.close();
    const text = logText(temp.dir);
    temp.remove();
    expect(text).not.toContain('5125550148');
    expect(text).toContain('+1512***0148');
    expect(maskPhone('+447700900123')).toBe('+44770***0123');
  });

  it('go to a rotating JSON file in the data folder', async () => {
    const server = await startTestServer();
    await server.admin('POST', '/api/businesses', demoBusinessInput);
    await server.close();
    const files = readdirSync(join(server.dataDir, 'logs'));
    const lines = logText(server.dataDir).trim().split('\n');
    await server.stop();
    expect(files.some((f) => /^server\.\d+\.log$/.test(f))).toBe(true);
    expect(lines.every((line) => typeof JSON.parse(line).level === 'number')).toBe(true);
  });
});
