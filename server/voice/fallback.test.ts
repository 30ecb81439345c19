import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneCall, PhoneEvent } from '../test-kit/twilio-media-client.js';
import { floodAnalyzer, startVoiceHarness, type VoiceHarness } from '../test-kit/voice-harness.js';

let harness: VoiceHarness;
beforeAll(async () => {
  harness = await startVoiceHarness({ options: { analyzer: floodAnalyzer } });
});
afterAll(() => harness.close());

function scriptedCaller(answers: Array<[RegExp, string | undefined]>) {
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

async function leadOf(call: PhoneCall) {
  const started = await harness.event('call.started', (d) => d.callSid === call.callSid);
  return (await harness.server.admin('GET', `/api/leads/${started.data.leadId}`)).body;
}

const answersOf = (lead: { answers: Array<{ field: string; value: string }> }) => Object.fromEntries(lead.answers.map((a) => [a.field, a.value]));

describe('when the Realtime API cannot be reached', () => {
  it('moves the call to the fallback flow through a REST call update, speaking with OpenAI TTS, essential questions first in an emergency', async () => {
    harness.openai.mode = 'refuse';
    const script = scriptedCaller([
      [/trouble on my end/, 'Water is pouring through the ceiling'],
      [/name/, 'Jane Doe'],
      [/address/, '1420 Oak Street, Austin'],
      [/come out/, undefined],
      [/didn't catch that/, undefined],
      [/best number/, 'five five five'],
      [/full phone number/, '512 555 0148'],
    ]);
    try {
      const call = await harness.call({ gatherAnswer: script.gatherAnswer });
      expect(await call.ended).toBe('hangup');
      // The stream was opened, then the call moved by a REST update to the fallback URL.
      const update = harness.rest.requests.find((r) => r.path.endsWith(`/Calls/${call.callSid}.json`));
      expect(update?.params).toEqual({ Url: 'https://acme.ngrok.app/twilio/fallback/start?reason=realtime', Method: 'POST' });
      expect(call.events.map((e) => e.type)).toContain('stream-closed');
      // Essential questions first once it is an emergency; an unanswered one asked twice, then skipped;
      // an invalid answer asked again once.
      expect(script.asked).toEqual([
        "Sorry, I'm having trouble on my end. Let me take your details so Acme Plumbing can call you back. How can we help you today?",
        "I understand this is an emergency. I am alerting Acme Plumbing right now. Got it. What's your name?",
        'Alright. What is the address of the property?',
        'Perfect. When would you like someone to come out?',
        "Sorry, I didn't catch that. When would you like someone to come out?",
        'What is the best number to reach you?',
        "Sorry, that didn't sound like a full phone number. What is the best number to reach you?",
      ]);
      // Every prompt is OpenAI TTS audio served from a short-lived URL on the public listener.
      const plays = call.events.filter((e): e is Extract<PhoneEvent, { type: 'play' }> => e.type === 'play');
      expect(plays.length).toBeGreaterThan(5);
      for (const play of plays) {
        expect(play.status).toBe(200);
        expect(play.url).toMatch(/^https:\/\/acme\.ngrok\.app\/twilio\/audio\/[A-Za-z0-9_-]{24}\.mp3$/);
      }
      expect(harness.openai.ttsRequests[0]).toMatchObject({ model: 'gpt-4o-mini-tts', voice: 'nova', response_format: 'mp3' });

      const lead = await leadOf(call);
      expect(lead).toMatchObject({ emergency: true, priority: 'URGENT' });
      expect(answersOf(lead)).toEqual({ issue: 'Water is pouring through the ceiling', name: 'Jane Doe', address: '1420 Oak Street, Austin', phone: '+15125550148' });
      // Nothing the caller said is lost, the invalid answer included.
      expect(lead.turns.filter((t: { role: string }) => t.role === 'customer').map((t: { text: string }) => t.text)).toContain('five five five');
      expect(lead.calls[0]).toMatchObject({ mode: 'fallback', status: 'completed' });
    } finally {
      harness.openai.mode = 'accept';
    }
  });

  it('falls back when the socket does not open within 3 s, and speaks <Say> with SSML when TTS fails too', async () => {
    // A fresh server: the first one still has recent TTS audio for these prompts (which it rightly reuses).
    const first = harness;
    harness = await startVoiceHarness({ options: { analyzer: floodAnalyzer } });
    await first.close();
    harness.openai.mode = 'hang';
    harness.openai.ttsFails = true;
    const script = scriptedCaller([
      [/trouble on my end/, 'The basement is flooding'],
      [/name/, 'Sam Lee'],
      [/address/, '9 Elm Road, Austin'],
    ]);
    try {
      const call = await harness.call({ gatherAnswer: script.gatherAnswer });
      expect(await call.ended).toBe('hangup');
      // Moved by the relay's REST update (reason=realtime), not by the stream ending into its <Redirect>.
      const update = harness.rest.requests.find((r) => r.path.endsWith(`/Calls/${call.callSid}.json`));
      expect(update?.params).toEqual({ Url: 'https://acme.ngrok.app/twilio/fallback/start?reason=realtime', Method: 'POST' });
      expect(call.events.filter((e) => e.type === 'rest-update')).toEqual([{ type: 'rest-update', params: update!.params }]);
      expect(call.events.filter((e) => e.type === 'play')).toEqual([]);
      const says = call.events.filter((e): e is Extract<PhoneEvent, { type: 'say' }> => e.type === 'say');
      expect(says[0]!.attributes).toEqual({ voice: 'Polly.Joanna', language: 'en-US' });
      // The emergency message is emphasised.
      const emergency = says.find((s) => s.xml.children.some((c) => typeof c !== 'string' && c.name === 'emphasis'));
      expect(emergency?.text).toContain('I understand this is an emergency');
      const lead = await leadOf(call);
      expect(answersOf(lead)).toMatchObject({ issue: 'The basement is flooding', name: 'Sam Lee', address: '9 Elm Road, Austin' });
    } finally {
      harness.openai.mode = 'accept';
      harness.openai.ttsFails = false;
    }
  });
});
