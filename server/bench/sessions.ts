/**
 * `npm run bench:sessions`: session store throughput, and what a Redis failure costs.
 *
 * Prints JSON: operations per second for each store (memory, Redis, the resilient store on each), the time from
 * a Redis SIGKILL (and a SIGSTOP: hung, port still open) to the first write acknowledged from memory, the time
 * from Redis being ready again to serving from it, and the writes lost (every acknowledged write is checked
 * against what Redis holds at the end). Targets: failover under 1 s, 0 writes lost.
 */
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { createMemorySessionStore } from '../sessions/memory-store.js';
import { createRedisSessionStore } from '../sessions/redis-store.js';
import { createResilientSessionStore, type ResilientSessionStore } from '../sessions/resilient-store.js';
import type { Session, SessionStore } from '../sessions/session-store.js';
import { startRedisServer, type RedisServer } from '../test-kit/redis-server.js';

const sessionsPerRun = 100;
const concurrency = 16;
const trials = 5;
const progress = (what: string) => process.stderr.write(`bench:sessions ${what}\n`);

const ids = Array.from({ length: sessionsPerRun }, (_, i) => `CA${String(i).padStart(4, '0')}`);

/** 70 % updates, 20 % turns, 10 % reads: a call's life is mostly small writes. */
async function operate(store: SessionStore, i: number): Promise<Session | undefined> {
  const id = ids[i % ids.length]!;
  const pick = i % 10;
  if (pick < 7) return store.update(id, (s) => void (s.state.n = ((s.state.n as number) ?? 0) + 1));
  if (pick < 9) return store.appendTurn(id, { role: 'customer', text: `turn ${i}: the basement is flooding`, at: i });
  return store.get(id);
}

async function throughput(store: SessionStore, operations: number): Promise<{ opsPerSecond: number; p50Ms: number; p99Ms: number }> {
  for (const id of ids) await store.create({ id, kind: 'voice', businessId: 'bench', leadId: `lead-${id}`, state: { n: 0 } });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < operations) {
        const i = next++;
        const t = performance.now();
        await operate(store, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    opsPerSecond: Math.round(operations / seconds),
    p50Ms: round(latencies[Math.floor(latencies.length * 0.5)]!),
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)]!),
  };
}

interface Load {
  acked: Map<string, { n: number; version: number }>;
  failures: number;
  total: number;
  /** performance.now() of each acknowledged write served from memory. */
  memoryAcks: number[];
  stop(): Promise<void>;
}

/** Writers that never pause: every acknowledged increment is remembered, to be found in Redis at the end. */
function startLoad(store: ResilientSessionStore, writers = 8): Load {
  const load: Load = { acked: new Map(ids.map((id) => [id, { n: 0, version: 0 }])), failures: 0, total: 0, memoryAcks: [], stop: async () => undefined };
  let stopped = false;
  const running = Array.from({ length: writers }, async (_, w) => {
    for (let i = w, k = 0; !stopped; i += writers, k++) {
      const id = ids[i % ids.length]!;
      try {
        const session = await store.update(id, (s) => void (s.state.n = (s.state.n as number) + 1));
        const seen = load.acked.get(id)!;
        seen.n++;
        seen.version = Math.max(seen.version, session.version);
        load.total++;
        if (store.serving() === 'memory') load.memoryAcks.push(performance.now());
      } catch {
        load.failures++;
      }
      // Memory answers without I/O: without a turn of the event loop now and then, timers would starve.
      if (k % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  });
  load.stop = async () => {
    stopped = true;
    await Promise.all(running);
  };
  return load;
}

const until = async (condition: () => boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('benchmark condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

/** One outage: break Redis (kill or hang), keep writing from memory for `outageMs`, bring it back, count. */
async function outage(redis: RedisServer, how: 'SIGKILL' | 'SIGSTOP', prefix: string, outageMs = 1000) {
  const store = createResilientSessionStore({ redisUrl: redis.url, maxSessions: sessionsPerRun, keyPrefix: prefix });
  await store.settled(5000);
  if (store.serving() !== 'redis') throw new Error('Redis is not serving at the start of a trial');
  for (const id of ids) await store.create({ id, kind: 'voice', businessId: 'bench', leadId: `lead-${id}`, state: { n: 0 } });
  let switchedToMemoryAt = 0;
  let switchedToRedisAt = 0;
  store.onSwitch((backend) => {
    if (backend === 'memory') switchedToMemoryAt ||= performance.now();
    else switchedToRedisAt = performance.now();
  });
  const load = startLoad(store);
  await new Promise((resolve) => setTimeout(resolve, 300));

  const brokeAt = performance.now();
  if (how === 'SIGKILL') await redis.kill();
  else redis.pause();
  await until(() => load.memoryAcks.some((t) => t >= brokeAt));
  const firstMemoryWriteMs = load.memoryAcks.find((t) => t >= brokeAt)! - brokeAt;
  await new Promise((resolve) => setTimeout(resolve, outageMs));

  const returning = performance.now();
  if (how === 'SIGKILL') await redis.restart();
  else redis.resume();
  const readyAt = performance.now();
  await until(() => switchedToRedisAt > returning);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await load.stop();

  const client = new Redis(redis.url);
  let lost = 0;
  let behind = 0;
  for (const id of ids) {
    const [version, data] = await client.hmget(`${prefix}session:${id}`, 'v', 'd');
    const want = load.acked.get(id)!;
    const n = data ? (JSON.parse(data) as Session).state.n : undefined;
    if (typeof n !== 'number' || n < want.n) lost += want.n - (typeof n === 'number' ? n : 0);
    if (Number(version ?? 0) < want.version) behind++;
  }
  client.disconnect();
  await store.close();
  return {
    firstMemoryWriteMs: round(firstMemoryWriteMs),
    detectedMs: round(switchedToMemoryAt - brokeAt),
    switchBackFromReadyMs: round(switchedToRedisAt - readyAt),
    acknowledged: load.total,
    failed: load.failures,
    lost,
    sessionsBehindInRedis: behind,
  };
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)!, trials: values };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  try {
    const memory = createMemorySessionStore({ maxSessions: sessionsPerRun, sweepIntervalMs: 0 });
    progress('memory store');
    const memoryResult = await throughput(memory, 50_000);
    await memory.close();

    const direct = createRedisSessionStore({ url: redis.url, keyPrefix: 'bench-direct:', sweepIntervalMs: 0 });
    await direct.settled(5000);
    progress('Redis store');
    const redisResult = await throughput(direct, 20_000);
    await direct.close();

    const onRedis = createResilientSessionStore({ redisUrl: redis.url, maxSessions: sessionsPerRun, keyPrefix: 'bench-resilient:' });
    await onRedis.settled(5000);
    progress('resilient store on Redis');
    const resilientRedis = await throughput(onRedis, 20_000);
    await onRedis.close();

    const deadPort = `redis://127.0.0.1:9`;
    const onMemory = createResilientSessionStore({ redisUrl: deadPort, maxSessions: sessionsPerRun, keyPrefix: 'bench-dead:' });
    await onMemory.settled(5000);
    progress('resilient store on memory');
    const resilientMemory = await throughput(onMemory, 50_000);
    await onMemory.close();

    const kills = [];
    for (let t = 0; t < trials; t++) {
      progress(`SIGKILL trial ${t + 1}`);
      kills.push(await outage(redis, 'SIGKILL', `bench-kill-${t}:`));
    }
    const hangs = [];
    for (let t = 0; t < trials; t++) {
      progress(`SIGSTOP trial ${t + 1}`);
      hangs.push(await outage(redis, 'SIGSTOP', `bench-hang-${t}:`));
    }
    const all = [...kills, ...hangs];

    console.log(
      JSON.stringify(
        {
          benchmark: 'sessions',
          machine: { cpus: cpus().length, node: process.version },
          workload: { sessions: sessionsPerRun, concurrency, mix: '70% update, 20% appendTurn, 10% get' },
          opsPerSecond: {
            memory: memoryResult.opsPerSecond,
            redis: redisResult.opsPerSecond,
            resilientServingRedis: resilientRedis.opsPerSecond,
            resilientServingMemory: resilientMemory.opsPerSecond,
          },
          latencyMs: { memory: memoryResult, redis: redisResult, resilientServingRedis: resilientRedis, resilientServingMemory: resilientMemory },
          failover: {
            target: '< 1000 ms',
            sigkillToFirstMemoryWriteMs: summary(kills.map((k) => k.firstMemoryWriteMs)),
            sigstopToFirstMemoryWriteMs: summary(hangs.map((h) => h.firstMemoryWriteMs)),
          },
          switchBack: {
            note: 'from Redis ready again (restart done, or SIGCONT) to serving from it; bounded by the reconnect backoff cap (2 s) plus the write-back',
            afterSigkillMs: summary(kills.map((k) => k.switchBackFromReadyMs)),
            afterSigstopMs: summary(hangs.map((h) => h.switchBackFromReadyMs)),
          },
          writesAcknowledged: all.reduce((sum, r) => sum + r.acknowledged, 0),
          writesFailed: all.reduce((sum, r) => sum + r.failed, 0),
          writesLost: all.reduce((sum, r) => sum + r.lost, 0),
          sessionsBehindInRedis: all.reduce((sum, r) => sum + r.sessionsBehindInRedis, 0),
        },
        null,
        2,
      ),
    );
  } finally {
    await redis.stop();
  }
}

await main();
