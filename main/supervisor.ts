import { spawn, type ChildProcess } from 'node:child_process';
import { nextRestartDelay, stableAfterMs } from './restart-policy.js';

export interface ServerInfo {
  adminUrl: string;
  publicUrl: string;
  adminToken: string;
}

export interface SupervisorOptions {
  node: string;
  /** Arguments before the script (e.g. `--import tsx` in tests). */
  nodeArgs?: string[];
  script: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
  onStarted(info: ServerInfo): void;
  onExit(info: { code: number | null; signal: NodeJS.Signals | null; restartInMs: number | null }): void;
  onOutput?(line: string, stream: 'stdout' | 'stderr'): void;
}

export interface Supervisor {
  start(): void;
  /** SIGTERM, then SIGKILL if the server has not stopped within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  readonly pid: number | undefined;
}

/**
 * Runs the server as a child process and keeps it running: it waits for the child's `server-started`
 * message (with a timeout), and restarts it with backoff when it exits unexpectedly. Exit code 2 means the
 * server refused to start (bad configuration, a database from a newer version): restarting cannot help.
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  let child: ChildProcess | undefined;
  let stopping = false;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  function launch(): void {
    const startedAt = Date.now();
    const current = spawn(options.node, [...(options.nodeArgs ?? []), options.script], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child = current;
    for (const stream of ['stdout', 'stderr'] as const) {
      current[stream]?.setEncoding('utf8');
      current[stream]?.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line) options.onOutput?.(line, stream);
      });
    }
    const timeout = setTimeout(() => {
      options.onOutput?.(`server did not start within ${options.startTimeoutMs ?? 30_000} ms; restarting it`, 'stderr');
      current.kill('SIGKILL');
    }, options.startTimeoutMs ?? 30_000);
    current.on('message', (message: { type?: string } & ServerInfo) => {
      if (message?.type !== 'server-started') return;
      clearTimeout(timeout);
      options.onStarted({ adminUrl: message.adminUrl, publicUrl: message.publicUrl, adminToken: message.adminToken });
    });
    current.on('error', (error) => options.onOutput?.(`cannot start the server: ${error.message}`, 'stderr'));
    current.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (child === current) child = undefined;
      if (stopping || code === 2) {
        options.onExit({ code, signal, restartInMs: null });
        return;
      }
      crashes = Date.now() - startedAt > stableAfterMs ? 1 : crashes + 1;
      const delay = nextRestartDelay(crashes);
      options.onExit({ code, signal, restartInMs: delay });
      restartTimer = setTimeout(launch, delay);
    });
  }

  return {
    start: launch,
    get pid() {
      return child?.pid;
    },
    async stop(graceMs = 15_000) {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
