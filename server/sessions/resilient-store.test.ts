import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionsFull } from '../errors.js';
import { freePort, startRedisServer, startTcpProxy, type RedisServer, type TcpProxy } from '../test-kit/redis-server.js';
import { createRedisSessionStore } from './redis-store.js';
import { createResilientSessionStore, type ResilientSessionStore, type ResilientStoreOptions } from './resilient-store.js';
import type { Session } from './session-store.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function redisServer(options: Parameters<typeof startRedisServer>[0] = {}): Promise<RedisServer> {
  const server = await startRedisServer(options);
  cleanup.push(() => server.stop());
  return server;
}

function resilient(options: Partial<ResilientStoreOptions> & { redisUrl: string }): ResilientSessionStore {
  const store = createResilientSessionStore({
    maxSessions: 100,
    keyPrefix: 'r:',
    reconnect: { baseMs: 50, capMs: 400 },
    commandTimeoutMs: 250,
    checkIntervalMs: 100,
    ...options,
  });
  cleanup.push(() => store.close());
  return store;
}

function rawClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  cleanup.push(() => client.disconnect());
  return client;
}

/** What Redis itself holds for a session (no store in between). */
async function inRedis(client: Redis, id: string, prefix = 'r:'): Promise<Session | undefined> {
  const [version, data] = await client.hmget(`${prefix}session:${id}`, 'v', 'd');
  if (version == null || data == null) return undefined;
  return { ...JSON.parse(data), version: Number(version) } as Session;
}

function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const text: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines, text };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const voice = (id: string) => ({ id, kind: 'voice' as const, businessId: 'b1', leadId: `lead-${id}` });
const chat = (id: string) => ({ id, kind: 'chat' as const, businessId: 'b1', leadId: `lead-${id}` });

describe('resilient session store (real redis-server)', () => {
  it('serves from memory when Redis is absent at start, and hands over to Redis with every session once it appears', async () => {
    const port = await freePort();
    const { log, lines } = captureLog();
    const store = resilient({ redisUrl: `redis://127.0.0.1:${port}`, log });
    await store.settled(3000);
    expect(store.serving()).toBe('memory');
    expect(store.status()).toMatchObject({ backend: 'memory', redisConfigured: true, connected: false });
    expect(lines.some((line) => line.msg === 'Redis unavailable: serving sessions from memory until it answers')).toBe(true);

    await store.create({ ...voice('CA1'), state: { step: 1 } });
    const written = await store.update('CA1', (s) => void (s.state.step = 2));
    await store.create(chat('c1'));
    await store.end('c1');
    await until(() => store.status().reconnectAttempts >= 2, 'reconnection attempts');
    expect(store.status().consecutiveFailures).toBeGreaterThan(0);

    const server = await redisServer({ port });
    await until(() => store.serving() === 'redis', 'Redis serving');
    const client = rawClient(server.url);
    expect(await inRedis(client, 'CA1')).toEqual(written);
    expect(await inRedis(client, 'c1')).toMatchObject({ live: false });
    expect(store.status()).toMatchObject({ backend: 'redis', connected: true, reconnectAttempts: 0, consecutiveFailures: 0 });
    expect(await store.get('CA1')).toEqual(written);
  });

  it.each([
    ['restarted empty (no persistence)', ['--save', '', '--appendonly', 'no']],
    ['restarted from its append-only file (older copies come back)', ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always']],
  ])('loses no acknowledged write when Redis is SIGKILLed under load and %s', async (_, args) => {
    const server = await redisServer({ args });
    const store = resilient({ redisUrl: server.url });
    await store.settled(3000);
    expect(store.serving()).toBe('redis');

    const ids = Array.from({ length: 20 }, (_, i) => `CA${i}`);
    for (const id of ids) await store.create({ ...voice(id), state: { n: 0 } });
    const acked = new Map<string, { n: number; version: number }>(ids.map((id) => [id, { n: 0, version: 0 }]));
    const servedBy = { redis: 0, memory: 0 };
    const failures: unknown[] = [];
    let total = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (let i = w; !stop; i++) {
        const id = ids[i % ids.length]!;
        const backend = store.serving();
        try {
          const session =
            i % 5 === 0
              ? await store.appendTurn(id, { role: 'customer', text: `turn ${i}`, at: i })
              : await store.update(id, (s) => void (s.state.n = (s.state.n as number) + 1));
          const seen = acked.get(id)!;
          // The write was acknowledged: from here on it must never be lost or rolled back.
          if (i % 5 !== 0) seen.n++;
          seen.version = Math.max(seen.version, session.version);
          servedBy[backend]++;
          total++;
        } catch (error) {
          failures.push(error);
        }
        if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));

    await until(() => total >= 400, '400 writes on Redis');
    await server.kill();
    const killedAt = total;
    await until(() => store.serving() === 'memory' && total >= killedAt + 400, '400 writes after the kill');
    await server.restart();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    const backAt = total;
    await until(() => total >= backAt + 400, '400 writes after the return');
    stop = true;
    await Promise.all(writers);

    expect(failures).toEqual([]);
    expect(servedBy.memory).toBeGreaterThan(0);
    const client = rawClient(server.url);
    for (const id of ids) {
      const want = acked.get(id)!;
      const held = await inRedis(client, id);
      expect(held, id).toBeDefined();
      // Every increment acknowledged is there exactly once, and Redis holds the latest version.
      expect(held!.state.n, id).toBe(want.n);
      expect(held!.version, id).toBe(want.version);
      expect(await store.get(id)).toEqual(held);
    }
  });

  it('answers from memory within the command timeout when Redis hangs, and hands back after it resumes, however long it hung', async () => {
    const server = await redisServer();
    const store = resilient({ redisUrl: server.url });
    await store.settled(3000);
    await store.create({ ...chat('c1'), state: { n: 0 } });

    server.pause();
    cleanup.push(() => server.resume());
    const during = await store.update('c1', (s) => void (s.state.n = 1));
    expect(store.serving()).toBe('memory');
    expect(during.state.n).toBe(1);
    const again = await store.update('c1', (s) => void (s.state.n = 2));
    // Attempts to write back while Redis still hangs fail; they go on, with backoff, until one succeeds.
    await until(() => store.status().reconnectAttempts >= 2, 'failed write-back attempts');
    expect(store.serving()).toBe('memory');

    server.resume();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    const client = rawClient(server.url);
    expect(await inRedis(client, 'c1')).toEqual(again);
  });

  it('says clearly when Redis refuses the password, and serves from memory', async () => {
    const server = await redisServer({ password: 'the-right-password' });
    const url = `redis://:not-the-password@127.0.0.1:${server.port}`;
    const { log, lines, text } = captureLog();
    const store = resilient({ redisUrl: url, log });
    await store.settled(3000);
    expect(store.serving()).toBe('memory');
    await store.create(voice('CA1'));
    expect(await store.get('CA1')).toMatchObject({ live: true });

    const refused = lines.find((line) => /Redis refused our credentials/.test(String(line.msg)));
    expect(refused).toMatchObject({ level: 50, redis: `127.0.0.1:${server.port}`, reason: expect.stringMatching(/WRONGPASS/) });
    expect(store.status()).toMatchObject({ backend: 'memory', connected: false, error: expect.stringMatching(/WRONGPASS/) });
    expect(text.join('')).not.toContain('not-the-password');
    // Said once, not on every reconnection attempt.
    await until(() => store.status().reconnectAttempts >= 3, 'reconnection attempts');
    expect(lines.filter((line) => /Redis refused our credentials/.test(String(line.msg)))).toHaveLength(1);
  });

  it('never overwrites a newer copy in Redis when writing back, and writes back what only memory has', async () => {
    const server = await redisServer();
    const proxy: TcpProxy = await startTcpProxy(server.port);
    cleanup.push(() => proxy.close());
    let now = 1_700_000_000_000;
    const clock = { now: () => now };
    const store = resilient({ redisUrl: proxy.url, clock });
    await store.settled(3000);
    const other = createRedisSessionStore({ url: server.url, keyPrefix: 'r:', sweepIntervalMs: 0, clock });
    cleanup.push(() => other.close());
    await other.settled(3000);

    await store.create(chat('shared'));
    await store.create(chat('mine'));
    proxy.cut();
    now += 1000;
    await store.update('shared', (s) => void (s.state.by = 'this process, cut off'));
    await store.update('mine', (s) => void (s.state.by = 'this process, cut off'));
    expect(store.serving()).toBe('memory');
    // Another process still reaches Redis and writes later.
    now += 1000;
    const newer = await other.update('shared', (s) => void (s.state.by = 'another process, later'));

    proxy.mend();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    expect(await store.get('shared')).toEqual(newer);
    expect((await other.get('mine'))!.state.by).toBe('this process, cut off');
  });

  it('does not bring back sessions ended or idle and evicted while Redis was out of reach', async () => {
    const server = await redisServer();
    const proxy = await startTcpProxy(server.port);
    cleanup.push(() => proxy.close());
    let now = 1_700_000_000_000;
    const store = resilient({ redisUrl: proxy.url, clock: { now: () => now }, maxSessions: 3, idleAfterMs: 5 * 60_000 });
    await store.settled(3000);
    expect(store.serving()).toBe('redis');
    await store.create(voice('CA1'));
    await store.create(chat('ended'));
    await store.create(chat('idle'));

    // The link is cut; Redis keeps its copies (all three live).
    proxy.cut();
    now += 1000;
    await store.end('ended');
    expect(store.serving()).toBe('memory');
    await store.update('idle', (s) => void (s.state.step = 'during the outage'));
    now += 6 * 60_000;
    await store.update('CA1', (s) => void (s.state.step = 'still talking'));
    // At the cap: the ended chat goes first, then the idle one; the live call stays.
    await store.create(voice('CA2'));
    expect(await store.get('ended')).toBeUndefined();
    await store.create(voice('CA3'));
    expect(await store.get('idle')).toBeUndefined();
    expect(store.stats()).toMatchObject({ activeVoiceSessions: 3, totalActiveSessions: 3 });

    proxy.mend();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    const client = rawClient(server.url);
    for (const id of ['ended', 'idle']) {
      expect(await store.get(id), id).toBeUndefined();
      expect(await inRedis(client, id), id).toBeUndefined();
    }
    expect((await inRedis(client, 'CA1'))!.state.step).toBe('still talking');
    expect((await client.hkeys('r:sessions:live')).sort()).toEqual(['CA1', 'CA2', 'CA3']);
    expect(store.stats()).toMatchObject({ activeVoiceSessions: 3, totalActiveSessions: 3 });
  });

  it('an ended session not evicted during the outage stays ended in Redis', async () => {
    const server = await redisServer();
    const proxy = await startTcpProxy(server.port);
    cleanup.push(() => proxy.close());
    const store = resilient({ redisUrl: proxy.url });
    await store.settled(3000);
    await store.create(chat('c1'));
    proxy.cut();
    await store.end('c1');
    expect(store.serving()).toBe('memory');
    proxy.mend();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    expect(await store.get('c1')).toMatchObject({ live: false, endedAt: expect.any(Number) });
    expect(await rawClient(server.url).hexists('r:sessions:live', 'c1')).toBe(0);
  });

  it('a session expired in memory during the outage stays gone when Redis returns, finalised once', async () => {
    const server = await redisServer();
    const proxy = await startTcpProxy(server.port);
    cleanup.push(() => proxy.close());
    let now = 1_700_000_000_000;
    const finalised: string[] = [];
    const store = resilient({
      redisUrl: proxy.url,
      clock: { now: () => now },
      sessionTimeoutMs: 30 * 60_000,
      onExpire: (s) => void finalised.push(s.id),
    });
    await store.settled(3000);
    await store.create(voice('CA-expired'));
    await store.create(voice('CA-live'));

    proxy.cut();
    await store.update('CA-live', (s) => void (s.state.n = 1));
    expect(store.serving()).toBe('memory');
    now += 20 * 60_000;
    await store.update('CA-live', (s) => void (s.state.n = 2));
    now += 11 * 60_000;
    expect(await store.sweep()).toBe(1);
    expect(finalised).toEqual(['CA-expired']);

    proxy.mend();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    const client = rawClient(server.url);
    expect(await inRedis(client, 'CA-expired')).toBeUndefined();
    expect(await store.get('CA-expired')).toBeUndefined();
    expect(store.stats()).toMatchObject({ activeVoiceSessions: 1, totalActiveSessions: 1 });
    // Later sweeps in Redis find nothing more to finalise for it.
    now += 31 * 60_000;
    expect(await store.sweep()).toBe(1);
    expect(finalised).toEqual(['CA-expired', 'CA-live']);
  });

  it('keeps a copy of every live call and active chat while Redis serves, so a Redis restarted empty gets them back', async () => {
    const server = await redisServer();
    let now = 1_700_000_000_000;
    const store = resilient({ redisUrl: server.url, clock: { now: () => now }, maxSessions: 4, idleAfterMs: 5 * 60_000 });
    await store.settled(3000);
    await store.create(voice('CA1'));
    await store.create(chat('idle'));
    await store.create(chat('ended'));
    await store.end('ended');
    await store.create(chat('active'));
    now += 6 * 60_000;
    await store.update('active', (s) => void (s.state.step = 'typing'));
    // Room in memory's copy: the ended session first, then the idle chat; Redis still holds both.
    await store.create(voice('CA2'));
    await store.create(voice('CA3'));

    await server.restart();
    await until(() => store.serving() === 'redis', 'Redis serving again');
    const client = rawClient(server.url);
    for (const id of ['CA1', 'CA2', 'CA3', 'active']) expect(await inRedis(client, id), id).toMatchObject({ live: true });
    expect((await inRedis(client, 'active'))!.state.step).toBe('typing');
    // Accepted (resilient-store.ts): the ended one is final in SQLite, the idle chat is rebuilt from SQLite
    // by the chat service when its visitor writes again.
    expect(await inRedis(client, 'ended')).toBeUndefined();
    expect(await inRedis(client, 'idle')).toBeUndefined();
  });

  it('refuses a new session at the cap in Redis mode too, and writes nothing to Redis', async () => {
    const server = await redisServer();
    const store = resilient({ redisUrl: server.url, maxSessions: 2 });
    await store.settled(3000);
    await store.create(voice('CA1'));
    await store.create(voice('CA2'));
    await expect(store.create(voice('CA3'))).rejects.toBeInstanceOf(SessionsFull);
    expect(await inRedis(rawClient(server.url), 'CA3')).toBeUndefined();
    expect(store.stats()).toMatchObject({ activeVoiceSessions: 2, totalActiveSessions: 2 });
  });

  it('expires idle sessions while Redis serves: finalised once, gone from Redis and from memory', async () => {
    const server = await redisServer();
    let now = 1_700_000_000_000;
    const finalised: string[] = [];
    const store = resilient({
      redisUrl: server.url,
      clock: { now: () => now },
      sessionTimeoutMs: 30 * 60_000,
      onExpire: (s) => void finalised.push(s.id),
    });
    await store.settled(3000);
    await store.create(voice('CA1'));
    now += 31 * 60_000;
    expect(await store.sweep()).toBe(1);
    expect(finalised).toEqual(['CA1']);
    expect(await inRedis(rawClient(server.url), 'CA1')).toBeUndefined();
    // Even with Redis gone, memory does not bring the expired session back.
    await server.kill();
    await until(() => store.serving() === 'memory', 'memory serving');
    expect(await store.get('CA1')).toBeUndefined();
  });
});
