import { systemClock, type Clock } from '../clock.js';
import { Conflict, NotFound, SessionsFull } from '../errors.js';
import type { Logger } from '../log/logger.js';
import {
  isEvictable,
  maxSessionTurns,
  nextVersion,
  statsOf,
  type ExpireHook,
  type MemoryGuard,
  type NewSession,
  type Session,
  type SessionStore,
} from './session-store.js';

export interface MemoryStoreOptions {
  /** MAX_IN_MEMORY_SESSIONS: sessions held at once. */
  maxSessions: number;
  /** SESSION_TIMEOUT: a session nobody wrote to for this long expires. */
  sessionTimeoutMs?: number;
  /** A live chat nobody wrote to for this long may be evicted to make room (default: 5 min, at most half the timeout). */
  idleAfterMs?: number;
  clock?: Clock;
  /** Finalises the session's lead before it expires; a throw keeps the session for the next sweep. */
  onExpire?: ExpireHook;
  memory?: MemoryGuard;
  maxTurns?: number;
  /** How often expired sessions are swept; 0 runs no timer (the owner calls `sweep`). */
  sweepIntervalMs?: number;
  log?: Logger;
  /**
   * Told (synchronously, just after) of every session this store drops for good: evicted for room or expired
   * by its sweeper (`remove` and `dropExpired` are not reported: they drop copies whose original is elsewhere).
   * The resilient store uses it so Redis learns of the drop and its older copy does not come back.
   */
  onDrop?: (session: Session, reason: 'evicted' | 'expired') => void;
}

/** The memory store, plus what the resilient store needs to keep it as Redis's stand-in. */
export interface MemorySessionStore extends SessionStore {
  /** Makes room for `reserved + 1` more sessions, evicting ended and idle ones, or throws SessionsFull. */
  makeRoom(reserved?: number): void;
  /** Keeps this exact copy (its version included) unless the one held is newer. */
  put(session: Session): void;
  remove(id: string): void;
  /** The session held under `id`, as it is (do not change it). */
  peek(id: string): Session | undefined;
  /** The sessions held, as they are (do not change them). */
  all(): Session[];
  /** Evicts every ended session and idle chat (the memory watch calls this above the ceiling). */
  evictIdle(): number;
  /** Drops sessions past the timeout without finalising them: for a copy whose original lives elsewhere. */
  dropExpired(): number;
  size(): number;
}

export const defaultSessionTimeoutMs = 30 * 60_000;

export function defaultIdleAfterMs(sessionTimeoutMs: number): number {
  return Math.min(5 * 60_000, Math.floor(sessionTimeoutMs / 2));
}

export function defaultSweepIntervalMs(sessionTimeoutMs: number): number {
  return Math.min(60_000, Math.max(1000, Math.floor(sessionTimeoutMs / 10)));
}

/** Sessions in this process's memory: the store of a single box without Redis, and Redis's stand-in. */
export function createMemorySessionStore({
  maxSessions,
  sessionTimeoutMs = defaultSessionTimeoutMs,
  idleAfterMs = defaultIdleAfterMs(sessionTimeoutMs),
  clock = systemClock,
  onExpire,
  memory,
  maxTurns = maxSessionTurns,
  sweepIntervalMs = defaultSweepIntervalMs(sessionTimeoutMs),
  log,
  onDrop,
}: MemoryStoreOptions): MemorySessionStore {
  // Every method below changes this map synchronously (no await before the change), so a caller that reads
  // `all()` and then checks a condition in the same tick sees a consistent picture.
  const sessions = new Map<string, Session>();
  let sweeping: Promise<number> | undefined;
  let closed = false;

  function must(id: string): Session {
    const session = sessions.get(id);
    if (!session) throw new NotFound(`Session ${id}`);
    return session;
  }

  function write(session: Session): Session {
    const now = clock.now();
    const next = { ...session, version: nextVersion(session.version, now), updatedAt: now };
    sessions.set(next.id, next);
    return structuredClone(next);
  }

  function evictable(now: number): Session[] {
    // Ended sessions go before idle chats (a visitor may come back to a chat); oldest first within each.
    return [...sessions.values()]
      .filter((s) => isEvictable(s, now, idleAfterMs))
      .sort((a, b) => Number(a.live) - Number(b.live) || a.updatedAt - b.updatedAt);
  }

  function drop(session: Session, reason: 'evicted' | 'expired'): void {
    sessions.delete(session.id);
    onDrop?.(session, reason);
  }

  function evictIdle(): number {
    const victims = evictable(clock.now());
    for (const victim of victims) drop(victim, 'evicted');
    if (victims.length) log?.info({ evicted: victims.length }, 'idle and ended sessions evicted');
    return victims.length;
  }

  function makeRoom(reserved = 0): void {
    if (memory?.over()) {
      evictIdle();
      throw new SessionsFull('The server is short of memory; please try again shortly');
    }
    if (sessions.size + reserved < maxSessions) return;
    const victims = evictable(clock.now());
    while (sessions.size + reserved >= maxSessions) {
      const victim = victims.shift();
      if (!victim) throw new SessionsFull('All lines are busy; please try again shortly');
      drop(victim, 'evicted');
      log?.debug({ sessionId: victim.id, live: victim.live }, 'session evicted for room');
    }
  }

  async function sweepOnce(): Promise<number> {
    const now = clock.now();
    let gone = 0;
    for (const session of [...sessions.values()]) {
      if (now - session.updatedAt < sessionTimeoutMs) continue;
      try {
        await onExpire?.(structuredClone(session));
      } catch (error) {
        log?.error({ err: error, sessionId: session.id }, 'could not finalise an expired session; it stays until the next sweep');
        continue;
      }
      // Written to while it was being finalised: it is not idle any more.
      const held = sessions.get(session.id);
      if (held?.version !== session.version) continue;
      drop(held, 'expired');
      gone++;
    }
    if (gone) log?.info({ expired: gone }, 'idle sessions expired');
    return gone;
  }

  const timer = sweepIntervalMs > 0 ? setInterval(() => void store.sweep(), sweepIntervalMs) : undefined;
  timer?.unref();
  const unwatch = memory?.onOver(() => evictIdle());

  const store: MemorySessionStore = {
    async create(input) {
      const existing = sessions.get(input.id);
      if (existing?.live) throw new Conflict(`Session ${input.id} is already live`);
      // Replacing an ended session takes no extra room; above the memory ceiling nothing new starts.
      if (!existing || memory?.over()) makeRoom();
      const now = clock.now();
      return write({
        id: input.id,
        kind: input.kind,
        businessId: input.businessId,
        leadId: input.leadId,
        state: structuredClone(input.state ?? {}),
        live: true,
        startedAt: now,
        updatedAt: now,
        version: existing?.version ?? 0,
        turns: [],
      });
    },
    async get(id) {
      const session = sessions.get(id);
      return session && structuredClone(session);
    },
    async update(id, change) {
      const copy = structuredClone(must(id));
      change(copy);
      return write({ ...copy, id, version: sessions.get(id)!.version });
    },
    async appendTurn(id, turn) {
      const session = must(id);
      return write({ ...session, turns: [...session.turns, turn].slice(-maxTurns) });
    },
    async end(id) {
      const session = sessions.get(id);
      if (session?.live) write({ ...session, live: false, endedAt: clock.now() });
    },
    sweep() {
      if (closed) return Promise.resolve(0);
      sweeping ??= sweepOnce().finally(() => (sweeping = undefined));
      return sweeping;
    },
    stats: () => statsOf(sessions.values(), clock.now()),
    status: () => ({ backend: 'memory', redisConfigured: false, connected: false, reconnectAttempts: 0, consecutiveFailures: 0 }),
    async close() {
      closed = true;
      clearInterval(timer);
      unwatch?.();
      await sweeping;
      sessions.clear();
    },
    makeRoom,
    put(session) {
      const held = sessions.get(session.id);
      if (!held || held.version <= session.version) sessions.set(session.id, structuredClone(session));
    },
    remove(id) {
      sessions.delete(id);
    },
    peek: (id) => sessions.get(id),
    all: () => [...sessions.values()],
    evictIdle,
    dropExpired() {
      const now = clock.now();
      let dropped = 0;
      for (const session of sessions.values()) {
        if (now - session.updatedAt >= sessionTimeoutMs) {
          sessions.delete(session.id);
          dropped++;
        }
      }
      return dropped;
    },
    size: () => sessions.size,
  };
  return store;
}
