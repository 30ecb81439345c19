import { systemClock, type Clock } from '../clock.js';
import { NotFound, Unavailable } from '../errors.js';
import { maxSessionTurns, type Session, type SessionStats, type SessionStore } from './session-store.js';

export interface MemoryStoreOptions {
  maxSessions: number;
  clock?: Clock;
}

/** Sessions in this process's memory: the store of a single box without Redis. */
export function createMemorySessionStore({ maxSessions, clock = systemClock }: MemoryStoreOptions): SessionStore {
  const sessions = new Map<string, Session>();

  function must(id: string): Session {
    const session = sessions.get(id);
    if (!session) throw new NotFound(`Session ${id}`);
    return session;
  }

  function write(session: Session): Session {
    const next = { ...session, version: session.version + 1, updatedAt: clock.now() };
    sessions.set(next.id, next);
    return structuredClone(next);
  }

  /** Ended sessions go first, oldest first; a live one is never evicted. */
  function makeRoom(): boolean {
    if (sessions.size < maxSessions) return true;
    const ended = [...sessions.values()].filter((s) => !s.live).sort((a, b) => a.updatedAt - b.updatedAt);
    const victim = ended[0];
    if (!victim) return false;
    sessions.delete(victim.id);
    return true;
  }

  return {
    async create(input) {
      if (!makeRoom()) throw new Unavailable('All lines are busy; please try again shortly');
      const now = clock.now();
      const session: Session = { ...input, state: input.state ?? {}, live: true, startedAt: now, updatedAt: now, version: 0, turns: [] };
      return write(session);
    },
    async get(id) {
      const session = sessions.get(id);
      return session && structuredClone(session);
    },
    async update(id, change) {
      const copy = structuredClone(must(id));
      change(copy);
      return write(copy);
    },
    async appendTurn(id, turn) {
      const session = must(id);
      return write({ ...session, turns: [...session.turns, turn].slice(-maxSessionTurns) });
    },
    async end(id) {
      const session = sessions.get(id);
      if (session?.live) write({ ...session, live: false, endedAt: clock.now() });
    },
    stats(): SessionStats {
      const live = [...sessions.values()].filter((s) => s.live);
      const now = clock.now();
      const total = live.reduce((sum, s) => sum + (now - s.startedAt), 0);
      return {
        activeVoiceSessions: live.filter((s) => s.kind === 'voice').length,
        totalActiveSessions: live.length,
        averageSessionDuration: live.length ? Math.round(total / live.length / 1000) : 0,
      };
    },
    status: () => ({ backend: 'memory', redisConfigured: false, connected: false, reconnectAttempts: 0, consecutiveFailures: 0 }),
    async close() {
      sessions.clear();
    },
  };
}
