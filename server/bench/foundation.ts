/**
 * `npm run bench:foundation`: cold start to listening, RSS at idle, and lead writes per second with
 * durability on (WAL + synchronous=FULL), through the admin API and through the service directly.
 * Prints JSON. Runs the built server (dist/server/cli.js) as `npm run serve` does.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSilentLogger } from '../log/logger.js';
import { createScrubber } from '../log/scrub.js';
import { closeServices, createServices } from '../services.js';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import { tempDir, testConfig, testEnv } from '../test-kit/test-config.js';

const cli = fileURLToPath(new URL('../../dist/server/cli.js', import.meta.url));

async function viaTheBuiltServer() {
  const temp = tempDir();
  const started = performance.now();
  const child = fork(cli, [], {
    env: { PATH: process.env.PATH, ...testEnv(temp.dir, { LOG_LEVEL: 'warn' }) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const info = await new Promise<{ adminUrl: string; adminToken: string }>((resolve) => child.on('message', resolve));
  const coldStartMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 3000));
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);

  const headers = { authorization: `Bearer ${info.adminToken}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) => fetch(`${info.adminUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const { id } = (await (await post('/api/businesses', demoBusinessInput)).json()) as { id: string };
  const count = 1000;
  let t = performance.now();
  for (let i = 0; i < count; i++) await post('/api/leads', { businessId: id, callerName: `Caller ${i}` });
  const sequential = count / ((performance.now() - t) / 1000);
  t = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = 0; i < count / 20; i++) await post('/api/leads', { businessId: id, callerName: `Caller ${i}` });
    }),
  );
  const concurrent = count / ((performance.now() - t) / 1000);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  temp.remove();
  return { coldStartMs: Math.round(coldStartMs), rssIdleMb: Math.round(rssKb / 1024), sequential: Math.round(sequential), concurrent: Math.round(concurrent) };
}

async function directWrites(): Promise<number> {
  const temp = tempDir();
  const services = await createServices(testConfig(temp.dir), { log: createSilentLogger(), scrubber: createScrubber(), keytar: false });
  const { id } = services.businesses.create({ ...demoBusinessInput, widgetOrigins: [...demoBusinessInput.widgetOrigins] });
  const count = 2000;
  const t = performance.now();
  for (let i = 0; i < count; i++) services.leads.create({ businessId: id, channel: 'chat', callerName: `Caller ${i}` });
  const perSecond = count / ((performance.now() - t) / 1000);
  await closeServices(services);
  temp.remove();
  return Math.round(perSecond);
}

const server = await viaTheBuiltServer();
console.log(
  JSON.stringify(
    {
      coldStartToListeningMs: server.coldStartMs,
      rssAtIdleMb: server.rssIdleMb,
      leadWritesPerSecond: { apiSequential: server.sequential, apiConcurrent20: server.concurrent, serviceDirect: await directWrites() },
      durability: 'WAL with synchronous=FULL: every acknowledged write is fsynced before the answer',
    },
    null,
    2,
  ),
);
