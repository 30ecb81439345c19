import type { Logger } from '../log/logger.js';

/**
 * Calls that are open but on no live relay (answered but the stream never came, in the fallback flow, with
 * the owner after a transfer) end without us seeing it unless the number's status callback is configured.
 * Every minute each such call's status is asked of Twilio's REST API; an ended call is finished with
 * Twilio's own status and duration, and its session released (no line stays "busy" forever).
 */
export interface CallWatch {
  add(callSid: string): void;
  /** One pass now (the timer does this every `intervalMs`). */
  sweep(): Promise<void>;
  close(): void;
}

const terminal = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export function createCallWatch({
  log,
  isLive,
  isOpen,
  fetchStatus,
  onEnded,
  intervalMs = 60_000,
  quietMs = 60_000,
  now = Date.now,
}: {
  log: Logger;
  isLive(callSid: string): boolean;
  isOpen(callSid: string): boolean;
  fetchStatus(callSid: string): Promise<{ status: string; durationSeconds?: number }>;
  onEnded(callSid: string, status: string, durationSeconds?: number): void;
  intervalMs?: number;
  /** A call is first asked about this long after it was added. */
  quietMs?: number;
  /** The voice service's clock (tests move it on instead of waiting a minute). */
  now?: () => number;
}): CallWatch {
  const watched = new Map<string, number>();
  let running = false;

  async function sweep(): Promise<void> {
    if (running) return;
    running = true;
    try {
      const time = now();
      for (const [callSid, since] of watched) {
        if (!isOpen(callSid)) {
          watched.delete(callSid);
          continue;
        }
        if (isLive(callSid) || time - since < quietMs) continue;
        try {
          const { status, durationSeconds } = await fetchStatus(callSid);
          if (!terminal.has(status)) continue;
          watched.delete(callSid);
          onEnded(callSid, status, durationSeconds);
        } catch (error) {
          log.debug({ err: error, callSid }, 'call status not available');
        }
      }
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return {
    add(callSid) {
      watched.set(callSid, now());
    },
    sweep,
    close() {
      clearInterval(timer);
      watched.clear();
    },
  };
}
