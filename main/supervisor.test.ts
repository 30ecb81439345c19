import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, testEnv } from '../server/test-kit/test-config.js';
import { createSupervisor, type ServerInfo } from './supervisor.js';

const cli = fileURLToPath(new URL('../server/cli.ts', import.meta.url));

function supervise(env: NodeJS.ProcessEnv) {
  const started: ServerInfo[] = [];
  const exits: Array<{ code: number | null; signal: string | null; restartInMs: number | null }> = [];
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const supervisor = createSupervisor({
    node: process.execPath,
    nodeArgs: ['--import', 'tsx'],
    script: cli,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    onStarted: (info) => {
      started.push(info);
      notify();
    },
    onExit: (info) => {
      exits.push(info);
      notify();
    },
  });
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { supervisor, started, exits, until };
}

describe('the desktop supervisor', () => {
  it('starts the server as a plain Node child, restarts it after a crash, and stops it gracefully', async () => {
    const temp = tempDir();
    const { supervisor, started, exits, until } = supervise(testEnv(temp.dir) as NodeJS.ProcessEnv);
    supervisor.start();
    await until(() => started.length === 1);
    expect(started[0]).toMatchObject({ adminUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), adminToken: expect.any(String) });
    const health = await fetch(`${started[0]!.adminUrl}/api/health`, { headers: { authorization: `Bearer ${started[0]!.adminToken}` } });
    expect(health.status).toBe(200);

    process.kill(supervisor.pid!, 'SIGKILL');
    await until(() => started.length === 2);
    expect(exits[0]).toEqual({ code: null, signal: 'SIGKILL', restartInMs: 1000 });
    // The token lives in the data folder, so the console keeps working across the restart.
    expect(started[1]!.adminToken).toBe(started[0]!.adminToken);

    await supervisor.stop();
    expect(exits[1]).toEqual({ code: 0, signal: null, restartInMs: null });
    temp.remove();
  }, 60_000);

  it('does not restart a server that refused to start', async () => {
    const temp = tempDir();
    const { supervisor, exits, until } = supervise(testEnv(temp.dir, { PUBLIC_PORT: 'nope' }) as NodeJS.ProcessEnv);
    supervisor.start();
    await until(() => exits.length === 1);
    expect(exits[0]).toEqual({ code: 2, signal: null, restartInMs: null });
    await new Promise((r) => setTimeout(r, 1500));
    expect(exits).toHaveLength(1);
    temp.remove();
  }, 30_000);
});
