import type { ConnectOwnerToCall } from '../alerts/service.js';
import type { Business } from '../businesses/service.js';
import type { CreateBusinessInput } from '../businesses/schemas.js';
import type { Clock } from '../clock.js';
import type { Env } from '../config.js';
import type { BusEvent } from '../events/bus.js';
import type { TurnAnalyzer } from '../leads/customer-turns.js';
import { twilioSignature } from '../twilio/webhook-signature.js';
import { rawRequest, type RawResponse } from './http.js';
import { startTestServer, type TestServer } from './server-harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { startTwilioStandin, type TwilioStandin } from './twilio-rest-standin.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = Date.parse('2026-11-25T15:00:00.000Z')): FakeClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** The public origin the test server believes Twilio reaches it at: webhook signatures are computed over it. */
export const testPublicUrl = 'https://alerts.example.test';

export interface AlertHarness {
  server: TestServer;
  twilio: TwilioStandin;
  smtp: SmtpSink;
  clock: FakeClock;
  /** Every event published on the bus since start, in order. */
  events: BusEvent[];
  createBusiness(input?: Partial<CreateBusinessInput>): Business;
  /** POSTs a form to the public listener as Twilio would: signed over PUBLIC_URL + path unless told otherwise. */
  twilioPost(path: string, params: Record<string, string>, options?: { signature?: string | null; contentType?: string; body?: string }): Promise<RawResponse>;
  /** Sends what is due now (by the fake clock) and waits for every send to finish. */
  runDue(): Promise<void>;
  stop(): Promise<void>;
}

export interface AlertHarnessOptions {
  env?: Env;
  connectOwnerToCall?: ConnectOwnerToCall;
  analyzer?: TurnAnalyzer;
  clock?: FakeClock;
  /** SMTP_URL from the sink (a wrong password, say); the sink's own URL when absent. */
  smtpUrl?: (sink: SmtpSink) => string;
}

/** A real server wired to a Twilio REST stand-in and a real SMTP server on loopback, on a fake clock. */
export async function startAlertHarness(options: AlertHarnessOptions = {}): Promise<AlertHarness> {
  const twilio = await startTwilioStandin();
  const smtp = await startSmtpSink();
  const clock = options.clock ?? fakeClock();
  const server = await startTestServer(
    {
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE: twilio.url,
      SMTP_URL: options.smtpUrl?.(smtp) ?? smtp.url,
      SMTP_FROM: 'Leads Agent <alerts@leads.example>',
      PUBLIC_URL: testPublicUrl,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    { clock, connectOwnerToCall: options.connectOwnerToCall, analyzer: options.analyzer },
  );
  const events: BusEvent[] = [];
  server.services.bus.subscribe((event) => events.push(event));
  let count = 0;

  return {
    server,
    twilio,
    smtp,
    clock,
    events,
    createBusiness(input = {}) {
      count += 1;
      return server.services.businesses.create({
        name: 'Acme Plumbing',
        industry: 'plumbing',
        plan: 'PRO',
        twilioNumber: `+1512555${String(100 + count).padStart(4, '0')}`,
        ownerPhone: '+15125550122',
        ownerEmail: 'owner@acme.example',
        backupPhone: '+15125550133',
        timezone: 'America/Chicago',
        ...input,
      });
    },
    twilioPost(path, params, { signature, contentType = 'application/x-www-form-urlencoded', body } = {}) {
      const headers: Record<string, string> = { 'content-type': contentType };
      const sig = signature === undefined ? twilioSignature(twilio.authToken, `${testPublicUrl}${path}`, params) : signature;
      if (sig !== null) headers['x-twilio-signature'] = sig;
      return rawRequest(`${server.publicUrl}${path}`, { method: 'POST', headers, body: body ?? new URLSearchParams(params).toString() });
    },
    runDue: () => server.services.alerts.runDue(),
    async stop() {
      await server.stop();
      await Promise.all([twilio.close(), smtp.close()]);
    },
  };
}
