import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../test-kit/http.js';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import { elements, parseTwiml } from '../test-kit/twiml.js';
import { callerNumber, startVoiceHarness, testPublicUrl, type VoiceHarness } from '../test-kit/voice-harness.js';
import { twilioSignature } from '../twilio/webhook-signature.js';

const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

let harness: VoiceHarness;
const onTheLine = newCallSid();
beforeAll(async () => {
  // One line, taken by a call in progress.
  harness = await startVoiceHarness({ env: { MAX_IN_MEMORY_SESSIONS: '1' } });
  await harness.server.services.sessions.create({ id: onTheLine, kind: 'voice', businessId: harness.businessId, leadId: 'on-the-line' });
});
afterAll(() => harness.close());

function voiceParams(callSid: string, from: string): Record<string, string> {
  const to = demoBusinessInput.twilioNumber;
  return { AccountSid: harness.rest.accountSid, ApiVersion: '2010-04-01', CallSid: callSid, CallStatus: 'in-progress', Direction: 'inbound', From: from, To: to, Called: to, Caller: from };
}

/** A webhook as Twilio sends it: form-encoded and signed over the public URL. */
async function twilioPost(path: string, params: Record<string, string>) {
  return rawRequest(`${harness.server.publicUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(harness.rest.authToken, `${testPublicUrl}${path}`, params) },
    body: new URLSearchParams(params).toString(),
  });
}

function callRow(callSid: string) {
  return harness.server.services.db.prepare('SELECT c.mode, c.status, c.ended_at, l.missed, l.caller_phone FROM calls c JOIN leads l ON l.id = c.lead_id WHERE c.id = ?').get(callSid) as
    | { mode: string; status: string; ended_at: string | null; missed: number; caller_phone: string }
    | undefined;
}

/** The verbs of a TwiML answer, without what differs from call to call (audio URLs carry a per-call token). */
const verbs = (xml: string) => elements(parseTwiml(xml)).map((verb) => verb.name);

describe('all lines busy, for a call first seen through a fallback webhook', () => {
  it.each([
    ['/twilio/fallback/start?reason=stream', '+15125550177'],
    ['/twilio/fallback/answer?field=name&attempt=1', '+15125550178'],
  ])('%s answers as /twilio/voice does: "we will call you back", a missed-call lead, no session', async (path, from) => {
    const viaVoice = newCallSid();
    const atSetUp = await twilioPost('/twilio/voice', voiceParams(viaVoice, from));
    expect(atSetUp.status).toBe(200);

    const callSid = newCallSid();
    const response = await twilioPost(path, voiceParams(callSid, from));
    expect(response.status).toBe(200);
    expect(verbs(response.text)).toEqual(verbs(atSetUp.text));
    expect(verbs(response.text)).not.toContain('Gather');
    expect(verbs(response.text).at(-1)).toBe('Hangup');
    expect(callRow(callSid)).toMatchObject({ mode: 'missed', status: 'busy', ended_at: expect.any(String), missed: 1, caller_phone: from });
    expect(callRow(callSid)).toEqual({ ...callRow(viaVoice), ended_at: expect.any(String) });
    expect(await harness.server.services.sessions.get(callSid)).toBeUndefined();
    expect(harness.server.services.sessions.stats().totalActiveSessions).toBe(1);
  });
});

describe('a call first seen through a fallback webhook, with a line free', () => {
  it('gets the line (a live session with its lead) and the fallback flow', async () => {
    await harness.server.services.sessions.end(onTheLine);
    const callSid = newCallSid();
    const response = await twilioPost('/twilio/fallback/start?reason=stream', voiceParams(callSid, callerNumber));
    expect(response.status).toBe(200);
    expect(verbs(response.text)).toContain('Gather');
    expect(callRow(callSid)).toMatchObject({ mode: 'fallback', status: 'in-progress', ended_at: null, missed: 0, caller_phone: callerNumber });
    const leadId = (harness.server.services.db.prepare('SELECT lead_id FROM calls WHERE id = ?').get(callSid) as { lead_id: string }).lead_id;
    expect(await harness.server.services.sessions.get(callSid)).toMatchObject({ live: true, kind: 'voice', leadId });
  });
});
