import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { tempDir } from './test-config.js';

/**
 * A real `redis-server` (Debian's) on a free 127.0.0.1 port, in a temp folder, that a test can SIGKILL and start
 * again on the same port. Without `args` it keeps nothing on disk (`--save '' --appendonly no`): a restart after a
 * kill comes back empty, as a crashed Redis without persistence does.
 */
export interface RedisServer {
  port: number;
  /** redis://[:password@]127.0.0.1:PORT */
  url: string;
  dir: string;
  /** True between a successful start and a kill or stop. */
  running(): boolean;
  /** SIGKILL, as a crash would; resolves once the process has exited. */
  kill(): Promise<void>;
  /** SIGSTOP: the port stays open but nothing answers (a hung Redis). */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** Starts again on the same port with the same arguments; resolves when it accepts connections. */
  restart(): Promise<void>;
  /** Kills it (if running) and removes its folder. */
  stop(): Promise<void>;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
}

export interface RedisServerOptions {
  password?: string;
  /** Replaces the default persistence arguments (`--save '' --appendonly no`). */
  args?: string[];
  binary?: string;
  startTimeoutMs?: number;
  /** A port chosen by the test (e.g. one a client was already pointed at); a free one otherwise. */
  port?: number;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const { password, binary = '/usr/bin/redis-server', startTimeoutMs = 10_000 } = options;
  const temp = tempDir('leads-redis-');
  let out = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  function launch(port: number): Promise<void> {
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', temp.dir,
      '--daemonize', 'no',
      '--logfile', '',
      ...(password ? ['--requirepass', password] : []),
      ...(options.args ?? ['--save', '', '--appendonly', 'no']),
    ];
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    let mine = '';
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start in ${startTimeoutMs} ms:\n${out}`)), startTimeoutMs);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        mine += chunk.toString();
        // Redis 7 prints "Ready to accept connections tcp" once it listens.
        if (/Ready to accept connections/.test(mine)) done();
      };
      const onExit = (code: number | null) => fail(new Error(`redis-server exited (${code}) before it was ready:\n${out}`));
      function cleanup() {
        clearTimeout(timer);
        proc.off('exit', onExit);
        proc.stdout!.off('data', onData);
        proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      }
      function done() {
        cleanup();
        resolve();
      }
      function fail(error: Error) {
        cleanup();
        proc.kill('SIGKILL');
        reject(error);
      }
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      proc.once('exit', onExit);
      proc.once('error', (error) => fail(error));
    });
  }

  // Another process may take the port between our probe and redis-server's bind: try a few free ports.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = options.port ?? (await freePort());
    try {
      await launch(port);
      break;
    } catch (error) {
      if (attempt >= 5 || options.port !== undefined || !/Address already in use/i.test(out)) {
        temp.remove();
        throw error;
      }
    }
  }

  const server: RedisServer = {
    port,
    url: password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    dir: temp.dir,
    running: () => Boolean(child && child.exitCode === null && child.signalCode === null),
    async kill() {
      if (server.running()) {
        child!.kill('SIGCONT');
        child!.kill('SIGKILL');
      }
      await exited;
    },
    pause() {
      if (server.running()) child!.kill('SIGSTOP');
    },
    resume() {
      if (server.running()) child!.kill('SIGCONT');
    },
    async restart() {
      await server.kill();
      await launch(port);
    },
    async stop() {
      await server.kill();
      temp.remove();
    },
    output: () => out,
  };
  return server;
}

/** A port nothing listens on right now (the OS picks it; we close at once and hand it over). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A TCP relay in front of a Redis: `cut()` drops every connection and refuses new ones (a network fault that
 * leaves Redis itself running, so another client can still write to it), `mend()` lets connections through again.
 */
export interface TcpProxy {
  port: number;
  url: string;
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: number, host = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let cutOff = false;
  const server = createServer((inbound) => {
    if (cutOff) return void inbound.destroy();
    const outbound = connect(target, host);
    open.add(inbound);
    open.add(outbound);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
      open.delete(inbound);
      open.delete(outbound);
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const proxy: TcpProxy = {
    port,
    url: `redis://${host}:${port}`,
    cut() {
      cutOff = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    mend() {
      cutOff = false;
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
