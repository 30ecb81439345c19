import WebSocket from 'ws';
import type { Env } from '../config.js';
import type { BusEvent } from '../events/bus.js';
import type { TurnAnalyzer } from '../leads/customer-turns.js';
import type { StartOptions } from '../index.js';
import { startRealtimeStandin, type RealtimeStandin, type RealtimeStandinOptions } from './realtime-standin.js';
import { demoBusinessInput, startTestServer, type TestServer } from './server-harness.js';
import { placeCall, type PhoneCall, type PhoneOptions } from './twilio-media-client.js';
import { startTwilioStandin, type TwilioStandin } from './twilio-rest-standin.js';

/** The public origin Twilio is told about; signatures are computed over it, requests go to the local port. */
export const testPublicUrl = 'https://acme.ngrok.app';
export const callerNumber = '+15125550148';

/** The essential questions are not the first ones, so "essential first in an emergency" changes the order. */
export const plumbingQuestions = [
  { text: "What's your name?", kind: 'text', field: 'name', isEssentialForEmergency: true },
  { text: 'When would you like someone to come out?', kind: 'text', field: 'preferred_time', required: false },
  { text: 'What is the address of the property?', kind: 'address', field: 'address', isEssentialForEmergency: true },
  { text: 'What is the best number to reach you?', kind: 'phone', field: 'phone' },
] as const;

/** A stand-in for the analyser of "Understanding": flooding and fire are emergencies. */
export const floodAnalyzer: TurnAnalyzer = {
  analyze(turn) {
    const urgent = /pouring|flood|fire/i.test(turn.text);
    return urgent
      ? { priority: 'URGENT', reasons: ['active water leak'], entities: [], emergency: true }
      : { priority: 'NORMAL', reasons: [], entities: [], emergency: false };
  },
};

export interface VoiceHarness {
  server: TestServer;
  rest: TwilioStandin;
  openai: RealtimeStandin;
  businessId: string;
  /** Every bus event, as a subscriber of the admin /api/events WebSocket receives it. */
  events: BusEvent<any>[];
  phoneOptions(extra?: Partial<PhoneOptions>): PhoneOptions;
  call(extra?: Partial<PhoneOptions>, from?: string): Promise<PhoneCall>;
  /** Waits until an event of this type (and matching `where`) has arrived. */
  event(type: string, where?: (data: any) => boolean): Promise<BusEvent<any>>;
  close(): Promise<void>;
}

/** A real server wired to the Twilio REST stand-in and the OpenAI stand-in, with a PRO plumbing business. */
export async function startVoiceHarness({
  env = {},
  openai: openaiOptions = {},
  plan = 'PRO',
  options = {},
}: { env?: Env; openai?: RealtimeStandinOptions; plan?: 'FREE' | 'BASIC' | 'PRO'; options?: StartOptions } = {}): Promise<VoiceHarness> {
  const rest = await startTwilioStandin();
  const openai = await startRealtimeStandin(openaiOptions);
  const server = await startTestServer(
    {
      PUBLIC_URL: testPublicUrl,
      TWILIO_ACCOUNT_SID: rest.accountSid,
      TWILIO_AUTH_TOKEN: rest.authToken,
      TWILIO_API_BASE: rest.url,
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_REALTIME_URL: openai.realtimeUrl,
      LOG_LEVEL: 'warn',
      ...env,
    },
    options,
  );
  const created = await server.admin('POST', '/api/businesses', { ...demoBusinessInput, plan });
  if (created.status !== 201) throw new Error(`business not created: ${JSON.stringify(created.body)}`);
  const businessId = created.body.id as string;
  for (const question of plumbingQuestions) {
    const answer = await server.admin('POST', `/api/businesses/${businessId}/questions`, question);
    if (answer.status !== 201) throw new Error(`question not created: ${JSON.stringify(answer.body)}`);
  }

  const events: BusEvent<any>[] = [];
  const waiters: Array<() => void> = [];
  const subscriber = new WebSocket(`${server.adminUrl.replace(/^http/, 'ws')}/api/events`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  subscriber.on('message', (data) => {
    events.push(JSON.parse(data.toString()) as BusEvent);
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise<void>((resolve, reject) => {
    subscriber.once('open', () => resolve());
    subscriber.once('error', reject);
  });

  const phoneOptions = (extra: Partial<PhoneOptions> = {}): PhoneOptions => ({
    server: server.publicUrl,
    publicUrl: testPublicUrl,
    accountSid: rest.accountSid,
    authToken: rest.authToken,
    rest,
    ...extra,
  });

  return {
    server,
    rest,
    openai,
    businessId,
    events,
    phoneOptions,
    call: (extra = {}, from = callerNumber) => placeCall(phoneOptions(extra), { from, to: demoBusinessInput.twilioNumber }),
    event(type, where = () => true) {
      const find = () => events.find((event) => event.type === type && where(event.data));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event; got ${events.map((e) => e.type).join(', ')}`)), 15_000);
        const check = () => {
          const found = find();
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
    async close() {
      subscriber.close();
      await server.stop();
      await openai.close();
      await rest.close();
    },
  };
}
