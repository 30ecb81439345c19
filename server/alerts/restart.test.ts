import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type ServerHandle } from '../index.js';
import { createLogger } from '../log/logger.js';
import { fakeClock, testPublicUrl } from '../test-kit/alert-harness.js';
import { startChildServer, type ChildServer } from '../test-kit/child-server.js';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import { startSmtpSink, type SmtpSink } from '../test-kit/smtp-sink.js';
import { tempDir, testConfig, testEnv } from '../test-kit/test-config.js';
import { startTwilioStandin, type TwilioStandin } from '../test-kit/twilio-rest-standin.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function outside(): Promise<{ twilio: TwilioStandin; smtp: SmtpSink; dir: string; env: Record<string, string> }> {
  const twilio = await startTwilioStandin();
  const smtp = await startSmtpSink();
  const temp = tempDir();
  cleanup.push(() => temp.remove(), () => twilio.close(), () => smtp.close());
  const env = {
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE: twilio.url,
    SMTP_URL: smtp.url,
    PUBLIC_URL: testPublicUrl,
    LOG_LEVEL: 'warn',
  };
  return { twilio, smtp, dir: temp.dir, env };
}

const posts = (twilio: TwilioStandin, resource: 'Calls' | 'Messages') => twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${resource}.json`));

describe('a restart in the middle of a chain', () => {
  it('resumes the escalation where it was, and sends nothing again that was sent (second start on the same data folder)', async () => {
    const { twilio, smtp, dir, env } = await outside();
    const clock = fakeClock();
    const start = async () => {
      const logger = await createLogger({ level: 'warn', dataDir: dir, terminal: 'none' });
      return startServer(testConfig(dir, env), { keytar: false, clock, logger });
    };

    let server: ServerHandle = await start();
    const { businesses, leads, alerts } = server.services;
    const business = businesses.create({ ...demoBusinessInput, widgetOrigins: [], backupPhone: '+15125550133' });
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await alerts.runDue();
    expect(posts(twilio, 'Calls').map((r) => r.params.To)).toEqual(['+15125550122']);
    await server.close();

    // Down for six minutes: the escalation (due at five) went by while nobody was running.
    clock.advance(6 * 60_000);
    server = await start();
    cleanup.push(() => server.close());
    await server.services.alerts.settle();
    await server.services.alerts.runDue();
    expect(posts(twilio, 'Calls').map((r) => r.params.To)).toEqual(['+15125550122', '+15125550133']);
    expect(posts(twilio, 'Messages').map((r) => r.params.To)).toEqual(['+15125550122', '+15125550133']);
    expect(smtp.messages).toHaveLength(1);
    const steps = server.services.leads.detail(lead.id).alerts;
    expect(steps.filter((s) => s.round <= 1 && s.purpose !== 'lead').every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
  });

  it('a server killed while the call request hangs: on the next start the call is tried again, the SMS and the email are not', async () => {
    const { twilio, smtp, dir, env } = await outside();
    const hold = twilio.hold('/Calls.json');
    const first: ChildServer = await startChildServer(testEnv(dir, env));
    cleanup.push(() => void first.child.kill('SIGKILL'));
    const api = adminClient(first);
    const business = await api('POST', '/api/businesses', { ...demoBusinessInput, widgetOrigins: [] });
    const lead = await api('POST', '/api/leads', { businessId: business.id, callerPhone: '+15125550148', priority: 'URGENT', summary: 'Basement flooding' });

    const statuses = async (client: typeof api) => {
      const detail = await client('GET', `/api/leads/${lead.id}`);
      return Object.fromEntries((detail.alerts as Array<{ channel: string; round: number; status: string }>).filter((a) => a.round === 0).map((a) => [a.channel, a.status]));
    };
    await until(async () => {
      const s = await statuses(api);
      return s.sms === 'sent' && s.email === 'sent' && s.call === 'sending';
    });
    expect(posts(twilio, 'Calls')).toHaveLength(1);
    first.child.kill('SIGKILL');
    await first.exited;
    hold.release();

    const second = await startChildServer(testEnv(dir, env));
    cleanup.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    const api2 = adminClient(second);
    await until(async () => (await statuses(api2)).call === 'sent');
    expect(posts(twilio, 'Calls')).toHaveLength(2);
    expect(posts(twilio, 'Messages')).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    const call = ((await api2('GET', `/api/leads/${lead.id}`)).alerts as Array<{ channel: string; round: number; attemptLog: Array<{ outcome: string }> }>).find(
      (a) => a.channel === 'call' && a.round === 0,
    )!;
    expect(call.attemptLog.map((a) => a.outcome)).toEqual(['interrupted', 'sent']);
  });
});

function adminClient(server: ChildServer) {
  const { adminUrl, adminToken } = server.started;
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}

/** Polls until the condition holds (the child runs on its own, real clock); fails after 20 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
