import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSpeech } from '../test-kit/speech-codec.js';
import { scriptScenario, type Action, type ResponseContext } from '../test-kit/realtime-standin.js';
import { callerNumber, startVoiceHarness, type VoiceHarness } from '../test-kit/voice-harness.js';

const said = (pattern: RegExp) => (context: ResponseContext) => context.functionOutputs.length === 0 && pattern.test(context.lastUserText ?? '');
const after = (tool: string) => (context: ResponseContext) => context.functionOutputs.some((output) => output.name === tool);
const record = (field: string, value: string): Action => ({ call: { name: 'record_lead_field', arguments: { field, value } } });

const longReply =
  'Got it, fourteen twenty Oak Street. Now tell me a bit more about what is going on there, how long it has been happening, and whether anyone has looked at it yet.';

/** The model's side of the conversation, as the scenario of the Realtime stand-in. */
const plumbingCall = scriptScenario([
  { when: after('flag_emergency'), then: [{ say: 'I understand this is an emergency. I am alerting Acme Plumbing right now. Is anyone in danger?' }] },
  { when: after('record_lead_field'), then: (c) => [{ say: c.functionOutputs.some((o) => (o.output as { field?: string }).field === 'name') ? 'Thanks, Jane. What is the address of the property?' : longReply }] },
  { when: said(/my name is (.+)/i), then: (c) => [record('name', /my name is (.+)/i.exec(c.lastUserText!)![1]!)] },
  { when: said(/oak street/i), then: [record('address', '1420 Oak Street, Austin TX')] },
  {
    when: said(/pouring/i),
    then: [record('issue', 'Water pouring through the ceiling'), { call: { name: 'flag_emergency', arguments: { reason: 'water pouring through the ceiling' } } }],
  },
  { when: said(/goodbye/i), then: [{ call: { name: 'end_call', arguments: {} } }] },
]);

let harness: VoiceHarness;
beforeAll(async () => {
  harness = await startVoiceHarness({ openai: { scenario: plumbingCall } });
});
afterAll(() => harness.close());

describe('a call through the stand-ins', () => {
  it('goes greeting → answers → barge-in → tool calls → emergency → hang-up, and everything is stored and published', async () => {
    const { server, openai, rest } = harness;
    const connection = openai.nextConnection();
    const call = await harness.call();

    // The lead with the caller's number exists before the agent says a word.
    await call.waitFor(() => call.events.some((e) => e.type === 'stream-open'), 'the media stream');
    const started = await harness.event('call.started');
    expect(started.data).toMatchObject({ callSid: call.callSid, businessId: harness.businessId, from: callerNumber, to: '+15125550111' });
    const leadId = started.data.leadId as string;
    const early = await server.admin('GET', `/api/leads/${leadId}`);
    expect(early.body).toMatchObject({ callerPhone: callerNumber, channel: 'voice' });
    expect(call.heard()).toBe('');

    await call.waitFor(() => call.heard().includes('How can I help you today?'), 'the greeting');
    const realtime = await connection;
    expect(realtime.model).toBe('gpt-realtime');

    await call.say('My name is Jane Doe');
    await call.waitFor(() => call.heard().includes('What is the address of the property?'), 'the second question');
    await call.say('1420 Oak Street in Austin');
    await call.waitFor(() => call.heard().includes('Now tell me'), 'the long reply to start playing');
    // Barge-in: the caller talks over the agent.
    await call.say('Water is pouring through the ceiling right now');
    await call.waitFor(() => call.heard().includes('Is anyone in danger?'), 'the emergency reply');
    await call.say('No, thanks, goodbye');
    expect(await call.ended).toBe('rest-completed');
    await realtime.closed;

    // Barge-in: Twilio's buffer was cleared and the item truncated at exactly what the caller heard.
    expect(call.legs[0]!.clears).toBeGreaterThanOrEqual(1);
    expect(realtime.truncations).toHaveLength(1);
    const cut = realtime.truncations[0]!;
    const heardOfReply = call.heard().split('Got it, ')[1]!.split('I understand')[0]!;
    const heardMs = ('Got it, ' + heardOfReply).length * 10;
    expect(cut.audio_end_ms).toBeGreaterThan(0);
    expect(cut.audio_end_ms).toBeLessThan(cut.audioMs);
    expect(cut.audio_end_ms).toBeLessThanOrEqual(heardMs);
    expect(heardMs - cut.audio_end_ms).toBeLessThanOrEqual(130);
    expect(call.heard()).not.toContain('looked at it yet');

    // The session was set up from the business: mu-law both ways, its VAD, voice, transcription and tools.
    const update = realtime.received.find((e) => e.type === 'session.update') as any;
    expect(update.session).toMatchObject({
      type: 'realtime',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 },
        },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
    });
    expect(update.session.tools.map((t: { name: string }) => t.name)).toEqual(['record_lead_field', 'flag_emergency', 'search_knowledge_base', 'transfer_to_owner', 'end_call']);
    expect(update.session.instructions).toContain('Acme Plumbing');
    expect(update.session.instructions).toContain('What is the address of the property? (field "address"');
    // The greeting was asked for before the caller said anything.
    const firstResponse = realtime.received.findIndex((e) => e.type === 'response.create');
    const firstAudio = realtime.received.findIndex((e) => e.type === 'input_audio_buffer.append' && decodeSpeech(Buffer.from(String(e.audio), 'base64')) !== '');
    expect(firstResponse).toBeGreaterThan(-1);
    expect(firstResponse).toBeLessThan(firstAudio);

    // Audio went through unchanged both ways: the same base64 strings.
    const leg = call.legs[0]!;
    expect(realtime.appended.length).toBeGreaterThan(50);
    expect(leg.sent.slice(0, realtime.appended.length)).toEqual(realtime.appended);
    let at = 0;
    for (const payload of leg.received) {
      at = realtime.deltas.indexOf(payload, at);
      expect(at).toBeGreaterThanOrEqual(0);
      at++;
    }

    // The goodbye was said, then the call was ended through the REST API.
    expect(call.heard()).toContain('Thanks for calling Acme Plumbing. Goodbye!');
    const hangUp = rest.requests.find((r) => r.path.endsWith(`/Calls/${call.callSid}.json`));
    expect(hangUp?.params).toEqual({ Status: 'completed' });

    // In SQLite: the lead with its answers, emergency and turns; the call record.
    const lead = (await server.admin('GET', `/api/leads/${leadId}`)).body;
    expect(lead).toMatchObject({ callerName: 'Jane Doe', callerPhone: callerNumber, address: '1420 Oak Street, Austin TX', emergency: true, priority: 'URGENT' });
    expect(Object.fromEntries(lead.answers.map((a: { field: string; value: string }) => [a.field, a.value]))).toMatchObject({
      name: 'Jane Doe',
      address: '1420 Oak Street, Austin TX',
      issue: 'Water pouring through the ceiling',
    });
    const turns = lead.turns.map((t: { role: string; text: string }) => `${t.role}: ${t.text}`);
    expect(turns).toContain('customer: My name is Jane Doe');
    expect(turns).toContain('customer: Water is pouring through the ceiling right now');
    expect(turns).toContain('agent: Thanks for calling Acme Plumbing. How can I help you today?');
    const interrupted = turns.find((t: string) => t.startsWith('agent: Got it,'))!;
    expect(interrupted).toMatch(/…$/);
    expect(interrupted).not.toContain('looked at it yet');
    expect(lead.calls).toEqual([
      expect.objectContaining({ id: call.callSid, fromNumber: callerNumber, toNumber: '+15125550111', status: 'completed', mode: 'realtime', endedAt: expect.any(String) }),
    ]);
    expect(lead.calls[0].durationSeconds).toBeGreaterThanOrEqual(0);
    expect(lead.calls[0].summary).toMatch(/^EMERGENCY/);

    // Live on /api/events.
    const ended = await harness.event('call.ended', (d) => d.callSid === call.callSid);
    expect(ended.data).toMatchObject({ leadId, status: 'completed', summary: expect.stringContaining('Water pouring') });
    const types = harness.events.filter((e) => e.type.startsWith('call.') && e.data.callSid === call.callSid).map((e) => e.type);
    expect(types[0]).toBe('call.started');
    expect(types.at(-1)).toBe('call.ended');
    const callTurns = harness.events.filter((e) => e.type === 'call.turn' && e.data.callSid === call.callSid).map((e) => e.data);
    expect(callTurns).toContainEqual(expect.objectContaining({ role: 'customer', text: 'My name is Jane Doe', leadId, turnId: expect.any(Number) }));
    expect(callTurns).toContainEqual(expect.objectContaining({ role: 'agent', text: 'Thanks, Jane. What is the address of the property?' }));
    const fields = harness.events.filter((e) => e.type === 'call.lead' && e.data.callSid === call.callSid).map((e) => e.data.field);
    expect(fields).toEqual(['name', 'address', 'issue', 'emergency']);
    expect(harness.events).toContainEqual(expect.objectContaining({ type: 'lead.updated', data: expect.objectContaining({ lead: expect.objectContaining({ id: leadId, priority: 'URGENT' }) }) }));

    // The session is released.
    const session = await server.services.sessions.get(call.callSid);
    expect(session?.live).toBe(false);
    expect(server.services.voice.liveCalls()).toBe(0);
  });

  it('answers search_knowledge_base with an empty result when there is no knowledge service, and the call goes on', async () => {
    const outputs: unknown[] = [];
    const previous = harness.openai.scenario;
    harness.openai.scenario = scriptScenario([
      {
        when: after('search_knowledge_base'),
        then: (c) => {
          outputs.push(...c.functionOutputs.map((o) => o.output));
          return [{ say: 'I do not have that to hand.' }];
        },
      },
      { when: said(/do you come/i), then: [{ call: { name: 'search_knowledge_base', arguments: { query: 'service area' } } }] },
    ]);
    try {
      const call = await harness.call();
      await call.waitFor(() => call.heard().includes('How can I help you today?'), 'the greeting');
      await call.say('Do you come out to Round Rock');
      await call.waitFor(() => call.heard().includes('I do not have that to hand.'), 'the answer after the search');
      expect(outputs).toEqual([{ ok: true, results: [] }]);
      await call.hangUp();
      await harness.event('call.ended', (d) => d.callSid === call.callSid);
    } finally {
      harness.openai.scenario = previous;
    }
  });
});
