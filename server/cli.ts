#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { seedDemo } from './demo/seed-demo.js';
import { startServer, type ServerHandle } from './index.js';
import { DatabaseTooNew } from './store/migrate.js';

/** Sent to the desktop app's supervisor (when it started us) once both listeners are up. */
export interface ServerStartedMessage {
  type: 'server-started';
  adminUrl: string;
  publicUrl: string;
  adminToken: string;
}

const usage = `Usage: npm run serve [-- --demo]

Starts Leads Agent headless: the public listener (Twilio, widget) and the admin API/console.
  --demo   also create the "Demo Plumbing" business if it is not there yet
Configuration comes from environment variables; see README.md.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(usage);
    return;
  }
  const config = loadConfig(process.env);
  const handle = await startServer(config, { terminal: process.stdout.isTTY ? 'pretty' : 'json' });
  stopOnSignals(handle);

  let demo = '';
  if (values.demo) {
    const { created } = seedDemo(handle.services);
    demo = `\n  Demo business:   "Demo Plumbing" ${created ? 'created' : 'already there'}`;
  }
  const publicUrl = handle.services.publicUrl();
  process.stdout.write(
    `\nLeads Agent is running (headless).\n` +
      `  Admin console:   ${handle.adminUrl}/\n` +
      `  Admin token:     ${handle.adminToken}\n` +
      `  Admin API:       ${handle.adminUrl}/api/  (Authorization: Bearer <token>)\n` +
      `  Public listener: ${handle.publicUrl}${publicUrl ? ` (reachable at ${publicUrl})` : ' (no PUBLIC_URL or tunnel yet)'}\n` +
      `  Data folder:     ${config.dataDir}${demo}\n` +
      `Stop with Ctrl+C.\n\n`,
  );
  process.send?.({ type: 'server-started', adminUrl: handle.adminUrl, publicUrl: handle.publicUrl, adminToken: handle.adminToken } satisfies ServerStartedMessage);
}

function stopOnSignals(handle: ServerHandle): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    handle.services.log.info({ signal }, 'shutting down');
    handle.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('leads-agent: error while shutting down:', (error as Error).message);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Started by the desktop app: if it goes away, so do we.
  process.on('disconnect', () => stop('disconnect'));
}

/** Start-up refusals a person can act on get one line and exit code 2; anything else is a bug and shows its stack. */
function explain(error: unknown): string | undefined {
  if (error instanceof ConfigError) return `configuration error: ${error.message}`;
  if (error instanceof DatabaseTooNew) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    const port = (error as { port?: number }).port;
    return `port ${port ?? ''} is already in use (is Leads Agent already running?). Set PUBLIC_PORT or ADMIN_PORT to free ports.`;
  }
  if (code === 'EACCES') return `cannot use the data folder or port: ${(error as Error).message}`;
  if ((error as Error).name === 'TypeError' && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${(error as Error).message}\n${usage}`;
  return undefined;
}

main().catch((error: unknown) => {
  const line = explain(error);
  if (line) {
    process.stderr.write(`leads-agent: ${line}\n`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
