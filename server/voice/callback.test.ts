import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptScenario } from '../test-kit/realtime-standin.js';
import { rawRequest } from '../test-kit/http.js';
import { answerCreatedCall } from '../test-kit/twilio-media-client.js';
import type { CallEvent } from '../test-kit/twilio-rest-standin.js';
import { elements, parseTwiml, textOf } from '../test-kit/twiml.js';
import { startVoiceHarness, testPublicUrl, type VoiceHarness } from '../test-kit/voice-harness.js';
import { twilioSignature } from '../twilio/webhook-signature.js';

const scenario = scriptScenario([{ when: (c) => /just picked up/.test(c.instructions ?? ''), then: [{ say: 'Hi, this is Acme Plumbing calling about your water heater.' }] }]);

let harness: VoiceHarness;
let leadId: string;
beforeAll(async () => {
  harness = await startVoiceHarness({ openai: { scenario } });
  // A chat lead: what the visitor said on the website before asking for a call.
  leadId = (await harness.server.admin('POST', '/api/leads', { businessId: harness.businessId, callerName: 'Jane Doe' })).body.id;
  const leads = harness.server.services.leads;
  leads.addTurn(leadId, { channel: 'chat', role: 'customer', text: 'My water heater is leaking all over the garage', chatId: 'chat-1' });
  leads.addTurn(leadId, { channel: 'chat', role: 'agent', text: 'Sorry to hear that! Would you like us to call you now?', chatId: 'chat-1' });
});
afterAll(() => harness.close());

function nextCreatedCall(): Promise<CallEvent> {
  return new Promise((resolve) => {
    const stop = harness.rest.onCall((event) => {
      if (event.kind !== 'created') return;
      stop();
      resolve(event);
    });
  });
}

describe('startCallback (the chat widget\'s "call me now")', () => {
  it('places a call from the business number whose agent continues the same lead with the chat so far', async () => {
    const created = nextCreatedCall();
    const connection = harness.openai.nextConnection();
    const { callSid } = await harness.server.services.voice.startCallback({ leadId, to: '(512) 555-0148' });
    const placed = await created;
    expect(placed.callSid).toBe(callSid);
    expect(placed.params).toMatchObject({ To: '+15125550148', From: '+15125550111', Method: 'POST', StatusCallback: `${testPublicUrl}/twilio/status`, StatusCallbackMethod: 'POST' });
    expect(placed.params.Url).toMatch(/^https:\/\/acme\.ngrok\.app\/twilio\/voice\?callback=[A-Za-z0-9_.%-]+$/);
    const started = await harness.event('call.started', (d) => d.callSid === callSid);
    expect(started.data).toMatchObject({ leadId, from: '+15125550111', to: '+15125550148' });

    const call = await answerCreatedCall(harness.phoneOptions(), placed);
    await call.waitFor(() => call.heard().includes('calling about your water heater'), 'the agent to introduce itself');
    const update = (await connection).received.find((e) => e.type === 'session.update') as { session: { instructions: string } };
    expect(update.session.instructions).toContain('You are calling the customer back');
    expect(update.session.instructions).toContain('Customer (chat): My water heater is leaking all over the garage');
    await call.say('Yes it is still leaking');
    await call.waitFor(() => call.heard().includes('You said: Yes it is still leaking'), 'the agent to answer');
    await call.hangUp();
    await harness.event('call.ended', (d) => d.callSid === callSid);

    const lead = (await harness.server.admin('GET', `/api/leads/${leadId}`)).body;
    expect(lead.turns.map((t: { channel: string; role: string; text: string }) => `${t.channel}/${t.role}: ${t.text}`)).toEqual([
      'chat/customer: My water heater is leaking all over the garage',
      'chat/agent: Sorry to hear that! Would you like us to call you now?',
      'voice/agent: Hi, this is Acme Plumbing calling about your water heater.',
      'voice/customer: Yes it is still leaking',
      'voice/agent: You said: Yes it is still leaking',
    ]);
    expect(lead.calls).toEqual([expect.objectContaining({ id: callSid, status: 'completed', mode: 'realtime' })]);

    // The call-back URL works once: a replay is turned away politely.
    const params = { AccountSid: harness.rest.accountSid, CallSid: callSid, CallStatus: 'in-progress', Direction: 'outbound-api', From: '+15125550111', To: '+15125550148' };
    const replay = await rawRequest(`${harness.server.publicUrl}${placed.params.Url!.slice(testPublicUrl.length)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(harness.rest.authToken, placed.params.Url!, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(replay.status).toBe(200);
    const verbs = elements(parseTwiml(replay.text));
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
    expect(textOf(verbs[0]!)).toMatch(/could not be connected/);
  });

  it('records a call-back nobody answered, from the status callback', async () => {
    const created = nextCreatedCall();
    const { callSid } = await harness.server.services.voice.startCallback({ leadId, to: '+15125550148' });
    await created;
    const params = { AccountSid: harness.rest.accountSid, CallSid: callSid, CallStatus: 'no-answer', CallDuration: '0', Direction: 'outbound-api' };
    const response = await rawRequest(`${harness.server.publicUrl}/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(harness.rest.authToken, `${testPublicUrl}/twilio/status`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(204);
    const ended = await harness.event('call.ended', (d) => d.callSid === callSid);
    expect(ended.data).toMatchObject({ leadId, status: 'no-answer' });
  });

  it('refuses a bad number, an unknown lead, and a plan without the voice agent', async () => {
    const voice = harness.server.services.voice;
    await expect(voice.startCallback({ leadId, to: 'call me maybe' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(voice.startCallback({ leadId: 'no-such-lead', to: '+15125550148' })).rejects.toMatchObject({ statusCode: 404 });
    await harness.server.admin('PATCH', `/api/businesses/${harness.businessId}`, { plan: 'BASIC' });
    try {
      await expect(voice.startCallback({ leadId, to: '+15125550148' })).rejects.toMatchObject({ statusCode: 403, code: 'PLAN_FEATURE' });
    } finally {
      await harness.server.admin('PATCH', `/api/businesses/${harness.businessId}`, { plan: 'PRO' });
    }
  });
});
