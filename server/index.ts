import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildAdminApp } from './admin/admin-app.js';
import { resolveAdminToken } from './admin/admin-token.js';
import type { Config } from './config.js';
import { createLogger, type AppLogger } from './log/logger.js';
import { buildPublicApp } from './public/public-app.js';
import { closeServices, createServices, type ServiceOptions, type Services } from './services.js';

export interface ServerHandle {
  /** http://127.0.0.1:PORT of each listener as bound (the port is the real one when 0 was asked). */
  publicUrl: string;
  adminUrl: string;
  adminToken: string;
  services: Services;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions extends Partial<Omit<ServiceOptions, 'log' | 'scrubber'>> {
  /** Where log lines go; defaults to JSON files in the data folder and nothing on the terminal. */
  logger?: AppLogger;
  terminal?: 'pretty' | 'json' | 'none';
  consoleDir?: string;
  graceMs?: number;
}

/** Builds every service and both listeners. The same code runs headless and under the desktop app. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<ServerHandle> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? (await createLogger({ level: config.logLevel, dataDir: config.dataDir, terminal: options.terminal ?? 'none' }));
  const adminToken = resolveAdminToken(config.dataDir, config.adminToken);
  logger.scrubber.add(adminToken);

  let publicPort = config.publicPort;
  const services = await createServices(config, { ...options, log: logger.log, scrubber: logger.scrubber, publicPort: () => publicPort });
  const publicApp = await buildPublicApp(services);
  const adminApp = await buildAdminApp(services, { adminToken, consoleDir: options.consoleDir });
  const sockets = [trackSockets(publicApp.server), trackSockets(adminApp.server)];
  try {
    await publicApp.listen({ host: config.bindHost, port: config.publicPort });
    // The admin API never listens beyond this machine, whatever BIND_HOST says.
    await adminApp.listen({ host: '127.0.0.1', port: config.adminPort });
  } catch (error) {
    await Promise.allSettled([publicApp.close(), adminApp.close()]);
    await closeServices(services);
    await logger.close();
    throw error;
  }
  publicPort = (publicApp.server.address() as AddressInfo).port;
  const adminPort = (adminApp.server.address() as AddressInfo).port;
  services.tunnel.start();
  services.health.watch();
  logger.log.info({ publicPort, adminPort, dataDir: config.dataDir }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    publicUrl: `http://${urlHost(config.bindHost)}:${publicPort}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    adminToken,
    services,
    close() {
      closing ??= (async () => {
        const grace = options.graceMs ?? 10_000;
        const drained = Promise.allSettled([publicApp.close(), adminApp.close()]);
        const timedOut = await Promise.race([drained.then(() => false), delay(grace).then(() => true)]);
        if (timedOut) {
          logger.log.warn({ graceMs: grace }, 'requests still running at shutdown; closing their connections');
          sockets.forEach((tracked) => tracked.destroyAll());
          await drained;
        }
        await closeServices(services);
        logger.log.info('stopped');
        await logger.close();
      })();
      return closing;
    },
  };
}

/**
 * Every TCP connection a listener accepted, upgraded ones included: Node's closeAllConnections() forgets a
 * socket once it is upgraded, and a WebSocket client that never hangs up must not hold shutdown forever.
 */
function trackSockets(server: Server): { destroyAll(): void } {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return { destroyAll: () => open.forEach((socket) => socket.destroy()) };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
