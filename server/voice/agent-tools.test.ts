import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptScenario, type ResponseContext } from '../test-kit/realtime-standin.js';
import { parseTwiml, textOf, elements } from '../test-kit/twiml.js';
import { startVoiceHarness, type VoiceHarness } from '../test-kit/voice-harness.js';
import type { KnowledgeSearch } from './tools.js';

const searches: string[] = [];
const knowledge: KnowledgeSearch = {
  async search(_businessId, query) {
    searches.push(query);
    return {
      mode: 'keyword',
      hits: [{ chunkId: 1, text: 'We serve Austin and Round Rock. The emergency call-out fee is $150.', heading: 'Service area', score: 1, source: { documentId: 'd1', title: 'FAQ', kind: 'faq', position: 0 } }],
    };
  },
};

const said = (pattern: RegExp) => (c: ResponseContext) => c.functionOutputs.length === 0 && pattern.test(c.lastUserText ?? '');
const after = (tool: string) => (c: ResponseContext) => c.functionOutputs.some((o) => o.name === tool);
const outputs: Array<{ name: string; output: unknown }> = [];

const scenario = scriptScenario([
  {
    when: (c) => c.functionOutputs.length > 0 && (outputs.push(...c.functionOutputs), false),
    then: [],
  },
  { when: (c) => /could not come to the phone/.test(c.instructions ?? ''), then: [{ say: 'The owner could not come to the phone, but I will take your details.' }] },
  { when: after('search_knowledge_base'), then: [{ say: 'We serve Austin and Round Rock.' }] },
  { when: (c) => c.functionOutputs.some((o) => (o.output as { ok?: boolean }).ok === false), then: [{ say: 'Sorry, could you say that again?' }] },
  { when: after('record_lead_field'), then: [{ say: 'Thanks, I have your number.' }] },
  { when: said(/keypad: (\d+)/), then: (c) => [{ call: { name: 'record_lead_field', arguments: { field: 'phone', value: /keypad: (\d+)/.exec(c.lastUserText!)![1]! } } }] },
  { when: said(/do you come/i), then: [{ call: { name: 'search_knowledge_base', arguments: { query: 'service area' } } }] },
  {
    when: said(/garbled/i),
    then: [
      { call: { name: 'record_lead_field', arguments: '{"field": "phone"' } },
      { call: { name: 'record_lead_field', arguments: { field: 'phone', value: '12' } } },
      { call: { name: 'record_lead_field', arguments: { field: 'favourite_colour', value: 'red' } } },
      { call: { name: 'fly_to_the_moon', arguments: {} } },
      { call: { name: 'flag_emergency', arguments: { reason: 42 } } },
    ],
  },
  { when: said(/owner/i), then: [{ call: { name: 'transfer_to_owner', arguments: {} } }] },
]);

let harness: VoiceHarness;
beforeAll(async () => {
  harness = await startVoiceHarness({ openai: { scenario }, options: { knowledge } });
});
afterAll(() => harness.close());

describe('the tools', () => {
  it('answers bad arguments, unknown tools and invalid answers with error results, and the call goes on', async () => {
    outputs.length = 0;
    const call = await harness.call();
    await call.waitFor(() => call.heard().includes('How can I help'), 'the greeting');
    await call.say('Something garbled here');
    await call.waitFor(() => call.heard().includes('Sorry, could you say that again?'), 'the model to carry on');
    expect(outputs.map((o) => o.output)).toEqual([
      { ok: false, error: 'Bad arguments for record_lead_field: the arguments are not valid JSON.' },
      { ok: false, error: 'phone is not a valid phone number' },
      { ok: false, error: expect.stringMatching(/^Unknown field "favourite_colour"; expected one of: name, preferred_time, address, phone/) },
      { ok: false, error: 'There is no tool called "fly_to_the_moon".' },
      { ok: false, error: 'Bad arguments for flag_emergency: "reason" must be a non-empty string.' },
    ]);
    const started = await harness.event('call.started', (d) => d.callSid === call.callSid);
    const lead = (await harness.server.admin('GET', `/api/leads/${started.data.leadId}`)).body;
    expect(lead.answers).toEqual([]);
    expect(lead.emergency).toBe(false);
    await call.hangUp();
  });

  it('gives the model keypad digits as text, and searches the knowledge base', async () => {
    const connection = harness.openai.nextConnection();
    const call = await harness.call();
    await call.waitFor(() => call.heard().includes('How can I help'), 'the greeting');
    const realtime = await connection;
    const update = realtime.received.find((e) => e.type === 'session.update') as { session: { instructions: string } };
    // Knowledge-base hints are in the instructions.
    expect(update.session.instructions).toContain('Service area: We serve Austin and Round Rock.');
    call.press('5125550148#');
    await call.waitFor(() => call.heard().includes('Thanks, I have your number.'), 'the number to be recorded');
    expect(realtime.received).toContainEqual({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'The caller typed on their phone keypad: 5125550148' }] },
    });
    await call.say('Do you come out to Round Rock');
    await call.waitFor(() => call.heard().includes('We serve Austin and Round Rock.'), 'the knowledge-base answer');
    expect(searches).toContain('service area');
    const started = await harness.event('call.started', (d) => d.callSid === call.callSid);
    const lead = (await harness.server.admin('GET', `/api/leads/${started.data.leadId}`)).body;
    expect(lead.callerPhone).toBe('+15125550148');
    expect(lead.turns.map((t: { text: string }) => t.text)).toContain('[keypad] 5125550148');
    await call.hangUp();
  });
});

describe('transfer_to_owner', () => {
  it('dials the owner with a whisper; when nobody answers, the caller is back with the agent', async () => {
    const call = await harness.call({ dialAnswers: false });
    await call.waitFor(() => call.heard().includes('How can I help'), 'the greeting');
    await call.say('Can I speak to the owner please');
    await call.waitFor(() => call.legs.length === 2 && call.heard().includes('The owner could not come to the phone'), 'the agent to be back');
    // The agent said it was putting the caller through before the call moved.
    expect(call.heard()).toContain('One moment, I am putting you through now.');
    const update = harness.rest.requests.find((r) => r.path.endsWith(`/Calls/${call.callSid}.json`))!;
    const dial = elements(parseTwiml(update.params.Twiml!))[0]!;
    expect(dial.attributes).toMatchObject({ action: `https://acme.ngrok.app/twilio/transfer/result?call=${call.callSid}`, method: 'POST', timeout: '20' });
    const number = elements(dial)[0]!;
    expect(number.attributes.url).toBe(`https://acme.ngrok.app/twilio/transfer/whisper?call=${call.callSid}`);
    expect(textOf(number)).toBe('+15125550122');
    expect(call.events).toContainEqual(expect.objectContaining({ type: 'dial', to: '+15125550122', status: 'no-answer' }));
    // A fresh stream with a fresh token for the same call; the session knows what happened.
    expect(call.legs[1]!.parameters.token).not.toBe(call.legs[0]!.parameters.token);
    const started = await harness.event('call.started', (d) => d.callSid === call.callSid);
    const lead = (await harness.server.admin('GET', `/api/leads/${started.data.leadId}`)).body;
    expect(lead.turns.map((t: { role: string; text: string }) => `${t.role}: ${t.text}`)).toContain('system: Transfer to the owner: no-answer');
    await call.hangUp();
    await harness.event('call.ended', (d) => d.callSid === call.callSid && d.status === 'completed');
  });

  it('puts the caller through when the owner answers, who hears who is calling and why first', async () => {
    const call = await harness.call({ dialAnswers: true });
    await call.waitFor(() => call.heard().includes('How can I help'), 'the greeting');
    await call.say('Can I speak to the owner please');
    expect(await call.ended).toBe('hangup');
    const dial = call.events.find((e) => e.type === 'dial');
    expect(dial).toMatchObject({ status: 'completed', whisper: expect.stringMatching(/^Acme Plumbing: call from 5 1 2 5 5 5 0 1 4 8, about Can I speak to the owner please\. Connecting you now\.$/) });
    const ended = await harness.event('call.ended', (d) => d.callSid === call.callSid);
    expect(ended.data.status).toBe('transferred');
  });
});

describe('connectOwnerToCall', () => {
  it('moves a live call to the owner (the alert chain calls this when the owner presses 1)', async () => {
    const call = await harness.call({ dialAnswers: true });
    await call.waitFor(() => call.heard().includes('How can I help'), 'the greeting');
    const voice = harness.server.services.voice;
    await expect(voice.connectOwnerToCall({ callSid: call.callSid, ownerPhone: 'not a phone' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(voice.connectOwnerToCall({ callSid: `CA${'0'.repeat(32)}`, ownerPhone: '+15125550199' })).rejects.toMatchObject({ statusCode: 404 });
    await voice.connectOwnerToCall({ callSid: call.callSid, ownerPhone: '(512) 555-0199' });
    expect(await call.ended).toBe('hangup');
    expect(call.events).toContainEqual(expect.objectContaining({ type: 'dial', to: '+15125550199', status: 'completed' }));
    const ended = await harness.event('call.ended', (d) => d.callSid === call.callSid);
    expect(ended.data.status).toBe('transferred');
    await expect(voice.connectOwnerToCall({ callSid: call.callSid, ownerPhone: '+15125550199' })).rejects.toMatchObject({ statusCode: 409 });
  });
});
