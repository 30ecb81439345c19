import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import type { MemoryGuard } from './session-store.js';

/**
 * Samples the heap against MAX_MEMORY_USAGE. Above it: health turns `degraded`, the session stores refuse new
 * sessions and evict idle ones (they subscribe with `onOver`), and one `alert.system` event goes on the bus.
 * Back below 90 % of the ceiling, a second `alert.system` says it recovered (the gap keeps a heap hovering at
 * the ceiling from sending an alert on every sample).
 */
export interface MemoryWatch extends MemoryGuard {
  /** True while samples are being taken on a timer. */
  watching(): boolean;
  /** The last heap sample, MB. */
  heapUsedMb(): number;
  /** Takes a sample now (the timer calls this; tests may too). */
  sample(): void;
  close(): void;
}

export interface MemoryWatchOptions {
  ceilingMb: number;
  /** 0 takes no samples on a timer (tests call `sample`). */
  intervalMs?: number;
  /** Bytes of heap in use; `process.memoryUsage().heapUsed` unless a test injects its own. */
  heapUsed?: () => number;
  bus?: EventBus;
  log?: Logger;
  /** MEMORY_LOG=1: every sample goes to the log. */
  logSamples?: boolean;
}

export const recoverBelow = 0.9;

const toMb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function createMemoryWatch({
  ceilingMb,
  intervalMs = 10_000,
  heapUsed = () => process.memoryUsage().heapUsed,
  bus,
  log,
  logSamples = false,
}: MemoryWatchOptions): MemoryWatch {
  const listeners = new Set<() => void>();
  let over = false;
  let lastMb = 0;
  let timer: NodeJS.Timeout | undefined;

  function sample(): void {
    lastMb = toMb(heapUsed());
    if (logSamples) log?.info({ heapUsedMb: lastMb, ceilingMb }, 'memory sample');
    if (!over && lastMb > ceilingMb) {
      over = true;
      log?.warn({ heapUsedMb: lastMb, ceilingMb }, 'memory above MAX_MEMORY_USAGE: refusing new sessions, evicting idle ones');
      bus?.publish('alert.system', {
        kind: 'memory',
        status: 'over',
        heapUsedMb: lastMb,
        ceilingMb,
        message: `Memory use ${lastMb} MB is above the ${ceilingMb} MB ceiling: new calls and chats are refused until it falls.`,
      });
    } else if (over && lastMb < ceilingMb * recoverBelow) {
      over = false;
      log?.info({ heapUsedMb: lastMb, ceilingMb }, 'memory back below the ceiling: accepting new sessions');
      bus?.publish('alert.system', {
        kind: 'memory',
        status: 'recovered',
        heapUsedMb: lastMb,
        ceilingMb,
        message: `Memory use is back to ${lastMb} MB (ceiling ${ceilingMb} MB): new calls and chats are accepted again.`,
      });
    }
    if (over) {
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          log?.error({ err: error }, 'memory watch listener failed');
        }
      }
    }
  }

  if (intervalMs > 0) {
    timer = setInterval(sample, intervalMs);
    timer.unref();
  }
  sample();

  return {
    over: () => over,
    onOver(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watching: () => timer !== undefined,
    heapUsedMb: () => lastMb,
    sample,
    close() {
      clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
