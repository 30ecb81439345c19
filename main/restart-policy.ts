/**
 * How long the supervisor waits before restarting a server that crashed: doubling from one second up to a
 * minute, back to the start once the server has stayed up for a while.
 */
export function nextRestartDelay(recentCrashes: number, baseMs = 1000, maxMs = 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, recentCrashes - 1));
}

/** A server that ran this long before crashing counts as healthy: its crash starts the backoff afresh. */
export const stableAfterMs = 60_000;
