import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';

describe('GET /api/health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REDIS_URL: undefined });
  });
  afterAll(() => server.stop());

  it('answers exactly the seed JSON plus a component map', async () => {
    const { status, body } = await server.admin('GET', '/api/health');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['components', 'environment', 'memory', 'redis', 'sessions', 'status']);
    expect(body).toEqual({
      status: 'healthy',
      memory: { heapUsed: expect.any(Number), heapTotal: expect.any(Number), heapUsedPercent: expect.any(Number) },
      redis: { connected: false, reconnectAttempts: 0, consecutiveFailures: 0 },
      sessions: { activeVoiceSessions: 0, totalActiveSessions: 0, averageSessionDuration: 0 },
      environment: { nodeEnv: 'test', memoryMonitoringEnabled: expect.any(Boolean), redisConfigured: false },
      components: {
        db: { status: 'up', latencyMs: expect.any(Number), vectorSearch: true },
        redis: { status: 'not_configured', latencyMs: null, store: 'memory' },
        tunnel: { status: 'disabled', latencyMs: null },
        openai: { status: 'not_configured', latencyMs: null },
        twilio: { status: 'not_configured', latencyMs: null },
      },
    });
    expect(body.memory.heapUsed).toBeLessThanOrEqual(body.memory.heapTotal);
    expect(body.memory.heapUsedPercent).toBe(Math.round((body.memory.heapUsed / body.memory.heapTotal) * 100));
  });

  it('counts live sessions from the session store', async () => {
    await server.services.sessions.create({ id: 'CA1', kind: 'voice', businessId: 'b', leadId: 'l' });
    await server.services.sessions.create({ id: 'chat1', kind: 'chat', businessId: 'b', leadId: 'l' });
    const { body } = await server.admin('GET', '/api/health');
    expect(body.sessions).toMatchObject({ activeVoiceSessions: 1, totalActiveSessions: 2 });
    await server.services.sessions.end('CA1');
    await server.services.sessions.end('chat1');
  });
});

describe('outside services in health', () => {
  let upstream: Server;
  let seen: Array<{ url: string; auth: string | undefined }>;
  let server: TestServer;
  beforeAll(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      seen.push({ url: req.url!, auth: req.headers.authorization });
      // Twilio answers the account resource; OpenAI refuses the key.
      res.writeHead(req.url!.startsWith('/2010-04-01/') ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    server = await startTestServer({
      OPENAI_API_KEY: 'sk-wrong-key',
      OPENAI_BASE_URL: `${base}/v1`,
      TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'twilio-secret',
      TWILIO_API_BASE: base,
    });
  });
  afterAll(async () => {
    await server.stop();
    upstream.close();
  });

  it('probes them in the background and reports what they said', async () => {
    let body: any;
    for (let i = 0; i < 50; i++) {
      body = (await server.admin('GET', '/api/health')).body;
      if (body.components.openai.status !== 'unknown' && body.components.twilio.status !== 'unknown') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body.components.openai).toMatchObject({ status: 'unauthorized', httpStatus: 401 });
    expect(body.components.twilio).toMatchObject({ status: 'up', latencyMs: expect.any(Number) });
    expect(seen).toContainEqual({ url: '/v1/models', auth: 'Bearer sk-wrong-key' });
    expect(seen).toContainEqual({
      url: `/2010-04-01/Accounts/AC${'1'.repeat(32)}.json`,
      auth: `Basic ${Buffer.from(`AC${'1'.repeat(32)}:twilio-secret`).toString('base64')}`,
    });
  });
});
