import { afterEach, describe, expect, it } from 'vitest';
import { callerNumber, floodAnalyzer, startVoiceHarness, type VoiceHarness } from '../test-kit/voice-harness.js';
import type { PhoneCall, PhoneEvent } from '../test-kit/twilio-media-client.js';

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function leadOf(h: VoiceHarness, call: PhoneCall) {
  const started = await h.event('call.started', (d) => d.callSid === call.callSid);
  return (await h.server.admin('GET', `/api/leads/${started.data.leadId}`)).body;
}

/** A scripted caller for the <Gather> flow. */
function caller(answers: Array<[RegExp, string | undefined]>) {
  const asked: string[] = [];
  return {
    asked,
    gatherAnswer(prompt: string) {
      asked.push(prompt);
      const index = answers.findIndex(([pattern]) => pattern.test(prompt));
      if (index === -1) return undefined;
      const [[, answer]] = answers.splice(index, 1) as [[RegExp, string | undefined]];
      return answer;
    },
  };
}

describe('a business whose plan has no voice agent', () => {
  it('hears its own message, and the call leaves a missed-call lead with the caller number', async () => {
    harness = await startVoiceHarness({ plan: 'BASIC' });
    await harness.server.admin('PATCH', `/api/businesses/${harness.businessId}`, { voice: { messages: { unavailable: 'Acme Plumbing is closed right now; we will call you back first thing.' } } });
    const call = await harness.call();
    expect(await call.ended).toBe('hangup');
    // TTS worked, so the message is played as OpenAI audio.
    expect(call.prompts()).toEqual(['Acme Plumbing is closed right now; we will call you back first thing.']);
    expect(call.events.some((e) => e.type === 'play' && e.status === 200)).toBe(true);
    const lead = await leadOf(harness, call);
    expect(lead).toMatchObject({ callerPhone: callerNumber, missed: true, channel: 'voice' });
    expect(lead.calls).toEqual([expect.objectContaining({ id: call.callSid, mode: 'missed', status: 'no-voice-plan', endedAt: expect.any(String) })]);
    await harness.event('call.ended', (d) => d.callSid === call.callSid && d.status === 'no-voice-plan');
    expect(harness.openai.connections).toHaveLength(0);
  });
});

describe('all lines busy', () => {
  it('tells the caller we will call back, and leaves a missed-call lead', async () => {
    harness = await startVoiceHarness({ env: { MAX_IN_MEMORY_SESSIONS: '1' } });
    const first = await harness.call();
    await first.waitFor(() => first.heard().includes('How can I help'), 'the first call to be answered');
    const second = await harness.call({}, '+15125550177');
    expect(await second.ended).toBe('hangup');
    expect(second.prompts()).toEqual(['All our lines are busy right now. We have your number and will call you back shortly.']);
    const lead = await leadOf(harness, second);
    expect(lead).toMatchObject({ callerPhone: '+15125550177', missed: true });
    expect(lead.calls[0]).toMatchObject({ mode: 'missed', status: 'busy' });
    await first.hangUp();
  });
});

describe('with no OpenAI key', () => {
  it('answers with the fallback flow at set-up, in <Say> with SSML, and captures the lead', async () => {
    harness = await startVoiceHarness({ env: { OPENAI_API_KEY: '' }, options: { analyzer: floodAnalyzer } });
    const script = caller([
      [/How can I help/, 'My kitchen sink is blocked'],
      [/name/, 'Jane Doe'],
      [/come out/, 'Tomorrow morning'],
      [/address/, '1420 Oak Street, Austin'],
      [/number/, '512 555 0148'],
    ]);
    const call = await harness.call({ gatherAnswer: script.gatherAnswer });
    expect(await call.ended).toBe('hangup');
    expect(call.events.filter((e) => e.type === 'webhook-error')).toEqual([]);
    // The greeting asks the first question itself; then the questions in order, each after a short interjection.
    expect(script.asked).toEqual([
      'Thanks for calling Acme Plumbing. How can I help you today?',
      "Got it. What's your name?",
      'Alright. When would you like someone to come out?',
      'Perfect. What is the address of the property?',
      'Thank you. What is the best number to reach you?',
    ]);
    expect(call.prompts().at(-1)).toBe('Okay. Thank you, I have everything I need. Someone from Acme Plumbing will get back to you shortly.');
    const says = call.events.filter((e): e is Extract<PhoneEvent, { type: 'say' }> => e.type === 'say');
    expect(says.every((s) => s.attributes.voice === 'Polly.Joanna' && s.attributes.language === 'en-US')).toBe(true);
    expect(says[1]!.xml.children.some((c) => typeof c !== 'string' && c.name === 'break')).toBe(true);

    const lead = await leadOf(harness, call);
    expect(Object.fromEntries(lead.answers.map((a: { field: string; value: string }) => [a.field, a.value]))).toEqual({
      issue: 'My kitchen sink is blocked',
      name: 'Jane Doe',
      preferred_time: 'Tomorrow morning',
      address: '1420 Oak Street, Austin',
      phone: '+15125550148',
    });
    expect(lead.calls[0]).toMatchObject({ mode: 'fallback', status: 'completed' });
    expect(lead.turns.filter((t: { role: string }) => t.role === 'customer')).toHaveLength(5);
    await harness.event('call.ended', (d) => d.callSid === call.callSid && d.status === 'completed');
    expect(harness.openai.connections).toHaveLength(0);
    expect(harness.openai.ttsRequests).toHaveLength(0);
  });
});
