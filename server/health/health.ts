import type { Config } from '../config.js';
import type { EventBus } from '../events/bus.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SessionStore, SessionStoreStatus } from '../sessions/session-store.js';
import type { Store } from '../store/database.js';
import type { Tunnel } from '../tunnel/tunnel.js';
import { createUpstreamProbe, type UpstreamProbe } from './upstream-probe.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface ComponentHealth {
  status: 'up' | 'down' | 'degraded' | 'disabled' | 'not_configured' | 'unknown' | 'unauthorized' | 'connecting';
  latencyMs: number | null;
  [detail: string]: unknown;
}

/** The seed's health JSON (4.1), plus a component map. Memory figures are MB. */
export interface HealthReport {
  status: HealthStatus;
  memory: { heapUsed: number; heapTotal: number; heapUsedPercent: number };
  redis: { connected: boolean; reconnectAttempts: number; consecutiveFailures: number };
  sessions: { activeVoiceSessions: number; totalActiveSessions: number; averageSessionDuration: number };
  environment: { nodeEnv: string; memoryMonitoringEnabled: boolean; redisConfigured: boolean };
  components: { db: ComponentHealth; redis: ComponentHealth; tunnel: ComponentHealth; openai: ComponentHealth; twilio: ComponentHealth };
}

export interface Health {
  report(): Promise<HealthReport>;
  /** Publishes a `health` event whenever the overall status changes. */
  watch(intervalMs?: number): void;
  close(): void;
}

export interface HealthDeps {
  config: Config;
  store: Store;
  sessions: SessionStore;
  tunnel: Tunnel;
  secrets: SecretStore;
  bus: EventBus;
  /** The heap watch against MAX_MEMORY_USAGE (sessions/memory-watch.ts); without one, each report samples. */
  memoryWatch?: { watching(): boolean; over(): boolean };
  fetch?: typeof fetch;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function createHealth({ config, store, sessions, tunnel, secrets, bus, memoryWatch, fetch = globalThis.fetch }: HealthDeps): Health {
  const openai: UpstreamProbe = createUpstreamProbe(async () => {
    const key = await secrets.get('OPENAI_API_KEY');
    if (!key) return undefined;
    return { url: `${config.openai.baseUrl}/models`, headers: { authorization: `Bearer ${key}` } };
  }, fetch);
  const twilio: UpstreamProbe = createUpstreamProbe(async () => {
    const token = await secrets.get('TWILIO_AUTH_TOKEN');
    const sid = config.twilio.accountSid;
    if (!sid || !token) return undefined;
    const basic = Buffer.from(`${sid}:${token}`).toString('base64');
    return { url: `${config.twilio.apiBase}/2010-04-01/Accounts/${sid}.json`, headers: { authorization: `Basic ${basic}` } };
  }, fetch);
  let timer: NodeJS.Timeout | undefined;
  let lastStatus: HealthStatus | undefined;

  function dbHealth(): ComponentHealth {
    const started = performance.now();
    try {
      store.db.prepare('SELECT 1').get();
      return { status: 'up', latencyMs: round(performance.now() - started), vectorSearch: store.vectorSearch };
    } catch (error) {
      return { status: 'down', latencyMs: null, error: (error as Error).message };
    }
  }

  async function report(): Promise<HealthReport> {
    const memory = process.memoryUsage();
    const heapUsed = mb(memory.heapUsed);
    const heapTotal = mb(memory.heapTotal);
    const storeStatus = sessions.status();
    const tunnelStatus = tunnel.status();
    const components: HealthReport['components'] = {
      db: dbHealth(),
      redis: redisHealth(storeStatus),
      tunnel: {
        status: tunnelStatus.status,
        latencyMs: null,
        ...(tunnelStatus.url ? { url: tunnelStatus.url } : {}),
        ...(tunnelStatus.error ? { error: tunnelStatus.error } : {}),
      },
      openai: await openai.check(),
      twilio: await twilio.check(),
    };
    const overMemory = memoryWatch ? memoryWatch.over() : heapUsed > config.maxMemoryUsageMb;
    // Serving from memory while Redis is configured is degraded (one box's memory instead of the shared store),
    // whether Redis is down or still taking back the sessions changed meanwhile.
    const onFallback = storeStatus.redisConfigured && storeStatus.backend !== 'redis';
    const status: HealthStatus =
      components.db.status !== 'up'
        ? 'unhealthy'
        : overMemory || onFallback || components.redis.status === 'down' || components.tunnel.status === 'down'
          ? 'degraded'
          : 'healthy';
    return {
      status,
      memory: { heapUsed, heapTotal, heapUsedPercent: heapTotal ? Math.round((heapUsed / heapTotal) * 100) : 0 },
      redis: { connected: storeStatus.connected, reconnectAttempts: storeStatus.reconnectAttempts, consecutiveFailures: storeStatus.consecutiveFailures },
      sessions: sessions.stats(),
      environment: { nodeEnv: config.nodeEnv, memoryMonitoringEnabled: memoryWatch?.watching() ?? false, redisConfigured: Boolean(config.redisUrl) },
      components,
    };
  }

  return {
    report,
    watch(intervalMs = 10_000) {
      const tick = async () => {
        const current = await report();
        if (current.status !== lastStatus) {
          lastStatus = current.status;
          bus.publish('health', current);
        }
      };
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
      void tick();
    },
    close() {
      clearInterval(timer);
    },
  };
}

/** The redis component: up and serving, connected but still writing sessions back, or down (and why). */
function redisHealth(status: SessionStoreStatus): ComponentHealth {
  if (!status.redisConfigured) return { status: 'not_configured', latencyMs: null, store: status.backend };
  const state: ComponentHealth['status'] = !status.connected ? 'down' : status.backend === 'redis' ? 'up' : 'connecting';
  return {
    status: state,
    latencyMs: status.connected ? (status.latencyMs ?? null) : null,
    store: status.backend,
    ...(state !== 'up' && status.error ? { error: status.error } : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
