/**
 * `npm run bench:relay -- --calls N --seconds S`: N simultaneous calls through the real server (the built
 * dist/server/cli.js, in its own process). The callers (Twilio phone stand-ins) run in this process, the
 * Realtime stand-in in a third one (realtime-worker.ts). Each caller sends a 20 ms mu-law frame every 20 ms;
 * the agent streams 20 ms of audio every 20 ms (worst case: real deltas are longer, and each gets a mark).
 * Once every call is up, trips are measured for S seconds; then both sides stop sending and, after a quiet
 * second, what was sent is compared with what arrived. Prints JSON:
 *   latencyMs.callerToModel / modelToCaller: p50, p99, max of frame trips through the relay (two loopback
 *     WebSocket hops plus the relay: an upper bound of what the relay adds),
 *   framesLost each way over the whole run, cpuSecondsPerCallMinute and serverCpuCores (server process,
 *   user+system, during the window), peakRssMb (server process), and the machine's load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import { tempDir, testEnv } from '../test-kit/test-config.js';
import { placeCall, type PhoneCall } from '../test-kit/twilio-media-client.js';
import { startTwilioStandin } from '../test-kit/twilio-rest-standin.js';
import { framesLost, readStamp, round, stamped, Tally, type TripSummary } from './latency.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '50' }, seconds: { type: 'string', default: '20' } }, strict: true });
const calls = Number(values.calls);
const seconds = Number(values.seconds);
if (!Number.isInteger(calls) || calls < 1 || calls > 1000 || !(seconds >= 1 && seconds <= 600)) {
  console.error('Usage: npm run bench:relay -- --calls N (1–1000) --seconds S (1–600)');
  process.exit(2);
}

const cli = fileURLToPath(new URL('../../dist/server/cli.js', import.meta.url));
const worker = fileURLToPath(new URL('./realtime-worker.ts', import.meta.url));
const publicUrl = 'https://bench.ngrok.app';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Progress on stderr: a long run shows where it is (stdout stays the JSON). */
const progress = (line: string) => console.error(`[bench:relay ${new Date().toISOString().slice(11, 19)}] ${line}`);

function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMb(pid: number): number {
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
}

function request<T>(child: ChildProcess, message: object, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const listen = (answer: { type: string }) => {
      if (answer.type !== reply) return;
      child.off('message', listen);
      resolve(answer as T);
    };
    child.on('message', listen);
    if (Object.keys(message).length) child.send(message);
  });
}

// The model's side, in its own process.
const model = fork(worker, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const openai = await request<{ realtimeUrl: string; baseUrl: string; apiKey: string }>(model, {}, 'ready');
const rest = await startTwilioStandin();
progress('Realtime and Twilio REST stand-ins ready; starting the server');

// The server, as `npm run serve` runs it.
const temp = tempDir('leads-bench-');
const server = fork(cli, [], {
  env: {
    PATH: process.env.PATH,
    ...testEnv(temp.dir, {
      LOG_LEVEL: 'warn',
      PUBLIC_URL: publicUrl,
      TWILIO_ACCOUNT_SID: rest.accountSid,
      TWILIO_AUTH_TOKEN: rest.authToken,
      TWILIO_API_BASE: rest.url,
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_REALTIME_URL: openai.realtimeUrl,
      MAX_IN_MEMORY_SESSIONS: String(calls + 10),
    }),
  },
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
});
const started = await request<{ adminUrl: string; publicUrl: string; adminToken: string }>(server, {}, 'server-started');
progress(`server listening at ${started.publicUrl}; placing ${calls} calls`);
await fetch(`${started.adminUrl}/api/businesses`, {
  method: 'POST',
  headers: { authorization: `Bearer ${started.adminToken}`, 'content-type': 'application/json' },
  body: JSON.stringify({ ...demoBusinessInput, plan: 'PRO' }),
});

// The callers' side: calls come in 10 at a time, 50 ms apart; each caller's frames carry its key.
const callerSent = new Map<number, number>();
const outbound = new Tally();
let callersTalking = true;
const phones: PhoneCall[] = [];
for (let i = 0; i < calls; i++) {
  const key = 100_000 + i;
  phones.push(
    await placeCall(
      {
        server: started.publicUrl,
        publicUrl,
        accountSid: rest.accountSid,
        authToken: rest.authToken,
        rest,
        record: false,
        zeroMask: true,
        callerFrame(chunk) {
          if (!callersTalking) return Buffer.alloc(160, 0xff);
          callerSent.set(key, (callerSent.get(key) ?? 0) + 1);
          return stamped(key, chunk);
        },
        onMedia(payload) {
          const stamp = readStamp(payload);
          if (stamp) outbound.arrived(stamp.key, stamp.sentAt);
        },
      },
      { from: `+1512555${String(1000 + i).padStart(4, '0')}`, to: demoBusinessInput.twilioNumber },
    ),
  );
  if (i % 10 === 9) await sleep(50);
}
progress(`${calls} calls placed; waiting for each to hear the agent`);
const upBy = Date.now() + 120_000;
let shown = -1;
while (outbound.counts.size < calls && Date.now() < upBy) {
  if (outbound.counts.size !== shown) {
    shown = outbound.counts.size;
    progress(`${shown}/${calls} calls hear the agent`);
  }
  await sleep(1000);
}
if (outbound.counts.size < calls) throw new Error(`only ${outbound.counts.size} of ${calls} calls are hearing the agent`);
await sleep(2000);

progress(`all ${calls} calls up; measuring for ${seconds} s`);
const cpuBefore = cpuSeconds(server.pid!);
outbound.measuring = true;
model.send({ type: 'measure', on: true });
await sleep(seconds * 1000);
outbound.measuring = false;
model.send({ type: 'measure', on: false });
const cpuAfter = cpuSeconds(server.pid!);
const load = loadavg()[0] ?? 0;

// Both sides stop sending; once nothing more arrives for a second, everything sent should have arrived.
callersTalking = false;
model.send({ type: 'quiet' });
type Report = { inbound: TripSummary; inboundReceived: Record<string, number>; outboundSent: Record<string, number> };
// Only stamped frames count: the silence callers send once quiet (as a real line does) keeps arriving.
const arrivedSoFar = (r: Report) =>
  [...callerSent.keys()].reduce((n, key) => n + (r.inboundReceived[String(key)] ?? 0), 0) + [...outbound.counts.values()].reduce((a, b) => a + b, 0);
let report = await request<Report>(model, { type: 'report' }, 'report');
for (let settled = 0, last = -1; settled < 2 && Date.now() < upBy + 180_000; ) {
  await sleep(500);
  report = await request<Report>(model, { type: 'report' }, 'report');
  const now = arrivedSoFar(report);
  settled = now === last ? settled + 1 : 0;
  if (settled === 0) progress(`settling: ${now} stamped frames arrived so far`);
  last = now;
}

const result = {
  calls,
  seconds,
  latencyMs: { callerToModel: report.inbound, modelToCaller: outbound.summary() },
  framesLost: { callerToModel: framesLost(callerSent, report.inboundReceived), modelToCaller: framesLost(report.outboundSent, outbound.counts) },
  framesSent: { callerToModel: [...callerSent.values()].reduce((a, b) => a + b, 0), modelToCaller: Object.values(report.outboundSent).reduce((a, b) => a + b, 0) },
  cpuSecondsPerCallMinute: round((cpuAfter - cpuBefore) / (calls * (seconds / 60))),
  serverCpuCores: round((cpuAfter - cpuBefore) / seconds),
  peakRssMb: peakRssMb(server.pid!),
  machine: { cores: availableParallelism(), loadAverage1m: round(load) },
};

await Promise.all(phones.map((phone) => phone.hangUp()));
await sleep(500);
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
model.send({ type: 'exit' });
await new Promise((resolve) => model.once('exit', resolve));
await rest.close();
temp.remove();
console.log(JSON.stringify(result, null, 2));
