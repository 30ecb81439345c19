import type { Logger } from '../log/logger.js';

/** What the tunnel needs from @ngrok/ngrok; injected so tests never reach ngrok. */
export interface TunnelConnector {
  forward(options: {
    addr: string;
    authtoken: string;
    domain?: string;
    proto: 'http';
    onStatusChange?: (status: string) => void;
  }): Promise<{ url(): string | null; close(): Promise<void> }>;
}

export type TunnelState = 'disabled' | 'connecting' | 'up' | 'down';

export interface Tunnel {
  /** Connects in the background: the appliance serves locally whatever the tunnel does. */
  start(): void;
  url(): string | undefined;
  status(): { status: TunnelState; url?: string; error?: string };
  close(): Promise<void>;
}

export interface TunnelDeps {
  port: () => number;
  /** The public listener's BIND_HOST: a wildcard is reached on loopback, a specific address only there. */
  host?: string;
  authtoken: () => Promise<string | undefined>;
  domain: string | undefined;
  connector: () => Promise<TunnelConnector>;
  log: Logger;
  retryDelaysMs?: number[];
}

export const ngrokConnector = async (): Promise<TunnelConnector> => {
  const ngrok = await import('@ngrok/ngrok');
  return { forward: (options) => ngrok.forward(options) };
};

/**
 * Exposes the PUBLIC listener (and only it: ngrok forwards to one address) at the business's ngrok domain.
 * A static domain keeps the URL Twilio calls the same across restarts.
 */
export function createTunnel({ port, host = '127.0.0.1', authtoken, domain, connector, log, retryDelaysMs = [1000, 5000, 15000, 60000] }: TunnelDeps): Tunnel {
  let state: TunnelState = 'disabled';
  let publicUrl: string | undefined;
  let error: string | undefined;
  let listener: { close(): Promise<void> } | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let attempts = 0;
  let closed = false;

  async function connect(): Promise<void> {
    const token = await authtoken();
    if (!token || closed) {
      state = 'disabled';
      return;
    }
    state = 'connecting';
    try {
      const { forward } = await connector();
      const opened = await forward({
        addr: `${forwardHost(host)}:${port()}`,
        authtoken: token,
        domain,
        proto: 'http',
        onStatusChange: (status) => {
          state = status === 'connected' ? 'up' : 'down';
          log.info({ status }, 'tunnel status changed');
        },
      });
      if (closed) return void (await opened.close());
      listener = opened;
      publicUrl = opened.url() ?? undefined;
      state = 'up';
      error = undefined;
      attempts = 0;
      log.info({ url: publicUrl }, 'tunnel up');
    } catch (err) {
      state = 'down';
      error = (err as Error).message;
      const delay = retryDelaysMs[Math.min(attempts++, retryDelaysMs.length - 1)]!;
      log.warn({ reason: error, retryInMs: delay }, 'tunnel failed to connect');
      retryTimer = setTimeout(() => void connect(), delay);
      retryTimer.unref();
    }
  }

  return {
    start: () => void connect(),
    url: () => publicUrl,
    status: () => ({ status: state, ...(publicUrl ? { url: publicUrl } : {}), ...(error ? { error } : {}) }),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await listener?.close();
      state = 'disabled';
    },
  };
}

function forwardHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '::') return '127.0.0.1';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}
