import { systemClock, type Clock } from '../clock.js';
import { NotFound, UpstreamError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { createMemorySessionStore, defaultSessionTimeoutMs, defaultSweepIntervalMs } from './memory-store.js';
import { reconnectDelay, redisAddress } from './redis-connection.js';
import { createRedisSessionStore, type RedisSessionStore } from './redis-store.js';
import { maxSessionTurns, type ExpireHook, type MemoryGuard, type Session, type SessionStore, type SessionStoreStatus } from './session-store.js';

export type Backend = 'redis' | 'memory';

export interface ResilientStoreOptions {
  redisUrl: string;
  maxSessions: number;
  sessionTimeoutMs?: number;
  idleAfterMs?: number;
  clock?: Clock;
  onExpire?: ExpireHook;
  memory?: MemoryGuard;
  maxTurns?: number;
  log?: Logger;
  keyPrefix?: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  reconnect?: { baseMs: number; capMs: number };
  /** How often expired sessions are swept (in whichever store serves). */
  sweepIntervalMs?: number;
  /** How often Redis is pinged while it serves (a hung Redis is noticed even with no traffic) and stats refreshed. */
  checkIntervalMs?: number;
  ttlGraceMs?: number;
}

export interface ResilientSessionStore extends SessionStore {
  /** Which store serves right now. */
  serving(): Backend;
  /** Resolves once the first connection attempt has an outcome (and, if Redis answered, once it serves). */
  settled(timeoutMs: number): Promise<void>;
  /** Called on every switch of the serving store; returns the unsubscribe function. */
  onSwitch(listener: (backend: Backend) => void): () => void;
}

/**
 * The store the server uses when REDIS_URL is set: Redis first, memory the moment Redis fails.
 *
 * Memory holds a copy of every session this process wrote, so a Redis fault costs a live call nothing: the
 * failed command is done again in memory (no request waits on a dead Redis: no offline queue, bounded
 * command timeouts), and serving switches to memory. ioredis reconnects with capped exponential backoff;
 * when Redis is ready again, every session held in memory is written back with compare-and-set (the higher
 * version wins, so a newer copy in Redis is never overwritten, and a Redis that restarted empty gets them
 * all back), and every session memory dropped meanwhile (evicted for room, or expired and finalised) is
 * deleted from Redis unless Redis holds a newer version, so Redis's older copy does not come back (a chat
 * ended here live again, an expired call finalised twice); then the sessions changed during the write-back,
 * until none did, and only then does Redis serve again. So an acknowledged write is never lost or rolled
 * back in either direction.
 *
 * What memory holds while Redis serves: a copy of every live call (never evicted), and of chats and ended
 * sessions up to MAX_IN_MEMORY_SESSIONS; making room evicts ended sessions first, then idle chats, from
 * memory only (Redis keeps them). Should Redis then lose its data as well (a restart without persistence),
 * those evicted copies are gone, and that is accepted: an ended session's call or chat is already final in
 * SQLite, and an idle chat is rebuilt from SQLite by the chat service when its visitor writes again (its
 * idle-chat sweep ends it in SQLite otherwise). What SQLite cannot rebuild, a live call, always has its copy.
 */
export function createResilientSessionStore(options: ResilientStoreOptions): ResilientSessionStore {
  const {
    redisUrl,
    maxSessions,
    sessionTimeoutMs = defaultSessionTimeoutMs,
    idleAfterMs,
    clock = systemClock,
    onExpire,
    memory,
    maxTurns = maxSessionTurns,
    log,
    reconnect = { baseMs: 100, capMs: 2000 },
    sweepIntervalMs = defaultSweepIntervalMs(sessionTimeoutMs),
    checkIntervalMs = 1000,
  } = options;
  const address = redisAddress(redisUrl);
  const local = createMemorySessionStore({
    maxSessions,
    sessionTimeoutMs,
    idleAfterMs,
    clock,
    onExpire,
    memory,
    maxTurns,
    sweepIntervalMs: 0,
    log,
    onDrop: (session, reason) => noteDrop(session, reason),
  });
  const redis: RedisSessionStore = createRedisSessionStore({
    url: redisUrl,
    clock,
    sessionTimeoutMs,
    ttlGraceMs: options.ttlGraceMs,
    onExpire,
    maxTurns,
    keyPrefix: options.keyPrefix,
    commandTimeoutMs: options.commandTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    reconnect,
    sweepIntervalMs: 0,
    log,
    onReady: () => recover(),
    onDown: (reason) => failover(reason),
  });

  let mode: Backend = 'memory';
  let servedByRedis = false;
  let announcedMemory = false;
  // Sessions changed in memory since the current write-back pass started.
  const dirty = new Set<string>();
  // Sessions memory dropped for good while it served, by id: the version dropped (the write-back deletes
  // Redis's copy unless it is newer). Only ids and numbers, so a long outage costs little.
  const dropped = new Map<string, number>();
  let recovering: Promise<void> | undefined;
  let barrier: Promise<void> | undefined;
  let recoveryTimer: NodeJS.Timeout | undefined;
  let writeBackFailures = 0;
  let writeBackError: string | undefined;
  let reservations = 0;
  let closed = false;
  const listeners = new Set<(backend: Backend) => void>();

  function switchTo(backend: Backend): void {
    mode = backend;
    for (const listener of listeners) listener(backend);
  }

  function failover(reason: string): void {
    if (closed) return;
    if (mode === 'redis') {
      switchTo('memory');
      log?.warn({ redis: address, reason, sessions: local.size() }, 'Redis failed: serving sessions from memory until it returns');
    } else if (!announcedMemory && !servedByRedis) {
      log?.warn({ redis: address, reason }, 'Redis unavailable: serving sessions from memory until it answers');
    }
    announcedMemory = true;
    // A timeout or an error reply leaves the connection up, so no 'ready' will announce Redis's return: probe.
    if (redis.isReady()) scheduleRecovery();
  }

  function scheduleRecovery(): void {
    if (closed || recoveryTimer || recovering) return;
    recoveryTimer = setTimeout(() => {
      recoveryTimer = undefined;
      if (redis.isReady()) recover();
    }, reconnectDelay(writeBackFailures + 1, reconnect));
    recoveryTimer.unref();
  }

  function recover(): void {
    if (closed || mode === 'redis' || recovering) return;
    clearTimeout(recoveryTimer);
    recoveryTimer = undefined;
    recovering = attemptWriteBack().finally(() => {
      recovering = undefined;
      // Failed (Redis still hung, or it broke again halfway): try again after the next backoff delay.
      if (mode === 'memory' && !closed) scheduleRecovery();
    });
  }

  async function attemptWriteBack(): Promise<void> {
    const started = performance.now();
    try {
      const written = await writeBack();
      writeBackFailures = 0;
      writeBackError = undefined;
      servedByRedis = true;
      if (announcedMemory) {
        log?.info({ redis: address, written, ms: Math.round(performance.now() - started) }, 'Redis is back: sessions written back; serving from Redis');
      }
      announcedMemory = false;
    } catch (error) {
      if (closed) return;
      writeBackFailures++;
      writeBackError = (error as Error).message;
      log?.warn({ redis: address, reason: writeBackError }, 'could not write sessions back to Redis; still serving from memory');
    }
  }

  /**
   * Writes back every session held (Redis may have restarted empty) while memory keeps serving. Sessions changed
   * during that pass are written back in a second, short pass during which new writes wait (without it, steady
   * traffic would keep the changed set from ever emptying); Redis then serves, switched in the same tick as the
   * last check so no memory write can slip in between.
   */
  async function writeBack(): Promise<number> {
    dirty.clear();
    let written = await writeBackAll([...new Set([...local.all().map((session) => session.id), ...dropped.keys()])]);
    if (dirty.size === 0) {
      serveFromRedis();
      return written;
    }
    let release!: () => void;
    barrier = new Promise<void>((resolve) => (release = resolve));
    try {
      const changed = [...dirty];
      dirty.clear();
      written += await writeBackAll(changed);
      if (dirty.size > 0) throw new Error('sessions changed during the final write-back');
      serveFromRedis();
      return written;
    } finally {
      barrier = undefined;
      release();
    }
  }

  /** Redis now has everything memory knows: the drops are told, so they can be forgotten here. */
  function serveFromRedis(): void {
    dropped.clear();
    switchTo('redis');
  }

  async function writeBackAll(ids: string[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < ids.length; i += 64) {
      const results = await Promise.all(ids.slice(i, i + 64).map((id) => writeBackOne(id)));
      written += results.filter(Boolean).length;
    }
    if (closed) throw new Error('closing');
    return written;
  }

  /**
   * What memory knows of one session, told to Redis: first its drop (Redis's copy deleted unless newer), then
   * the copy memory holds now, if any (a session created again under a dropped id). True when Redis changed.
   */
  async function writeBackOne(id: string): Promise<boolean> {
    const droppedVersion = dropped.get(id);
    const forgotten = droppedVersion !== undefined && (await redis.forget(id, droppedVersion));
    const held = local.peek(id);
    const restored = held !== undefined && (await redis.restore(held));
    return forgotten || restored;
  }

  /**
   * Memory dropped a session for good. While memory serves, Redis may still hold an older copy: note the
   * version for the write-back (and mark it changed, so a write-back under way does not miss it). While Redis
   * serves, memory's copies are copies of Redis's, and evicting one only makes room here; but an expiry whose
   * sweep began while memory served and ended after the switch back must still reach Redis.
   */
  function noteDrop(session: Session, reason: 'evicted' | 'expired'): void {
    if (closed) return;
    if (mode === 'memory') {
      dropped.set(session.id, Math.max(dropped.get(session.id) ?? 0, session.version));
      dirty.add(session.id);
      return;
    }
    if (reason !== 'expired') return;
    redis.forget(session.id, session.version).catch((error: Error) => {
      if (closed) return;
      failover(error.message);
      if (mode === 'memory') noteDrop(session, reason);
    });
  }

  /** Redis while it serves; on a Redis fault, memory (at once, for this very call). */
  async function serve<T>(viaRedis: () => Promise<T>, viaMemory: () => Promise<T>): Promise<T> {
    // During the last write-back pass, writes wait for the switch (bounded by the command timeout).
    while (barrier) await barrier;
    if (mode === 'redis') {
      try {
        return await viaRedis();
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        failover(error.message);
      }
    }
    // The memory store changes its map before its first await, so nothing runs between this and the mark.
    return viaMemory();
  }

  async function inMemory(id: string, write: () => Promise<Session>): Promise<Session> {
    const session = await write();
    dirty.add(id);
    return session;
  }

  async function updateRedis(id: string, change: (session: Session) => void): Promise<Session> {
    try {
      const session = await redis.update(id, change, local.peek(id));
      local.put(session);
      return session;
    } catch (error) {
      // Gone from Redis while it serves: expired by a sweeper (here or in another process).
      if (error instanceof NotFound) local.remove(id);
      throw error;
    }
  }

  const appendTo = (turn: Session['turns'][number]) => (session: Session) => {
    session.turns = [...session.turns, turn].slice(-maxTurns);
  };

  const timers = [
    setInterval(() => {
      if (mode !== 'redis') return;
      redis.check().catch((error: Error) => failover(error.message));
    }, checkIntervalMs),
    setInterval(() => {
      store.sweep().catch((error: Error) => log?.error({ err: error }, 'session sweep failed'));
    }, sweepIntervalMs),
  ];
  timers.forEach((timer) => timer.unref());

  const store: ResilientSessionStore = {
    async create(input) {
      // Room in memory first, in either mode: should Redis fail, this process's sessions must fit there.
      local.makeRoom(reservations);
      return serve(
        async () => {
          reservations++;
          try {
            const session = await redis.create(input);
            local.put(session);
            return session;
          } finally {
            reservations--;
          }
        },
        () => inMemory(input.id, () => local.create(input)),
      );
    },
    get(id) {
      return serve(
        async () => {
          const session = await redis.get(id);
          if (!session) local.remove(id);
          else if (local.peek(id)) local.put(session);
          return session;
        },
        () => local.get(id),
      );
    },
    update(id, change) {
      return serve(
        () => updateRedis(id, change),
        () => inMemory(id, () => local.update(id, change)),
      );
    },
    appendTurn(id, turn) {
      return serve(
        () => updateRedis(id, appendTo(turn)),
        () => inMemory(id, () => local.appendTurn(id, turn)),
      );
    },
    end(id) {
      return serve(
        async () => {
          const current = await redis.get(id);
          if (!current) return void local.remove(id);
          if (!current.live) return void local.put(current);
          try {
            await updateRedis(id, (session) => {
              session.live = false;
              session.endedAt ??= clock.now();
            });
          } catch (error) {
            if (!(error instanceof NotFound)) throw error;
          }
        },
        async () => {
          await local.end(id);
          dirty.add(id);
        },
      );
    },
    async sweep() {
      if (mode === 'redis') {
        try {
          const expired = await redis.sweepExpired();
          expired.forEach((id) => local.remove(id));
          // Copies whose original in Redis was written by another process since: only a cache, drop them.
          local.dropExpired();
          return expired.length;
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          failover(error.message);
        }
      }
      return local.sweep();
    },
    stats: () => (mode === 'redis' ? redis.stats() : local.stats()),
    status(): SessionStoreStatus {
      const r = redis.status();
      const error = r.error ?? (mode === 'memory' && r.connected ? writeBackError : undefined);
      return {
        backend: mode,
        redisConfigured: true,
        connected: r.connected,
        reconnectAttempts: mode === 'redis' ? 0 : r.reconnectAttempts + writeBackFailures,
        consecutiveFailures: r.consecutiveFailures,
        ...(r.latencyMs === undefined ? {} : { latencyMs: r.latencyMs }),
        ...(error ? { error } : {}),
      };
    },
    serving: () => mode,
    async settled(timeoutMs) {
      await redis.settled(timeoutMs);
      await recovering;
    },
    onSwitch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      timers.forEach((timer) => clearInterval(timer));
      clearTimeout(recoveryTimer);
      await recovering?.catch(() => undefined);
      await local.close();
      await redis.close();
    },
  };
  return store;
}
