import type { ComponentHealth } from './health.js';

export interface ProbeTarget {
  url: string;
  headers: Record<string, string>;
}

export interface UpstreamProbe {
  /** The last known result, refreshed in the background when stale: a health request never waits on the internet. */
  check(): Promise<ComponentHealth>;
}

/**
 * Checks that an outside API (OpenAI, Twilio) answers and accepts our credentials. `target` returns undefined
 * when the service is not configured.
 */
export function createUpstreamProbe(
  target: () => Promise<ProbeTarget | undefined>,
  fetchImpl: typeof fetch,
  { maxAgeMs = 60_000, timeoutMs = 3000 } = {},
): UpstreamProbe {
  let last: { result: ComponentHealth; at: number; url: string } | undefined;
  let running: Promise<void> | undefined;

  async function probe(to: ProbeTarget): Promise<void> {
    const started = performance.now();
    let result: ComponentHealth;
    try {
      const response = await fetchImpl(to.url, { headers: to.headers, signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      const latencyMs = Math.round(performance.now() - started);
      result =
        response.status === 401 || response.status === 403
          ? { status: 'unauthorized', latencyMs, httpStatus: response.status }
          : response.ok
            ? { status: 'up', latencyMs }
            : { status: 'degraded', latencyMs, httpStatus: response.status };
    } catch (error) {
      result = { status: 'down', latencyMs: null, error: (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message };
    }
    last = { result, at: Date.now(), url: to.url };
  }

  return {
    async check() {
      const to = await target();
      if (!to) return { status: 'not_configured', latencyMs: null };
      const stale = !last || last.url !== to.url || Date.now() - last.at > maxAgeMs;
      if (stale && !running) running = probe(to).finally(() => (running = undefined));
      return last && last.url === to.url ? last.result : { status: 'unknown', latencyMs: null };
    },
  };
}
