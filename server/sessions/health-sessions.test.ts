import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../events/bus.js';
import { freePort, startRedisServer } from '../test-kit/redis-server.js';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function server(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const handle = await startTestServer(...args);
  cleanup.push(() => handle.stop());
  return handle;
}

async function health(handle: TestServer) {
  const { status, body } = await handle.admin('GET', '/api/health');
  expect(status).toBe(200);
  return body;
}

async function healthWhen(handle: TestServer, ok: (body: any) => boolean, what: string, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await health(handle);
    if (ok(body)) return body;
    if (Date.now() > deadline) throw new Error(`health never showed ${what}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const seedKeys = ['components', 'environment', 'memory', 'redis', 'sessions', 'status'];

describe('GET /api/health with Redis configured', () => {
  it('tells the truth about Redis: serving, killed (memory serves), back', async () => {
    const redis = await startRedisServer();
    cleanup.push(() => redis.stop());
    // A clock that moves only when told, so session durations are known.
    let now = Date.now();
    const handle = await server({ REDIS_URL: redis.url }, { clock: { now: () => now } });

    const up = await healthWhen(handle, (b) => typeof b.components.redis.latencyMs === 'number', 'a measured Redis latency');
    expect(Object.keys(up).sort()).toEqual(seedKeys);
    expect(up).toMatchObject({
      status: 'healthy',
      redis: { connected: true, reconnectAttempts: 0, consecutiveFailures: 0 },
      environment: { redisConfigured: true, memoryMonitoringEnabled: true },
    });
    expect(up.components.redis).toEqual({ status: 'up', latencyMs: expect.any(Number), store: 'redis' });

    const { sessions } = handle.services;
    await sessions.create({ id: 'CA1', kind: 'voice', businessId: 'b', leadId: 'l1' });
    now += 60_000;
    await sessions.create({ id: 'CA2', kind: 'voice', businessId: 'b', leadId: 'l2' });
    await sessions.create({ id: 'chat1', kind: 'chat', businessId: 'b', leadId: 'l3' });
    now += 60_000;
    await sessions.end('CA2');
    // The active ones: CA1 for 120 s and chat1 for 60 s (the ended CA2 does not count): 90 s on average.
    expect((await health(handle)).sessions).toEqual({ activeVoiceSessions: 1, totalActiveSessions: 2, averageSessionDuration: 90 });

    await redis.kill();
    const down = await healthWhen(handle, (b) => b.redis.reconnectAttempts > 0, 'reconnection attempts');
    expect(down).toMatchObject({
      status: 'degraded',
      redis: { connected: false, consecutiveFailures: expect.any(Number) },
      components: { redis: { status: 'down', latencyMs: null, store: 'memory', error: expect.stringMatching(/ECONNREFUSED|closed/i) } },
      // The live sessions carry on in memory.
      sessions: { activeVoiceSessions: 1, totalActiveSessions: 2, averageSessionDuration: 90 },
    });
    await sessions.appendTurn('CA1', { role: 'customer', text: 'still there?', at: 0 });

    await redis.restart();
    const back = await healthWhen(handle, (b) => b.components.redis.store === 'redis', 'Redis serving again');
    expect(back).toMatchObject({
      status: 'healthy',
      redis: { connected: true, reconnectAttempts: 0, consecutiveFailures: 0 },
      components: { redis: { status: 'up', store: 'redis' } },
      sessions: { activeVoiceSessions: 1, totalActiveSessions: 2, averageSessionDuration: 90 },
    });
    now += 30_000;
    expect((await health(handle)).sessions.averageSessionDuration).toBe(120);
    expect((await sessions.get('CA1'))!.turns).toMatchObject([{ text: 'still there?' }]);
  });

  it('a write made while Redis hangs (SIGSTOP) is answered from memory, and health says memory serves', async () => {
    const redis = await startRedisServer();
    cleanup.push(() => redis.stop());
    const handle = await server({ REDIS_URL: redis.url });
    await healthWhen(handle, (b) => b.components.redis.store === 'redis', 'Redis serving');
    const { sessions } = handle.services;
    await sessions.create({ id: 'CA1', kind: 'voice', businessId: 'b', leadId: 'l1' });

    redis.pause();
    // Nothing answers; the write still resolves (after the bounded command timeout), from memory.
    const written = await sessions.appendTurn('CA1', { role: 'customer', text: 'hello?', at: 0 });
    expect(written.turns).toMatchObject([{ text: 'hello?' }]);
    await sessions.create({ id: 'chat1', kind: 'chat', businessId: 'b', leadId: 'l2' });
    const body = await health(handle);
    expect(body.components.redis.store).toBe('memory');
    expect(body.sessions).toMatchObject({ activeVoiceSessions: 1, totalActiveSessions: 2 });

    redis.resume();
    await healthWhen(handle, (b) => b.components.redis.store === 'redis', 'Redis serving again');
    expect(await sessions.get('CA1')).toEqual(written);
    expect(await sessions.get('chat1')).toMatchObject({ live: true });
  });

  it('reports memory mode when Redis is absent at start', async () => {
    const port = await freePort();
    const handle = await server({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const body = await health(handle);
    expect(body).toMatchObject({
      status: 'degraded',
      redis: { connected: false },
      environment: { redisConfigured: true },
      components: { redis: { status: 'down', latencyMs: null, store: 'memory', error: expect.stringMatching(/ECONNREFUSED/) } },
    });
    await handle.services.sessions.create({ id: 'chat1', kind: 'chat', businessId: 'b', leadId: 'l' });
    expect((await health(handle)).sessions).toMatchObject({ totalActiveSessions: 1 });
  });
});

describe('memory ceiling (MAX_MEMORY_USAGE)', () => {
  it('with a ceiling below the real heap: health is degraded and new sessions are refused', async () => {
    const handle = await server({ MAX_MEMORY_USAGE: '16' });
    const body = await health(handle);
    expect(body.memory.heapUsed).toBeGreaterThan(16);
    expect(body).toMatchObject({ status: 'degraded', environment: { memoryMonitoringEnabled: true } });
    await expect(handle.services.sessions.create({ id: 'chat1', kind: 'chat', businessId: 'b', leadId: 'l' })).rejects.toMatchObject({
      statusCode: 503,
      code: 'SESSIONS_FULL',
    });
  });

  it('crossing it: an alert.system event, idle sessions evicted, health degraded; then back to normal', async () => {
    let heapMb = 40;
    const handle = await server({ MAX_MEMORY_USAGE: '64' }, { memoryWatch: { intervalMs: 0, heapUsed: () => heapMb * 1024 * 1024 } });
    const { sessions, memoryWatch, bus } = handle.services;
    const alerts: BusEvent[] = [];
    bus.subscribe((event) => event.type === 'alert.system' && alerts.push(event));
    await sessions.create({ id: 'CA1', kind: 'voice', businessId: 'b', leadId: 'l1' });
    await sessions.create({ id: 'chat-done', kind: 'chat', businessId: 'b', leadId: 'l2' });
    await sessions.end('chat-done');
    expect((await health(handle)).status).toBe('healthy');

    heapMb = 100;
    memoryWatch.sample();
    expect(alerts.map((a) => a.data)).toMatchObject([{ kind: 'memory', status: 'over', heapUsedMb: 100, ceilingMb: 64 }]);
    expect(await sessions.get('chat-done')).toBeUndefined();
    expect(await sessions.get('CA1')).toMatchObject({ live: true });
    expect((await health(handle)).status).toBe('degraded');
    await expect(sessions.create({ id: 'chat2', kind: 'chat', businessId: 'b', leadId: 'l3' })).rejects.toMatchObject({ code: 'SESSIONS_FULL' });

    heapMb = 30;
    memoryWatch.sample();
    expect(alerts.at(-1)!.data).toMatchObject({ status: 'recovered' });
    expect((await health(handle)).status).toBe('healthy');
    await sessions.create({ id: 'chat2', kind: 'chat', businessId: 'b', leadId: 'l3' });
  });
});
