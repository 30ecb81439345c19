import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict, NotFound } from '../errors.js';
import { startRedisServer, type RedisServer } from '../test-kit/redis-server.js';
import { reconnectDelay } from './redis-connection.js';
import { createRedisSessionStore, type RedisSessionStore } from './redis-store.js';
import { maxSessionTurns, type Session } from './session-store.js';

const minute = 60_000;
let redis: RedisServer;
let raw: Redis;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});
afterAll(async () => {
  raw.disconnect();
  await redis.stop();
});

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A store on its own key prefix, connected. */
async function openStore(options: Partial<Parameters<typeof createRedisSessionStore>[0]> = {}): Promise<RedisSessionStore> {
  const store = createRedisSessionStore({ url: redis.url, keyPrefix: `t${++prefixes}:`, sweepIntervalMs: 0, ...options });
  await store.settled(5000);
  expect(store.isReady()).toBe(true);
  return store;
}

const voice = (id: string) => ({ id, kind: 'voice' as const, businessId: 'b1', leadId: `lead-${id}` });
const chat = (id: string) => ({ id, kind: 'chat' as const, businessId: 'b1', leadId: `lead-${id}` });

describe('Redis session store (real redis-server)', () => {
  it('keeps sessions in Redis with rising versions, and only the last turns', async () => {
    const clock = fakeClock();
    const store = await openStore({ clock });
    const created = await store.create({ ...voice('CA1'), state: { step: 'greeting' } });
    clock.advance(1000);
    const updated = await store.update('CA1', (s) => void (s.state.step = 'address'));
    expect(updated.version).toBeGreaterThan(created.version);
    for (let i = 0; i < maxSessionTurns + 3; i++) await store.appendTurn('CA1', { role: 'customer', text: `turn ${i}`, at: i });
    const read = (await store.get('CA1'))!;
    expect(read).toMatchObject({ id: 'CA1', kind: 'voice', live: true, state: { step: 'address' } });
    expect(read.turns).toHaveLength(maxSessionTurns);
    expect(read.turns[0]!.text).toBe('turn 3');

    // Another process (a fresh store on the same prefix) reads the same thing.
    const other = createRedisSessionStore({ url: redis.url, keyPrefix: `t${prefixes}:`, sweepIntervalMs: 0 });
    await other.settled(5000);
    expect(await other.get('CA1')).toEqual(read);

    await expect(store.create(voice('CA1'))).rejects.toBeInstanceOf(Conflict);
    await store.end('CA1');
    expect(await other.get('CA1')).toMatchObject({ live: false, endedAt: clock.now() });
    const again = await store.create(voice('CA1'));
    expect(again.version).toBeGreaterThan(read.version);
    await expect(store.update('missing', () => undefined)).rejects.toBeInstanceOf(NotFound);
    await other.close();
    await store.close();
  });

  it('loses no update when two processes change one session at once (compare-and-set)', async () => {
    const a = await openStore();
    const b = createRedisSessionStore({ url: redis.url, keyPrefix: `t${prefixes}:`, sweepIntervalMs: 0 });
    await b.settled(5000);
    await a.create({ ...chat('c1'), state: { count: 0 } });
    const bump = (store: RedisSessionStore) => async () => {
      for (let i = 0; i < 40; i++) await store.update('c1', (s) => void (s.state.count = (s.state.count as number) + 1));
    };
    await Promise.all([bump(a)(), bump(b)(), bump(a)(), bump(b)()]);
    expect((await a.get('c1'))!.state.count).toBe(160);
    await a.close();
    await b.close();
  });

  it('writes a copy back only over an older one: a newer copy in Redis is never overwritten', async () => {
    const clock = fakeClock();
    const store = await openStore({ clock });
    const v1 = await store.create(chat('c1'));
    clock.advance(1000);
    const v2 = await store.update('c1', (s) => void (s.state.by = 'redis'));
    expect(await store.restore({ ...v1, state: { by: 'stale copy' } })).toBe(false);
    expect(await store.restore({ ...v2, state: { by: 'same version' } })).toBe(false);
    expect((await store.get('c1'))!.state.by).toBe('redis');
    expect(await store.restore({ ...v2, version: v2.version + 1, state: { by: 'memory' } })).toBe(true);
    expect((await store.get('c1'))!).toMatchObject({ version: v2.version + 1, state: { by: 'memory' } });
    const lost: Session = { ...v1, id: 'c-gone', version: 42 };
    expect(await store.restore(lost)).toBe(true);
    expect(await store.get('c-gone')).toMatchObject({ id: 'c-gone', version: 42 });
    await store.close();
  });

  it('gives every session key a TTL of the timeout plus a grace', async () => {
    const store = await openStore({ sessionTimeoutMs: 30 * minute, ttlGraceMs: 3 * minute });
    await store.create(chat('c1'));
    const ttl = await raw.pttl(`t${prefixes}:session:c1`);
    expect(ttl).toBeGreaterThan(30 * minute);
    expect(ttl).toBeLessThanOrEqual(33 * minute);
    await store.close();
  });

  it('sweeps idle sessions: finalised first, then gone from Redis with their index entries', async () => {
    const clock = fakeClock();
    const finalised: Session[] = [];
    const store = await openStore({ clock, sessionTimeoutMs: 30 * minute, onExpire: (s) => void finalised.push(s) });
    await store.create(voice('CA-idle'));
    await store.create(chat('c-busy'));
    clock.advance(20 * minute);
    await store.update('c-busy', (s) => void (s.state.step = 2));
    clock.advance(10 * minute);
    expect(await store.sweep()).toBe(1);
    expect(finalised.map((s) => [s.id, s.kind, s.leadId, s.live])).toEqual([['CA-idle', 'voice', 'lead-CA-idle', true]]);
    const prefix = `t${prefixes}:`;
    expect(await raw.exists(`${prefix}session:CA-idle`)).toBe(0);
    expect(await raw.zscore(`${prefix}sessions:updated`, 'CA-idle')).toBeNull();
    expect(await raw.hexists(`${prefix}sessions:live`, 'CA-idle')).toBe(0);
    expect(await store.get('c-busy')).toBeDefined();
    expect(store.stats()).toMatchObject({ totalActiveSessions: 1, activeVoiceSessions: 0 });
    await store.close();
  });

  it('finalises a session whose key Redis already expired (TTL), from the live index', async () => {
    const finalised: Session[] = [];
    const store = await openStore({ sessionTimeoutMs: 200, ttlGraceMs: 0, onExpire: (s) => void finalised.push(s) });
    await store.create(voice('CA-ttl'));
    const key = `t${prefixes}:session:CA-ttl`;
    while ((await raw.exists(key)) === 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.get('CA-ttl')).toBeUndefined();
    expect(await store.sweep()).toBe(1);
    expect(finalised).toMatchObject([{ id: 'CA-ttl', kind: 'voice', leadId: 'lead-CA-ttl', businessId: 'b1', live: true }]);
    expect(await raw.hexists(`t${prefixes}:sessions:live`, 'CA-ttl')).toBe(0);
    await store.close();
  });

  it('counts live sessions of every process after a check', async () => {
    const a = await openStore();
    const b = createRedisSessionStore({ url: redis.url, keyPrefix: `t${prefixes}:`, sweepIntervalMs: 0 });
    await b.settled(5000);
    await a.create(voice('CA1'));
    await b.create(chat('c1'));
    await b.create(voice('CA2'));
    await b.end('CA2');
    expect(a.stats()).toMatchObject({ activeVoiceSessions: 1, totalActiveSessions: 1 });
    await a.check();
    expect(a.stats()).toMatchObject({ activeVoiceSessions: 1, totalActiveSessions: 2 });
    expect(a.status()).toMatchObject({ backend: 'redis', connected: true, reconnectAttempts: 0, consecutiveFailures: 0, latencyMs: expect.any(Number) });
    await a.close();
    await b.close();
  });
});

describe('reconnection backoff', () => {
  it('doubles from the base up to the cap, and never stops', () => {
    const delays = [1, 2, 3, 4, 5, 6, 50, 10_000].map((attempt) => reconnectDelay(attempt, { baseMs: 100, capMs: 2000 }));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });
});
