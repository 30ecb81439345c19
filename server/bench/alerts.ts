/**
 * `npm run bench:alerts`: how long from an URGENT customer turn to the first `alert.raised` event on the bus
 * and to the first request the Twilio REST stand-in receives (the call or the SMS), and to the email accepted
 * by a real SMTP server on loopback. Target: under 200 ms to the first provider request.
 *
 * A real server in this process (both listeners, SQLite with synchronous=FULL in a temp folder), a PRO
 * business, and three ways in: a chat turn and a voice turn through `customerTurns.record` with a stand-in
 * analyser verdict, and the model's `flagEmergency`. Each lead runs alone (the next starts once its call,
 * SMS and email have gone). Prints JSON: milliseconds, p50 / p95 / max, and the very first (cold) run apart.
 */
import { performance } from 'node:perf_hooks';
import { startServer } from '../index.js';
import type { TurnAnalyzer } from '../leads/customer-turns.js';
import { createLogger } from '../log/logger.js';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import { startSmtpSink } from '../test-kit/smtp-sink.js';
import { tempDir, testConfig } from '../test-kit/test-config.js';
import { startTwilioStandin } from '../test-kit/twilio-rest-standin.js';

const runs = Number(process.argv[2] ?? 40);

const analyzer: TurnAnalyzer = {
  analyze: (turn) =>
    /flood/.test(turn.text)
      ? { emergency: true, priority: 'URGENT', reasons: ['basement flooding'], intent: 'emergency', entities: [{ type: 'address', value: '1420 Oak Street' }] }
      : { emergency: false, priority: 'NORMAL', reasons: [], intent: 'other', entities: [] },
};

interface Sample {
  raised: number;
  firstRequest: number;
  call: number;
  sms: number;
  email: number;
}

async function main(): Promise<void> {
  let waiting: { leadId: string; started: number; marks: Partial<Sample>; done(): void } | undefined;
  const mark = (name: keyof Sample) => {
    if (!waiting || waiting.marks[name] !== undefined) return;
    waiting.marks[name] = performance.now() - waiting.started;
    if (name === 'call' || name === 'sms') waiting.marks.firstRequest ??= waiting.marks[name];
    const m = waiting.marks;
    if (m.raised !== undefined && m.call !== undefined && m.sms !== undefined && m.email !== undefined) waiting.done();
  };
  const twilio = await startTwilioStandin({
    onRequest: (request) => {
      if (request.method !== 'POST') return;
      if (request.path.endsWith('/Calls.json')) mark('call');
      if (request.path.endsWith('/Messages.json')) mark('sms');
    },
  });
  const smtp = await startSmtpSink();
  const temp = tempDir('leads-bench-');
  const config = testConfig(temp.dir, {
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE: twilio.url,
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'https://bench.example.test',
    LOG_LEVEL: 'warn',
  });
  const logger = await createLogger({ level: 'warn', dataDir: temp.dir, terminal: 'none' });
  const server = await startServer(config, { keytar: false, logger, analyzer });
  const { bus, businesses, leads, customerTurns } = server.services;
  bus.subscribe((event) => {
    if (event.type === 'alert.raised' && (event.data as { leadId: string }).leadId === waiting?.leadId) mark('raised');
  });
  const mailsBefore = () => smtp.messages.length;
  const business = businesses.create({ ...demoBusinessInput, widgetOrigins: [] });

  const ways: Record<string, (leadId: string) => void> = {
    chatTurn: (id) => customerTurns.record(id, { channel: 'chat', text: 'my basement is flooding', chatId: 'bench' }),
    voiceTurn: (id) => customerTurns.record(id, { channel: 'voice', text: 'my basement is flooding', callId: 'CA-bench' }),
    flagEmergency: (id) => leads.flagEmergency(id, 'basement flooding'),
  };
  const results: Record<string, Sample[]> = { chatTurn: [], voiceTurn: [], flagEmergency: [] };
  for (let i = 0; i < runs; i++) {
    for (const [way, trigger] of Object.entries(ways)) {
      const lead = leads.create({ businessId: business.id, channel: way === 'chatTurn' ? 'chat' : 'voice', callerPhone: '+15125550148' });
      const mails = mailsBefore();
      await new Promise<void>((resolve) => {
        waiting = { leadId: lead.id, started: performance.now(), marks: {}, done: resolve };
        trigger(lead.id);
        void smtp.waitFor(mails + 1).then(() => mark('email'));
      });
      results[way]!.push(waiting!.marks as Sample);
      waiting = undefined;
    }
  }

  await server.close();
  await Promise.all([twilio.close(), smtp.close()]);
  temp.remove();

  const report: Record<string, unknown> = { runsPerWay: runs, unit: 'ms', targetFirstProviderRequestMs: 200 };
  for (const [way, samples] of Object.entries(results)) {
    const [cold, ...warm] = samples;
    report[way] = {
      cold: round(cold!),
      ...Object.fromEntries((['raised', 'firstRequest', 'call', 'sms', 'email'] as const).map((k) => [k, stats(warm.map((s) => s[k]))])),
    };
  }
  console.log(JSON.stringify(report, null, 2));
}

function stats(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: fix(at(0.5)), p95: fix(at(0.95)), max: fix(sorted.at(-1)!) };
}

function round(sample: Sample): Record<string, number> {
  return Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, fix(v)]));
}

function fix(ms: number): number {
  return Math.round(ms * 10) / 10;
}

await main();
