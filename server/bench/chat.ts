/**
 * `npm run bench:chat`: 200 simultaneous chat sessions against the Chat Completions stand-in, through the built
 * server (dist/server/cli.js as `npm run serve` runs it). Each visitor starts a chat, opens its event stream and
 * sends three messages one after another. Prints JSON:
 * - firstTokenMs: from sending a message to its first streamed token, as the visitor sees it;
 * - upstreamFirstChunkMs: what the stand-in itself took (request arrival to first chunk written);
 * - serverOverheadMs: the difference, per message: what the appliance adds (HTTP, SQLite writes with fsync,
 *   analysis, session store, prompt, the OpenAI client, SSE);
 * - messagesPerSecond: visitor messages answered in full per second of wall time.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerStartedMessage } from '../cli.js';
import { request, startVisitor, type ChatVisitor } from '../test-kit/chat-client.js';
import { lastUserText, startChatCompletionsStandin } from '../test-kit/chat-completions-standin.js';
import { tempDir, testEnv } from '../test-kit/test-config.js';

const sessions = 200;
const messagesPerSession = 3;
const origin = 'https://bench.example';
const cli = fileURLToPath(new URL('../../dist/server/cli.js', import.meta.url));

const standin = await startChatCompletionsStandin({
  scenario: () => ({ text: 'Thanks for reaching out! Could you tell me your name and the best number to reach you?' }),
});
/** A fresh built server per phase, so one phase's chats and rows do not weigh on the next. */
async function startBenchServer() {
  const temp = tempDir();
  const child = fork(cli, [], {
    env: {
      PATH: process.env.PATH,
      ...testEnv(temp.dir, { LOG_LEVEL: 'warn', OPENAI_API_KEY: standin.apiKey, OPENAI_BASE_URL: standin.baseUrl, MAX_IN_MEMORY_SESSIONS: String(sessions * 2) }),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const info = await new Promise<ServerStartedMessage>((resolve) => child.on('message', (m: ServerStartedMessage) => m.type === 'server-started' && resolve(m)));
  const admin = (path: string, body: unknown) =>
    request(`${info.adminUrl}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${info.adminToken}` } });
  const business = await admin('/api/businesses', {
    name: 'Bench Plumbing',
    industry: 'plumbing',
    plan: 'PRO',
    ownerPhone: '+15125550122',
    ownerEmail: 'owner@bench.example',
    timezone: 'America/Chicago',
    widgetOrigins: [origin],
  });
  const businessId = business.body.id as string;
  for (const [text, kind] of [['What is your name?', 'text'], ['What phone number can we reach you on?', 'phone']]) {
    await admin(`/api/businesses/${businessId}/questions`, { text, kind });
  }
  return {
    publicUrl: info.publicUrl,
    businessId,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      temp.remove();
    },
  };
}

interface Sample {
  text: string;
  sentAt: number;
  firstTokenAt: number;
}

/**
 * All visitors at once. `thinkMs`: how long each waits before each message (a person reading and typing);
 * 0 sends the next message the moment the previous reply ends: the appliance's ceiling.
 */
async function run(phase: string, thinkMs: () => number): Promise<Record<string, unknown>> {
  const { publicUrl, businessId, stop } = await startBenchServer();
  const samples: Sample[] = [];
  let errors = 0;
  async function visitor(n: number): Promise<void> {
    // One address per visitor, as they arrive through the tunnel (X-Forwarded-For is believed from loopback).
    const chat: ChatVisitor = await startVisitor(publicUrl, businessId, { origin, ip: `10.${phase === 'paced' ? 1 : 2}.${n}.1` });
    const starts: string[] = [];
    for (let m = 0; m < messagesPerSession; m++) {
      const wait = thinkMs();
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      const text = `${phase} visitor ${n} message ${m}: my kitchen tap drips`;
      const sentAt = performance.now();
      const sent = await chat.send(text);
      if (sent.status !== 202) {
        errors++;
        continue;
      }
      const start = await chat.stream.waitFor((e) => e.event === 'reply.start' && !starts.includes(e.data.replyId), 60_000);
      starts.push(start.data.replyId);
      const first = await chat.stream.waitFor((e) => e.event === 'reply.delta' && e.data.replyId === start.data.replyId, 60_000);
      await chat.stream.waitFor((e) => e.event === 'reply.end' && e.data.replyId === start.data.replyId, 60_000);
      samples.push({ text, sentAt, firstTokenAt: first.at });
    }
    chat.close();
  }
  const began = performance.now();
  await Promise.all(Array.from({ length: sessions }, (_, n) => visitor(n).catch(() => void errors++)));
  const wallSeconds = (performance.now() - began) / 1000;
  await stop();

  // The stand-in runs in this process: its clock is ours, so its own time can be taken out per message.
  const upstream = new Map(standin.requests.map((r) => [lastUserText(r.body), (r.firstChunkAt ?? r.receivedAt) - r.receivedAt]));
  const firstToken = samples.map((s) => s.firstTokenAt - s.sentAt);
  const overhead = samples.map((s) => s.firstTokenAt - s.sentAt - (upstream.get(s.text) ?? 0));
  return {
    messagesAnswered: samples.length,
    errors,
    firstTokenMs: { p50: pct(firstToken, 50), p99: pct(firstToken, 99) },
    serverOverheadMs: { p50: pct(overhead, 50), p99: pct(overhead, 99) },
    messagesPerSecond: Math.round(samples.length / wallSeconds),
    wallSeconds: Math.round(wallSeconds * 10) / 10,
  };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

const paced = await run('paced', () => 1000 + Math.random() * 2000);
const burst = await run('burst', () => 0);
console.log(
  JSON.stringify(
    {
      sessions,
      messagesPerSession,
      model: 'Chat Completions stand-in, streamed, ~90 characters in 15 chunks',
      paced: { thinkTimeMs: '1000-3000 before each message', ...paced },
      burst: { thinkTimeMs: 0, ...burst },
      note: 'serverOverheadMs = visitor-seen first token minus the stand-in\'s own time; every turn is an fsynced SQLite write',
    },
    null,
    2,
  ),
);

await standin.close();
