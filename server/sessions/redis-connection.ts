import { Redis } from 'ioredis';
import { UpstreamError } from '../errors.js';
import type { Logger } from '../log/logger.js';

/** One ioredis client that fails fast and never stops reconnecting, and the figures health reports about it. */
export interface RedisConnection {
  readonly client: Redis;
  /** host:port, for logs (never the password). */
  readonly address: string;
  /** Connected, authenticated and answering. */
  isReady(): boolean;
  /** Resolves at the first connection outcome (ready, or closed after a failure), or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void>;
  /** Runs a command; any failure (closed, timed out, an error reply) becomes an UpstreamError('redis'). */
  call<T>(command: () => Promise<T>): Promise<T>;
  status(): { connected: boolean; reconnectAttempts: number; consecutiveFailures: number; error?: string };
  close(): void;
}

export interface RedisConnectionOptions {
  /** REDIS_URL: redis://[:password@]host:port[/db] */
  url: string;
  /** A command that has no answer after this long fails. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Reconnection delays: base * 2^(attempt-1), capped; reconnection never stops. */
  reconnect?: { baseMs: number; capMs: number };
  log?: Logger;
  onReady?: () => void;
  /** Once per outage, when the connection closes. */
  onDown?: (reason: string) => void;
}

export const defaultReconnect = { baseMs: 100, capMs: 2000 };

/** The delay before reconnection attempt `attempt` (1, 2, …): exponential, capped, never giving up. */
export function reconnectDelay(attempt: number, { baseMs, capMs } = defaultReconnect): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

/** A refused password or a missing one: retrying will not help until REDIS_URL is fixed. */
export function isCredentialError(message: string): boolean {
  return /WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message);
}

/** Where Redis is, for logs: host and port only, never the password in the URL. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

export function openRedisConnection({
  url,
  commandTimeoutMs = 500,
  connectTimeoutMs = 2000,
  reconnect = defaultReconnect,
  log,
  onReady,
  onDown,
}: RedisConnectionOptions): RedisConnection {
  const address = redisAddress(url);
  // Fail fast (tech-facts §7): no offline queue (a command while disconnected fails at once), in-flight
  // commands failed at once when the connection drops (maxRetriesPerRequest 0) and never resent after a
  // reconnect, a bounded command timeout, and a capped retry strategy that always returns a number (a
  // non-number would end reconnection for good).
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt: number) => reconnectDelay(attempt, reconnect),
  });

  let reconnectAttempts = 0;
  let consecutiveFailures = 0;
  let lastError: string | undefined;
  let everReady = false;
  // The first connection attempt has had an outcome: ready, or closed after a failure.
  let outcome = false;
  let down = false;
  let closed = false;
  const waiters = new Set<() => void>();
  const settle = () => waiters.forEach((resolve) => resolve());

  client.on('ready', () => {
    reconnectAttempts = 0;
    consecutiveFailures = 0;
    lastError = undefined;
    down = false;
    log?.info({ redis: address }, everReady ? 'Redis reconnected' : 'Redis connected');
    everReady = true;
    outcome = true;
    settle();
    onReady?.();
  });
  // Without an 'error' listener, Node would throw the connection error and end the process. Each distinct
  // error is logged once per outage, not on every reconnection attempt.
  client.on('error', (error: Error) => {
    consecutiveFailures++;
    const message = error.message;
    if (message !== lastError) {
      if (isCredentialError(message)) {
        log?.error(
          { redis: address, reason: message },
          'Redis refused our credentials: check the password in REDIS_URL; sessions are kept in memory meanwhile',
        );
      } else {
        log?.warn({ redis: address, reason: message }, 'Redis connection error');
      }
    }
    lastError = message;
  });
  client.on('close', () => {
    // A killed server closes the socket without an error; the next attempts will say more (ECONNREFUSED…).
    lastError ??= 'connection to Redis closed';
    if (!closed && !down) {
      down = true;
      onDown?.(lastError);
    }
    outcome = true;
    settle();
  });
  client.on('reconnecting', () => {
    reconnectAttempts++;
  });
  client.connect().catch(() => {
    /* reported through 'error'; ioredis keeps reconnecting */
  });

  return {
    client,
    address,
    isReady: () => client.status === 'ready',
    settled(timeoutMs) {
      if (outcome) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timeout);
          waiters.delete(done);
          resolve();
        };
        const timeout = setTimeout(done, timeoutMs);
        waiters.add(done);
      });
    },
    async call(command) {
      try {
        const result = await command();
        consecutiveFailures = 0;
        return result;
      } catch (error) {
        consecutiveFailures++;
        lastError = (error as Error).message;
        throw new UpstreamError('redis', lastError, true);
      }
    },
    status() {
      const connected = client.status === 'ready';
      return { connected, reconnectAttempts, consecutiveFailures, ...(connected || !lastError ? {} : { error: lastError }) };
    },
    close() {
      closed = true;
      settle();
      client.disconnect();
    },
  };
}
