/**
 * Live conversation state for calls and chats. Voice and chat use only this interface; which store serves it
 * (Redis, or memory when Redis is absent or failing) is the store's business.
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
  /** A connected call or chat. Live sessions are never evicted. */
  live: boolean;
  startedAt: number;
  updatedAt: number;
  endedAt?: number;
  /** Increases on every write; when two copies meet, the higher version wins. */
  version: number;
  /** Flow state, answers so far, priority, WebSocket metrics: whatever the channel needs. */
  state: Record<string, unknown>;
  /** The most recent turns only (bounded); the whole conversation is in SQLite. */
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
  backend: 'redis' | 'memory';
  redisConfigured: boolean;
  connected: boolean;
  reconnectAttempts: number;
  consecutiveFailures: number;
}

export interface SessionStore {
  /** Throws SessionsFull when no room can be made (only live sessions left, or memory above its ceiling). */
  create(session: NewSession): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  /** Read, change, write back with a higher version. */
  update(id: string, change: (session: Session) => void): Promise<Session>;
  appendTurn(id: string, turn: SessionTurn): Promise<Session>;
  /** The conversation is over; the session stays readable until it expires or is evicted. */
  end(id: string): Promise<void>;
  stats(): SessionStats;
  status(): SessionStoreStatus;
  close(): Promise<void>;
}

/** How many recent turns a session keeps. */
export const maxSessionTurns = 50;
