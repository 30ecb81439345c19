import { randomBytes } from 'node:crypto';

import type { ChatEvent } from './wire.js';

export type { ChatEvent } from './wire.js';

export interface LoggedEvent {
  /** `<run>.<seq>`: the SSE id. A Last-Event-ID from another run (before a restart) replays from the start. */
  id: string;
  seq: number;
  event: ChatEvent;
}

/**
 * A chat's events in order, so a dropped stream resumes where it left off (Last-Event-ID) and a reloaded page
 * replays the conversation. Deltas of a finished reply are dropped once its `reply.end` (with the whole text)
 * is in: the log stays the size of the conversation, not of its tokens.
 */
export interface ChatEventLog {
  append(event: ChatEvent): LoggedEvent;
  /** Events after `lastEventId` (all of them, after a `reset`, when the id is unknown or absent). */
  after(lastEventId: string | undefined): LoggedEvent[];
  subscribe(listener: (event: LoggedEvent) => void): () => void;
  /** Listeners currently attached (open streams). */
  listenerCount(): number;
  close(): void;
}

const maxEvents = 2_000;

export function createChatEventLog(run = randomBytes(3).toString('hex')): ChatEventLog {
  let events: LoggedEvent[] = [];
  let seq = 0;
  /** Events up to this seq were trimmed (not merely compacted): a client behind it must start over. */
  let trimmedThrough = 0;
  const listeners = new Set<(event: LoggedEvent) => void>();

  return {
    append(event) {
      const logged = { id: `${run}.${++seq}`, seq, event };
      if (event.type === 'reply.end') {
        events = events.filter((e) => !(e.event.type === 'reply.delta' && e.event.replyId === event.replyId));
      }
      events.push(logged);
      if (events.length > maxEvents) trimmedThrough = events.splice(0, events.length - maxEvents).at(-1)!.seq;
      for (const listener of listeners) listener(logged);
      return logged;
    },
    after(lastEventId) {
      const [idRun, idSeq] = (lastEventId ?? '').split('.');
      const from = Number(idSeq);
      // Resumable only when the id is from this run and nothing after it has been trimmed away.
      if (idRun === run && Number.isInteger(from) && from >= trimmedThrough && from <= seq) {
        return events.filter((e) => e.seq > from);
      }
      return [{ id: `${run}.0`, seq: 0, event: { type: 'reset' } }, ...events];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
    close() {
      listeners.clear();
    },
  };
}
