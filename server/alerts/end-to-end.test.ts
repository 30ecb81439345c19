import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../events/bus.js';
import { startAlertHarness, type AlertHarness } from '../test-kit/alert-harness.js';
import { startVisitor } from '../test-kit/chat-client.js';
import { startChatCompletionsStandin, type ChatCompletionsStandin } from '../test-kit/chat-completions-standin.js';
import { shopOrigin } from '../test-kit/chat-fixtures.js';
import { receptionist } from '../test-kit/chat-scenarios.js';
import { scriptScenario } from '../test-kit/realtime-standin.js';
import { startSmtpSink, type SmtpSink } from '../test-kit/smtp-sink.js';
import type { TwilioStandin } from '../test-kit/twilio-rest-standin.js';
import { callerNumber, startVoiceHarness, type VoiceHarness } from '../test-kit/voice-harness.js';

/**
 * Issue 8's "done when": an URGENT chat turn and an URGENT call turn each produce the chain end to end. Nothing
 * is called directly here: the visitor talks to the widget's HTTP API (the model is the Chat Completions
 * stand-in), the caller to the media stream (the model is the Realtime stand-in), and the turn is judged by
 * the real analyser (server/understanding).
 */

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const ownerCalls = (twilio: TwilioStandin) => twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Calls.json') && r.params.To === '+15125550122');
const ownerTexts = (twilio: TwilioStandin) => twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json') && r.params.To === '+15125550122');

describe('an URGENT chat turn', () => {
  it('through the widget API: the desktop event, the owner called and texted, the email sent; one chain for the analyser and the model', async () => {
    const model: ChatCompletionsStandin = await startChatCompletionsStandin({ scenario: receptionist });
    stops.push(() => model.close());
    const h: AlertHarness = await startAlertHarness({ env: { OPENAI_API_KEY: model.apiKey, OPENAI_BASE_URL: model.baseUrl } });
    stops.push(() => h.stop());
    const business = h.createBusiness({ plan: 'PRO', widgetOrigins: [shopOrigin] });

    const chat = await startVisitor(h.server.publicUrl, business.id, { origin: shopOrigin, ip: '203.0.113.7' });
    stops.push(async () => chat.close());
    expect(await chat.ask('Water is pouring through my kitchen ceiling, a pipe burst')).toMatch(/^I'm alerting the team right now\./);
    await h.runDue();

    const leadId = (h.events.find((e) => e.type === 'chat.started')!.data as { leadId: string }).leadId;
    const raised = h.events.filter((e) => e.type === 'alert.raised');
    expect(raised.map((e) => e.data)).toEqual([
      expect.objectContaining({ leadId, businessId: business.id, businessName: 'Acme Plumbing', lead: expect.objectContaining({ id: leadId, channel: 'chat', priority: 'URGENT', emergency: true }) }),
    ]);
    expect(ownerCalls(h.twilio).map((r) => r.params)).toEqual([
      expect.objectContaining({ From: business.twilioNumber, Twiml: expect.stringContaining('<Gather input="dtmf" numDigits="1"') }),
    ]);
    expect(ownerTexts(h.twilio).map((r) => r.params.Body)).toEqual([expect.stringMatching(/^EMERGENCY - Acme Plumbing\n/)]);
    const [mail] = await h.smtp.waitFor(1);
    expect(mail).toMatchObject({ to: ['owner@acme.example'], subject: expect.stringMatching(/^\[URGENT\] Emergency for Acme Plumbing: /) });

    // The model's flag came with the analyser's verdict, in its own words: no second chain, no update.
    h.clock.advance(10 * 60_000);
    await h.runDue();
    expect(h.server.services.alerts.list({ limit: 5 })).toEqual([expect.objectContaining({ leadId, kind: 'emergency' })]);
    expect(ownerTexts(h.twilio)).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(1);
  });
});

describe('an URGENT call turn', () => {
  it('through the media stream: the desktop event, the owner called and texted, the email sent', async () => {
    const smtp: SmtpSink = await startSmtpSink();
    stops.push(() => smtp.close());
    // The model only answers; the emergency is the analyser's verdict on what the caller said.
    const scenario = scriptScenario([{ when: (c) => /pouring/i.test(c.lastUserText ?? ''), then: [{ say: 'I am alerting Acme Plumbing right now.' }] }]);
    const voice: VoiceHarness = await startVoiceHarness({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Leads Agent <alerts@leads.example>' }, openai: { scenario } });
    stops.push(() => voice.close());

    const call = await voice.call();
    stops.push(() => call.hangUp().catch(() => undefined));
    await call.waitFor(() => call.heard().includes('How can I help you today?'), 'the greeting');
    await call.say('Water is pouring through the ceiling right now');

    const raised: BusEvent<any> = await voice.event('alert.raised');
    const leadId = (await voice.event('call.started')).data.leadId as string;
    expect(raised.data).toMatchObject({ leadId, businessId: voice.businessId, businessName: 'Acme Plumbing', lead: { id: leadId, channel: 'voice', priority: 'URGENT', callerPhone: callerNumber } });
    for (const channel of ['call', 'sms', 'email']) await voice.event('alert.sent', (d) => d.leadId === leadId && d.channel === channel);

    expect(ownerCalls(voice.rest).map((r) => r.params)).toEqual([
      expect.objectContaining({ From: '+15125550111', Twiml: expect.stringContaining('<say-as interpret-as="digits">512</say-as>') }),
    ]);
    expect(ownerTexts(voice.rest).map((r) => r.params)).toEqual([expect.objectContaining({ From: '+15125550111', Body: expect.stringMatching(/^EMERGENCY - Acme Plumbing\n/) })]);
    const [mail] = await smtp.waitFor(1);
    expect(mail).toMatchObject({ to: ['owner@acme.example'], subject: expect.stringMatching(/^\[URGENT\] Emergency for Acme Plumbing: /) });
    await call.waitFor(() => call.heard().includes('alerting Acme Plumbing'), "the agent's answer");
  });
});
