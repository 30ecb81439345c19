import { describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadConfig } from './config.js';
import { runCli } from './test-kit/child-server.js';
import { tempDir } from './test-kit/test-config.js';

describe('loadConfig', () => {
  it('has working defaults with nothing set', () => {
    const config = loadConfig({ HOME: '/home/owner' });
    expect(config).toMatchObject({
      dataDir: '/home/owner/.local/share/leads-agent',
      publicPort: 3210,
      adminPort: 3211,
      bindHost: '127.0.0.1',
      publicUrl: undefined,
      openai: { baseUrl: 'https://api.openai.com/v1', realtimeUrl: 'wss://api.openai.com/v1/realtime', realtimeModel: 'gpt-realtime' },
      twilio: { apiBase: 'https://api.twilio.com' },
      logLevel: 'info',
      maxInMemorySessions: 100,
      sessionTimeoutMs: 30 * 60_000,
      maxMemoryUsageMb: 1536,
    });
    expect(Object.isFrozen(config.openai)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      LEADS_DATA_DIR: '/srv/leads',
      PUBLIC_PORT: '8080',
      ADMIN_PORT: '8081',
      BIND_HOST: '0.0.0.0',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      PUBLIC_URL: 'https://acme.ngrok.app/',
      OPENAI_API_KEY: 'sk-test-123456',
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1',
      OPENAI_REALTIME_URL: 'ws://127.0.0.1:9999/v1/realtime',
      OPENAI_REALTIME_MODEL: 'gpt-realtime-mini',
      TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
      TWILIO_AUTH_TOKEN: 'twilio-token-1',
      TWILIO_API_BASE: 'http://127.0.0.1:9998',
      REDIS_URL: 'redis://:pw@127.0.0.1:6380/0',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
      NGROK_AUTHTOKEN: 'ngrok-token-1',
      NGROK_DOMAIN: 'acme.ngrok.app',
      LOG_LEVEL: 'DEBUG',
      MAX_IN_MEMORY_SESSIONS: '20',
      SESSION_TIMEOUT: '90s',
      MAX_MEMORY_USAGE: '512MB',
    });
    expect(config).toMatchObject({
      dataDir: '/srv/leads',
      publicPort: 8080,
      adminPort: 8081,
      bindHost: '0.0.0.0',
      publicUrl: 'https://acme.ngrok.app',
      openai: { apiKey: 'sk-test-123456', realtimeModel: 'gpt-realtime-mini' },
      twilio: { accountSid: 'AC' + 'a'.repeat(32), authToken: 'twilio-token-1', apiBase: 'http://127.0.0.1:9998' },
      ngrok: { authtoken: 'ngrok-token-1', domain: 'acme.ngrok.app' },
      logLevel: 'debug',
      maxInMemorySessions: 20,
      sessionTimeoutMs: 90_000,
      maxMemoryUsageMb: 512,
    });
  });

  it('takes SESSION_TIMEOUT as milliseconds when no unit is given', () => {
    expect(loadConfig({ SESSION_TIMEOUT: '1800000' }).sessionTimeoutMs).toBe(1_800_000);
    expect(loadConfig({ SESSION_TIMEOUT: '30m' }).sessionTimeoutMs).toBe(1_800_000);
  });

  it.each([
    ['PUBLIC_PORT', 'http', /PUBLIC_PORT must be a port number/],
    ['ADMIN_PORT', '70000', /ADMIN_PORT must be a port number/],
    ['BIND_HOST', 'localhost', /BIND_HOST must be an IP address/],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL must be a URL starting with https:\/\/ or http:\/\//],
    ['PUBLIC_URL', 'https://x.example/path', /PUBLIC_URL must be an origin without a path/],
    ['OPENAI_REALTIME_URL', 'https://api.openai.com', /OPENAI_REALTIME_URL must be a URL starting with wss:\/\//],
    ['TWILIO_ACCOUNT_SID', 'SK123', /TWILIO_ACCOUNT_SID must be a Twilio Account SID/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error/],
    ['MAX_IN_MEMORY_SESSIONS', '-1', /MAX_IN_MEMORY_SESSIONS must be a whole number/],
    ['SESSION_TIMEOUT', 'soon', /SESSION_TIMEOUT must be a duration/],
    ['MAX_MEMORY_USAGE', '1.5GB', /MAX_MEMORY_USAGE must be a size in MB/],
    ['REDIS_URL', 'http://127.0.0.1:6379', /REDIS_URL must be a URL starting with redis:\/\//],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never repeats a secret in its error', () => {
    const secret = 'short key';
    expect(() => loadConfig({ OPENAI_API_KEY: secret })).toThrow(/OPENAI_API_KEY must be/);
    expect(() => loadConfig({ OPENAI_API_KEY: secret })).not.toThrow(/short key/);
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@x' })).not.toThrow(/hunter2/);
  });

  it('refuses the same port for both listeners', () => {
    expect(() => loadConfig({ PUBLIC_PORT: '4000', ADMIN_PORT: '4000' })).toThrow(/ADMIN_PORT must be different from PUBLIC_PORT/);
  });

  it('puts data where each OS keeps application data', () => {
    expect(defaultDataDir({ HOME: '/Users/o' }, 'darwin')).toBe('/Users/o/Library/Application Support/Leads Agent');
    expect(defaultDataDir({ HOME: 'C:\\Users\\o', APPDATA: 'C:\\Users\\o\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.Leads Agent$/);
    expect(defaultDataDir({ HOME: '/home/o', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/leads-agent');
  });
});

describe('the serve command with a bad value', () => {
  it('stops with one line naming the variable, exit code 2, no stack trace', async () => {
    const temp = tempDir();
    const run = runCli({ LEADS_DATA_DIR: temp.dir, PUBLIC_PORT: 'eighty' });
    const { code } = await run.exited;
    temp.remove();
    expect(code).toBe(2);
    const lines = run.stderr().trim().split('\n').filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l));
    expect(lines).toEqual(['leads-agent: configuration error: PUBLIC_PORT must be a port number from 0 to 65535 (got "eighty")']);
  });
});
