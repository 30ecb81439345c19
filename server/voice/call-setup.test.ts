import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../test-kit/http.js';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import type { PhoneCall } from '../test-kit/twilio-media-client.js';
import { elements, parseTwiml, textOf } from '../test-kit/twiml.js';
import { callerNumber, startVoiceHarness, testPublicUrl, type VoiceHarness } from '../test-kit/voice-harness.js';
import { twilioSignature } from '../twilio/webhook-signature.js';

const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

let harness: VoiceHarness;
let clockOffset = 0;
beforeAll(async () => {
  // Time runs normally; a test can jump it forward to expire a token.
  harness = await startVoiceHarness({ options: { clock: { now: () => Date.now() + clockOffset } } });
});
afterAll(() => harness.close());

function voiceParams(callSid: string, to: string = demoBusinessInput.twilioNumber): Record<string, string> {
  return {
    AccountSid: harness.rest.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: callerNumber,
    To: to,
    Called: to,
    Caller: callerNumber,
  };
}

async function post(path: string, params: Record<string, string>, signature?: string) {
  return rawRequest(`${harness.server.publicUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(params).toString(),
  });
}

const sign = (path: string, params: Record<string, string>, token = harness.rest.authToken) => twilioSignature(token, `${testPublicUrl}${path}`, params);

async function rowCounts() {
  const db = harness.server.services.db;
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { leads: count('leads'), calls: count('calls'), sessions: harness.server.services.sessions.stats().totalActiveSessions };
}

/** Answers a call through the webhook and returns the stream token from the TwiML. */
async function answeredToken(callSid: string): Promise<string> {
  const params = voiceParams(callSid);
  const response = await post('/twilio/voice', params, sign('/twilio/voice', params));
  const stream = elements(elements(parseTwiml(response.text)).find((v) => v.name === 'Connect')!)[0]!;
  return elements(stream).find((p) => p.attributes.name === 'token')!.attributes.value!;
}

/** Opens /media-stream as Twilio would, and sends connected + start. */
function openStream(
  callSid: string,
  customParameters: Record<string, string>,
  signature = twilioSignature(harness.rest.authToken, `wss://acme.ngrok.app/media-stream`, {}),
  accountSid = harness.rest.accountSid,
) {
  const socket = new WebSocket(`${harness.server.publicUrl.replace(/^http/, 'ws')}/media-stream`, { headers: signature ? { 'x-twilio-signature': signature } : {} });
  const streamSid = `MZ${randomBytes(16).toString('hex')}`;
  const outcome = new Promise<{ refused?: number; closed?: number }>((resolve) => {
    socket.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    socket.on('close', (code) => resolve({ closed: code }));
    socket.on('error', () => {});
  });
  socket.on('open', () => {
    socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    socket.send(
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid,
        start: { accountSid, streamSid, callSid, tracks: ['inbound'], customParameters, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } },
      }),
    );
  });
  return { socket, outcome };
}

describe('POST /twilio/voice', () => {
  it('refuses a missing, wrong or Host-derived signature with 403 and creates nothing', async () => {
    const before = await rowCounts();
    const params = voiceParams(newCallSid());
    const unsigned = await post('/twilio/voice', params);
    const wrongToken = await post('/twilio/voice', params, sign('/twilio/voice', params, 'another-auth-token'));
    const hostUrl = await post('/twilio/voice', params, twilioSignature(harness.rest.authToken, `${harness.server.publicUrl}/twilio/voice`, params));
    const tampered = await post('/twilio/voice', { ...params, From: '+15125559999' }, sign('/twilio/voice', params));
    for (const response of [unsigned, wrongToken, hostUrl, tampered]) {
      expect(response.status).toBe(403);
      expect(response.json().error.code).toBe('TWILIO_SIGNATURE');
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('answers a PRO business with <Connect><Stream> to the public wss URL, the token in <Parameter>, and a status callback', async () => {
    const callSid = newCallSid();
    const params = voiceParams(callSid);
    const response = await post('/twilio/voice', params, sign('/twilio/voice', params));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    const verbs = elements(parseTwiml(response.text));
    expect(verbs.map((v) => v.name)).toEqual(['Connect', 'Redirect']);
    const stream = elements(verbs[0]!)[0]!;
    expect(stream.name).toBe('Stream');
    expect(stream.attributes).toMatchObject({ url: 'wss://acme.ngrok.app/media-stream', statusCallback: 'https://acme.ngrok.app/twilio/status', statusCallbackMethod: 'POST' });
    const parameters = elements(stream);
    expect(parameters).toHaveLength(1);
    expect(parameters[0]!.attributes.name).toBe('token');
    // A random id and its HMAC: the claims stay on the server, the value well inside Twilio's parameter limits.
    expect(parameters[0]!.attributes.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(textOf(verbs[1]!)).toBe('https://acme.ngrok.app/twilio/fallback/start?reason=stream');
    // The lead with the caller's number and the call record exist already.
    const call = harness.server.services.db.prepare('SELECT * FROM calls WHERE id = ?').get(callSid) as { lead_id: string; mode: string; from_number: string };
    expect(call).toMatchObject({ mode: 'realtime', from_number: callerNumber });
    expect((await harness.server.admin('GET', `/api/leads/${call.lead_id}`)).body).toMatchObject({ callerPhone: callerNumber, channel: 'voice', missed: false });
  });

  it('answers the same lead again when Twilio retries the webhook', async () => {
    const callSid = newCallSid();
    const before = await rowCounts();
    const params = voiceParams(callSid);
    await post('/twilio/voice', params, sign('/twilio/voice', params));
    await post('/twilio/voice', params, sign('/twilio/voice', params));
    const after = await rowCounts();
    expect(after.leads - before.leads).toBe(1);
    expect(after.calls - before.calls).toBe(1);
  });

  it('says a polite goodbye to calls for a number no business owns, and creates nothing', async () => {
    const before = await rowCounts();
    const params = voiceParams(newCallSid(), '+15125550999');
    const response = await post('/twilio/voice', params, sign('/twilio/voice', params));
    expect(response.status).toBe(200);
    const verbs = elements(parseTwiml(response.text));
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
    expect(textOf(verbs[0]!)).toMatch(/not taking calls/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('the /media-stream upgrade', () => {
  it('is refused without a valid signature, before any OpenAI socket', async () => {
    const connections = harness.openai.connections.length;
    const token = await answeredToken(newCallSid());
    const unsigned = openStream(newCallSid(), { token }, '');
    const wrong = openStream(newCallSid(), { token }, twilioSignature('another-token', 'wss://acme.ngrok.app/media-stream', {}));
    const hostDerived = openStream(newCallSid(), { token }, twilioSignature(harness.rest.authToken, `${harness.server.publicUrl.replace(/^http/, 'ws')}/media-stream`, {}));
    expect(await unsigned.outcome).toEqual({ refused: 403 });
    expect(await wrong.outcome).toEqual({ refused: 403 });
    expect(await hostDerived.outcome).toEqual({ refused: 403 });
    expect(harness.openai.connections.length).toBe(connections);
  });

  it('closes the stream (1008) on a missing, forged, wrong-call, reused or expired token, before any OpenAI socket', async () => {
    const connections = harness.openai.connections.length;
    const callSid = newCallSid();
    const token = await answeredToken(callSid);
    const [id, signature] = token.split('.') as [string, string];
    const forged = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${signature}`;

    expect(await openStream(callSid, {}).outcome).toEqual({ closed: 1008 });
    expect(await openStream(callSid, { token: forged }).outcome).toEqual({ closed: 1008 });
    expect(await openStream(newCallSid(), { token }).outcome).toEqual({ closed: 1008 });
    expect(harness.openai.connections.length).toBe(connections);

    // The right call with its token opens a session; the same token again, even while that call is live, does not.
    const good = openStream(callSid, { token });
    await harness.openai.nextConnection();
    expect(await openStream(callSid, { token }).outcome).toEqual({ closed: 1008 });
    good.socket.close();

    const late = newCallSid();
    const lateToken = await answeredToken(late);
    clockOffset = 61_000;
    try {
      expect(await openStream(late, { token: lateToken }).outcome).toEqual({ closed: 1008 });
    } finally {
      clockOffset = 0;
    }
    expect(harness.openai.connections.length).toBe(connections + 1);
  });

  it('closes the stream (1008) when start names another Twilio account, or the call has already ended, before any OpenAI socket', async () => {
    const connections = harness.openai.connections.length;
    const otherAccount = newCallSid();
    const otherToken = await answeredToken(otherAccount);
    expect(await openStream(otherAccount, { token: otherToken }, undefined, `AC${'9'.repeat(32)}`).outcome).toEqual({ closed: 1008 });

    const ended = newCallSid();
    const endedToken = await answeredToken(ended);
    const status = { AccountSid: harness.rest.accountSid, CallSid: ended, CallStatus: 'completed', CallDuration: '3', Direction: 'inbound', From: callerNumber, To: demoBusinessInput.twilioNumber };
    expect((await post('/twilio/status', status, sign('/twilio/status', status))).status).toBe(204);
    await harness.event('call.ended', (d) => d.callSid === ended);
    expect(await openStream(ended, { token: endedToken }).outcome).toEqual({ closed: 1008 });
    expect(harness.openai.connections.length).toBe(connections);
    const record = harness.server.services.db.prepare('SELECT status, mode FROM calls WHERE id = ?').get(ended);
    expect(record).toEqual({ status: 'completed', mode: 'realtime' });
  });
});

describe('the fallback and transfer webhooks', () => {
  it('refuse a missing or wrong signature with 403 and create or change nothing', async () => {
    const known = newCallSid();
    await answeredToken(known);
    const db = harness.server.services.db;
    const snapshot = () => ({ counts: rowCounts(), call: db.prepare('SELECT * FROM calls WHERE id = ?').get(known), turns: db.prepare('SELECT count(*) AS n FROM turns').get() });
    const before = snapshot();
    const requests = [
      { path: '/twilio/fallback/start?reason=realtime', params: voiceParams(newCallSid()) },
      { path: '/twilio/fallback/start?reason=stream', params: voiceParams(known) },
      { path: '/twilio/fallback/answer?field=name&attempt=1', params: { ...voiceParams(known), SpeechResult: 'Jane Doe', Confidence: '0.9' } },
      { path: `/twilio/transfer/whisper?call=${known}`, params: { ...voiceParams(newCallSid()), ParentCallSid: known, Direction: 'outbound-dial' } },
      { path: `/twilio/transfer/result?call=${known}`, params: { ...voiceParams(known), DialCallStatus: 'no-answer', DialCallSid: newCallSid() } },
    ];
    for (const { path, params } of requests) {
      for (const signature of [undefined, sign(path, params, 'another-auth-token'), sign(path, { ...params, From: '+15125559999' })]) {
        const response = await post(path, params, signature);
        expect(response.status, `${path} signed ${signature ? 'wrongly' : 'not at all'}`).toBe(403);
        expect(response.json().error.code).toBe('TWILIO_SIGNATURE');
      }
    }
    const after = snapshot();
    expect(await after.counts).toEqual(await before.counts);
    expect(after.call).toEqual(before.call);
    expect(after.turns).toEqual(before.turns);
  });
});

describe('POST /twilio/status', () => {
  it('needs a signature, and finishes a call Twilio reports as ended', async () => {
    const callSid = newCallSid();
    await answeredToken(callSid);
    const params = { AccountSid: harness.rest.accountSid, CallSid: callSid, CallStatus: 'completed', CallDuration: '37', Direction: 'inbound', From: callerNumber, To: demoBusinessInput.twilioNumber };
    expect((await post('/twilio/status', params)).status).toBe(403);
    const stream = { AccountSid: harness.rest.accountSid, CallSid: callSid, StreamSid: `MZ${'1'.repeat(32)}`, StreamEvent: 'stream-error', StreamError: 'handshake failed', Timestamp: new Date().toISOString() };
    expect((await post('/twilio/status', stream, sign('/twilio/status', stream))).status).toBe(204);
    expect((await post('/twilio/status', params, sign('/twilio/status', params))).status).toBe(204);
    const ended = await harness.event('call.ended', (d) => d.callSid === callSid);
    expect(ended.data).toMatchObject({ status: 'completed', durationSeconds: 37 });
    expect((await harness.server.services.sessions.get(callSid))?.live).toBe(false);
  });
});

describe('the call watch', () => {
  it('finishes, with Twilio\'s status and duration, a call that ended where we could not see it (no status callback)', async () => {
    harness.openai.mode = 'refuse';
    let phone: PhoneCall | undefined;
    let hungUp = false;
    try {
      // The caller is moved to the fallback flow, then hangs up instead of answering its first question.
      phone = await harness.call({
        gatherAnswer() {
          hungUp = true;
          void phone!.hangUp();
          return undefined;
        },
      });
      expect(await phone.ended).toBe('caller-hung-up');
    } finally {
      harness.openai.mode = 'accept';
    }
    expect(hungUp).toBe(true);
    const callSid = phone.callSid;
    const record = () => harness.server.services.db.prepare('SELECT status, ended_at, duration_seconds FROM calls WHERE id = ?').get(callSid) as { status: string; ended_at: string | null };
    // Nothing told the server: the call is still open, its line still taken.
    await harness.server.services.voice.checkOpenCalls();
    expect(record().ended_at).toBeNull();

    // A minute on, the watch asks Twilio's REST API, which knows the call ended.
    clockOffset = 61_000;
    try {
      await harness.server.services.voice.checkOpenCalls();
    } finally {
      clockOffset = 0;
    }
    const twilioCall = harness.rest.calls.get(callSid)!;
    expect(twilioCall.status).toBe('completed');
    const ended = await harness.event('call.ended', (d) => d.callSid === callSid);
    expect(ended.data).toMatchObject({ status: 'completed', durationSeconds: Number(twilioCall.duration) });
    expect(record()).toMatchObject({ status: 'completed', ended_at: expect.any(String), duration_seconds: Number(twilioCall.duration) });
    expect((await harness.server.services.sessions.get(callSid))?.live).toBe(false);
    expect(harness.rest.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/Calls/${callSid}.json`))).toBe(true);
  });
});

describe('GET /twilio/audio/:id', () => {
  it('answers 404 for audio it does not have', async () => {
    const response = await rawRequest(`${harness.server.publicUrl}/twilio/audio/${'A'.repeat(24)}.mp3`);
    expect(response.status).toBe(404);
  });
});
