/**
 * Live conversation state for calls and chats. Voice and chat use only this interface; which store serves it
 * (Redis, or memory when Redis is absent or failing) is the store's business.
 *
 * Contract for the channels:
 * - A voice session's id is its Twilio CallSid (the `calls.id` row); a chat session's id is its chat id (the
 *   `chats.id` row). When an idle session expires, the store's `onExpire` hook finalises that row in SQLite
 *   (see finalise-session.ts) before the session goes.
 * - `create` throws `SessionsFull` (503, code SESSIONS_FULL; it is also an `Unavailable`) when no room can be
 *   made: only live sessions remain at MAX_IN_MEMORY_SESSIONS, or the heap is above MAX_MEMORY_USAGE. The chat
 *   API answers it with a 503 the widget shows kindly; the voice webhook answers "all lines are busy, we will
 *   call you back" and records a missed-call lead. Nothing else is written when `create` refuses.
 * - `create` throws `Conflict` when a live session already has that id; an ended one is replaced (its version
 *   keeps rising, so no older copy elsewhere can win over the new one).
 * - `update`'s `change` may run more than once (a concurrent writer in another process, a Redis fault halfway):
 *   it must only change the session it is given.
 * - A write is acknowledged when its promise resolves; from then on it is never lost or rolled back, whichever
 *   store serves (a Redis fault moves serving to memory, and memory's changes go back to Redis before it serves
 *   again). Sessions this process never wrote are not in its memory: during a Redis outage, `get` answers
 *   undefined for them and `update` throws NotFound.
 */
export type SessionKind = 'voice' | 'chat';

export interface SessionTurn {
  role: 'customer' | 'agent' | 'system';
  text: string;
  at: number;
}

export interface Session {
  id: string;
  kind: SessionKind;
  businessId: string;
  leadId: string;
  /** A connected call or chat (not ended). A live call is never evicted; a live chat only once idle. */
  live: boolean;
  startedAt: number;
  updatedAt: number;
  endedAt?: number;
  /**
   * Rises on every write: max(previous + 1, the clock's ms). When two copies meet, the higher version wins, so
   * a session created again under an old id beats the old copy, and the last writer wins between processes.
   */
  version: number;
  /** Flow state, answers so far, priority, WebSocket metrics: whatever the channel needs. JSON values only. */
  state: Record<string, unknown>;
  /** The most recent turns only (bounded by `maxSessionTurns`); the whole conversation is in SQLite. */
  turns: SessionTurn[];
}

export interface NewSession {
  id: string;
  kind: SessionKind;
  businessId: string;
  leadId: string;
  state?: Record<string, unknown>;
}

export interface SessionStats {
  activeVoiceSessions: number;
  totalActiveSessions: number;
  /** Mean length in seconds of the sessions now active. */
  averageSessionDuration: number;
}

export interface SessionStoreStatus {
  /** The store serving right now. */
  backend: 'redis' | 'memory';
  redisConfigured: boolean;
  connected: boolean;
  /** Reconnection attempts since Redis last served (0 while it serves). */
  reconnectAttempts: number;
  /** Failed Redis commands and connection attempts in a row (0 after any success). */
  consecutiveFailures: number;
  /** Round trip of the last Redis check, ms. */
  latencyMs?: number;
  /** Why Redis is not serving, in words an owner can act on (never contains the password). */
  error?: string;
}

/** Called before an idle session is dropped for good, so its lead can be finalised; a throw keeps the session. */
export type ExpireHook = (session: Session) => Promise<void> | void;

/** What the stores need from the memory watch. */
export interface MemoryGuard {
  /** The last heap sample was above MAX_MEMORY_USAGE. */
  over(): boolean;
  /** Called on each sample taken above the ceiling; returns the unsubscribe function. */
  onOver(listener: () => void): () => void;
}

export interface SessionStore {
  /** Throws SessionsFull when no room can be made (only live sessions left, or memory above its ceiling). */
  create(session: NewSession): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  /** Read, change, write back with a higher version. Throws NotFound for an unknown id. */
  update(id: string, change: (session: Session) => void): Promise<Session>;
  /** Adds a turn, keeping the last `maxSessionTurns`. */
  appendTurn(id: string, turn: SessionTurn): Promise<Session>;
  /** The conversation is over; the session stays readable until it expires or is evicted. Unknown ids: no-op. */
  end(id: string): Promise<void>;
  /** Expires idle sessions now (each finalised first); stores also run this on their own timer. Returns how many went. */
  sweep(): Promise<number>;
  stats(): SessionStats;
  status(): SessionStoreStatus;
  close(): Promise<void>;
}

/** How many recent turns a session keeps. */
export const maxSessionTurns = 50;

/** The next version of a session last written at `previous`: always higher, and never behind the clock. */
export function nextVersion(previous: number, now: number): number {
  return Math.max(previous + 1, now);
}

/** The seed's "active sessions" figures for a set of sessions. */
export function statsOf(sessions: Iterable<Pick<Session, 'kind' | 'live' | 'startedAt'>>, now: number): SessionStats {
  let voice = 0;
  let total = 0;
  let duration = 0;
  for (const session of sessions) {
    if (!session.live) continue;
    total++;
    if (session.kind === 'voice') voice++;
    duration += Math.max(0, now - session.startedAt);
  }
  return { activeVoiceSessions: voice, totalActiveSessions: total, averageSessionDuration: total ? Math.round(duration / total / 1000) : 0 };
}

/** A session that is over a while ago, or a chat nobody has written to lately: these may be evicted for room. */
export function isEvictable(session: Session, now: number, idleAfterMs: number): boolean {
  if (!session.live) return true;
  // A live call is never evicted: the caller is on the line even when nobody has spoken for a while.
  return session.kind === 'chat' && now - session.updatedAt >= idleAfterMs;
}
