import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isoNow, systemClock, type Clock } from '../clock.js';

/**
 * Event types on `/api/events`. The console, the tray and tests subscribe; services publish.
 * Families: lead.*, call.*, chat.*, alert.*, kb.*, health.
 */
export type EventType =
  | 'lead.created'
  | 'lead.updated'
  | `call.${string}`
  | `chat.${string}`
  | `alert.${string}`
  | `kb.${string}`
  | 'health';

export interface BusEvent<T = unknown> {
  id: string;
  type: EventType;
  time: string;
  data: T;
}

export interface EventBus {
  publish<T>(type: EventType, data: T): BusEvent<T>;
  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  /** Events after `id` still in the replay buffer, so a reconnecting subscriber misses nothing recent. */
  since(id: string): BusEvent[] | undefined;
}

export function createEventBus({ clock = systemClock, replay = 500 }: { clock?: Clock; replay?: number } = {}): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  // Ids are ordered within one run and differ between runs, so a stale id from before a restart is not
  // mistaken for a recent one.
  const run = randomBytes(4).toString('hex');
  let seq = 0;
  const recent: BusEvent[] = [];

  return {
    publish(type, data) {
      const event = { id: `${run}-${++seq}`, type, time: isoNow(clock), data };
      recent.push(event);
      if (recent.length > replay) recent.shift();
      emitter.emit('event', event);
      return event;
    },
    subscribe(listener) {
      // A failing subscriber must not break the publisher or the other subscribers.
      const safe = (event: BusEvent) => {
        try {
          listener(event);
        } catch {
          /* the subscriber's own problem */
        }
      };
      emitter.on('event', safe);
      return () => emitter.off('event', safe);
    },
    since(id) {
      const index = recent.findIndex((event) => event.id === id);
      return index === -1 ? undefined : recent.slice(index + 1);
    },
  };
}
