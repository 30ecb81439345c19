import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../clock.js';
import { Conflict, NotFound } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { defaultSessionTimeoutMs, defaultSweepIntervalMs } from './memory-store.js';
import { openRedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { deleteSessionLua, forgetSessionLua, writeSessionLua } from './redis-scripts.js';
import {
  maxSessionTurns,
  statsOf,
  type ExpireHook,
  type Session,
  type SessionKind,
  type SessionStore,
  type SessionStoreStatus,
} from './session-store.js';

export interface RedisStoreOptions extends RedisConnectionOptions {
  clock?: Clock;
  sessionTimeoutMs?: number;
  /** Redis keeps a key this much longer than the timeout, so a sweeper finalises it before Redis drops it. */
  ttlGraceMs?: number;
  onExpire?: ExpireHook;
  maxTurns?: number;
  /** Namespace for every key (tests and benchmarks share one Redis). */
  keyPrefix?: string;
  /** Sweep and stats refresh on a timer; 0 runs none (the resilient store drives them). */
  sweepIntervalMs?: number;
  log?: Logger;
}

export interface RedisSessionStore extends SessionStore {
  readonly client: Redis;
  /** Connected, authenticated and answering. */
  isReady(): boolean;
  /** Resolves at the first connection outcome (ready, or a first failure), or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void>;
  /** `update` from a copy already at hand (saves a read; a stale copy only costs a retry). */
  update(id: string, change: (session: Session) => void, base?: Session): Promise<Session>;
  /** Writes this exact copy back unless Redis holds the same version or a newer one; true when written. */
  restore(session: Session): Promise<boolean>;
  /** Deletes the session unless Redis holds a newer version than `version`; true when it is gone. */
  forget(id: string, version: number): Promise<boolean>;
  /** Ids of the sessions the last sweep expired. */
  sweepExpired(): Promise<string[]>;
  /** PING (latency) and a fresh read of the live-session index (stats). */
  check(): Promise<void>;
}

interface LiveInfo {
  kind: SessionKind;
  businessId: string;
  leadId: string;
  startedAt: number;
}

type WriteMode = 'create' | 'cas' | 'restore';

interface Scripted {
  writeSession(k1: string, k2: string, k3: string, ...argv: Array<string | number>): Promise<[number, string | number]>;
  deleteSession(k1: string, k2: string, k3: string, expected: number, id: string): Promise<number>;
  forgetSession(k1: string, k2: string, k3: string, version: number, id: string): Promise<number>;
}

const maxCasAttempts = 50;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sessions in Redis, shared by every process that uses the same Redis. Writes are compare-and-set scripts
 * (redis-scripts.ts); keys carry a TTL of the timeout plus a grace, and a sweeper finalises idle sessions
 * before deleting them (Redis's own expiry cannot call us first).
 */
export function createRedisSessionStore({
  clock = systemClock,
  sessionTimeoutMs = defaultSessionTimeoutMs,
  sweepIntervalMs = defaultSweepIntervalMs(sessionTimeoutMs),
  ttlGraceMs = Math.max(60_000, 3 * (sweepIntervalMs || defaultSweepIntervalMs(sessionTimeoutMs))),
  onExpire,
  maxTurns = maxSessionTurns,
  keyPrefix = 'leads:',
  log,
  ...connectionOptions
}: RedisStoreOptions): RedisSessionStore {
  const connection = openRedisConnection({ ...connectionOptions, log });
  const { client, call } = connection;
  client.defineCommand('writeSession', { numberOfKeys: 3, lua: writeSessionLua });
  client.defineCommand('deleteSession', { numberOfKeys: 3, lua: deleteSessionLua });
  client.defineCommand('forgetSession', { numberOfKeys: 3, lua: forgetSessionLua });
  const scripts = client as unknown as Scripted;

  const updatedKey = `${keyPrefix}sessions:updated`;
  const liveKey = `${keyPrefix}sessions:live`;
  const keyOf = (id: string) => `${keyPrefix}session:${id}`;
  const ttlMs = sessionTimeoutMs + ttlGraceMs;

  // Live sessions as last read from Redis, kept current with this process's own writes: stats() must answer
  // at once, and between refreshes only other processes' changes are missing.
  let liveIndex = new Map<string, LiveInfo>();
  let latencyMs: number | undefined;
  let closed = false;
  let sweeping: Promise<string[]> | undefined;

  function encode(session: Session): string {
    const { version: _version, ...rest } = session;
    return JSON.stringify(rest);
  }

  function liveInfoOf(session: Session): string {
    if (!session.live) return '';
    const info: LiveInfo = { kind: session.kind, businessId: session.businessId, leadId: session.leadId, startedAt: session.startedAt };
    return JSON.stringify(info);
  }

  function remember(session: Session): void {
    if (session.live) liveIndex.set(session.id, { kind: session.kind, businessId: session.businessId, leadId: session.leadId, startedAt: session.startedAt });
    else liveIndex.delete(session.id);
  }

  async function write(mode: WriteMode, session: Session, version: number, expected = -1): Promise<[number, number]> {
    const [outcome, held] = await call(() =>
      scripts.writeSession(keyOf(session.id), updatedKey, liveKey, mode, encode(session), version, expected, ttlMs, session.id, session.updatedAt, liveInfoOf(session)),
    );
    return [Number(outcome), Number(held)];
  }

  async function read(id: string): Promise<Session | undefined> {
    const [version, data] = await call(() => client.hmget(keyOf(id), 'v', 'd'));
    if (version == null || data == null) return undefined;
    return { ...(JSON.parse(data) as Omit<Session, 'version'>), version: Number(version) };
  }

  async function update(id: string, change: (session: Session) => void, base?: Session): Promise<Session> {
    let current = base ?? (await read(id));
    // Another writer between our read and our write makes the compare-and-set fail: read again, apply again,
    // after a short random pause once it has happened twice, so writers racing on one session do not starve.
    for (let attempt = 0; attempt < maxCasAttempts; attempt++) {
      if (attempt >= 2) await pause(Math.random() * Math.min(50, attempt * 2));
      if (!current) throw new NotFound(`Session ${id}`);
      const copy = structuredClone(current);
      change(copy);
      const now = clock.now();
      const next: Session = { ...copy, id, updatedAt: now, version: current.version };
      const [outcome, version] = await write('cas', next, now, current.version);
      if (outcome === 1) {
        next.version = version;
        remember(next);
        return next;
      }
      if (outcome === -2) throw new NotFound(`Session ${id}`);
      current = await read(id);
    }
    throw new Conflict(`Session ${id} is being changed by too many writers at once`);
  }

  async function sweepOnce(): Promise<string[]> {
    const now = clock.now();
    const due = await call(() => client.zrangebyscore(updatedKey, '-inf', now - sessionTimeoutMs, 'WITHSCORES', 'LIMIT', 0, 500));
    const expired: string[] = [];
    for (let i = 0; i < due.length; i += 2) {
      const id = due[i]!;
      const lastWrite = Number(due[i + 1]);
      let session = await read(id);
      if (session && clock.now() - session.updatedAt < sessionTimeoutMs) continue;
      // Redis dropped the key already (no sweeper ran within the grace): finalise from the live index.
      if (!session) session = await fromLiveIndex(id, lastWrite);
      if (session) {
        try {
          await onExpire?.(session);
        } catch (error) {
          log?.error({ err: error, sessionId: id }, 'could not finalise an expired session; it stays until the next sweep');
          continue;
        }
      }
      const deleted = await call(() => scripts.deleteSession(keyOf(id), updatedKey, liveKey, session && session.version >= 0 ? session.version : -1, id));
      if (Number(deleted) === 1) {
        liveIndex.delete(id);
        expired.push(id);
      }
    }
    if (expired.length) log?.info({ expired: expired.length }, 'idle sessions expired');
    return expired;
  }

  async function fromLiveIndex(id: string, lastWrite: number): Promise<Session | undefined> {
    const raw = await call(() => client.hget(liveKey, id));
    if (!raw) return undefined;
    const info = JSON.parse(raw) as LiveInfo;
    return { id, ...info, live: true, updatedAt: lastWrite, version: -1, state: {}, turns: [] };
  }

  async function check(): Promise<void> {
    const started = performance.now();
    await call(() => client.ping());
    latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const all = await call(() => client.hgetall(liveKey));
    const fresh = new Map<string, LiveInfo>();
    for (const [id, raw] of Object.entries(all)) {
      try {
        fresh.set(id, JSON.parse(raw) as LiveInfo);
      } catch {
        /* not ours: ignore */
      }
    }
    liveIndex = fresh;
  }

  const timer =
    sweepIntervalMs > 0
      ? setInterval(() => {
          if (!connection.isReady()) return;
          void store.sweep().catch(() => undefined);
          void check().catch(() => undefined);
        }, sweepIntervalMs)
      : undefined;
  timer?.unref();

  const store: RedisSessionStore = {
    client,
    isReady: connection.isReady,
    settled: connection.settled,
    async create(input) {
      const now = clock.now();
      const session: Session = {
        id: input.id,
        kind: input.kind,
        businessId: input.businessId,
        leadId: input.leadId,
        state: structuredClone(input.state ?? {}),
        live: true,
        startedAt: now,
        updatedAt: now,
        version: 0,
        turns: [],
      };
      const [outcome, version] = await write('create', session, now);
      if (outcome === -1) throw new Conflict(`Session ${input.id} is already live`);
      session.version = version;
      remember(session);
      return session;
    },
    get: (id) => read(id),
    update,
    appendTurn(id, turn) {
      return update(id, (session) => {
        session.turns = [...session.turns, turn].slice(-maxTurns);
      });
    },
    async end(id) {
      const current = await read(id);
      if (!current?.live) return;
      try {
        await update(
          id,
          (session) => {
            session.live = false;
            session.endedAt ??= clock.now();
          },
          current,
        );
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
      }
    },
    async restore(session) {
      const [outcome] = await write('restore', session, session.version);
      if (outcome === 1) remember(session);
      return outcome === 1;
    },
    async forget(id, version) {
      const gone = Number(await call(() => scripts.forgetSession(keyOf(id), updatedKey, liveKey, version, id))) === 1;
      if (gone) liveIndex.delete(id);
      return gone;
    },
    sweepExpired() {
      if (closed) return Promise.resolve([]);
      sweeping ??= sweepOnce().finally(() => (sweeping = undefined));
      return sweeping;
    },
    async sweep() {
      return (await store.sweepExpired()).length;
    },
    check,
    stats: () => statsOf([...liveIndex.values()].map((info) => ({ ...info, live: true })), clock.now()),
    status(): SessionStoreStatus {
      return { backend: 'redis', redisConfigured: true, ...connection.status(), ...(latencyMs === undefined ? {} : { latencyMs }) };
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await sweeping?.catch(() => undefined);
      connection.close();
    },
  };
  return store;
}
