import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerStartedMessage } from '../cli.js';
import type { Env } from '../config.js';

export interface ChildServer {
  child: ChildProcess;
  started: ServerStartedMessage;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** Runs `server/cli.ts` as its own process (through tsx), the way `npm run serve` and the desktop app do. */
export function runCli(env: Env, args: string[] = []): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: ChildServer['exited'] } {
  let out = '';
  let err = '';
  const child = fork(cli, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts the CLI and waits for its `server-started` message. */
export async function startChildServer(env: Env, args: string[] = [], timeoutMs = 30_000): Promise<ChildServer> {
  const run = runCli(env, args);
  const started = await new Promise<ServerStartedMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${run.stderr()}`)), timeoutMs);
    run.child.on('message', (message: ServerStartedMessage) => {
      if (message.type === 'server-started') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    void run.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${run.stderr()}`));
    });
  });
  return { ...run, started };
}
