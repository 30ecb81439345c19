import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../log/logger.js';
import { startRealtimeStandin, type RealtimeStandin } from '../test-kit/realtime-standin.js';
import { encodeSpeech, silence } from '../test-kit/speech-codec.js';
import { connectRealtime } from './realtime-connection.js';
import { heardPart, startRelay, type CallAgent, type Relay } from './relay.js';

const log = createSilentLogger();
const streamSid = `MZ${'1'.repeat(32)}`;
const callSid = `CA${'2'.repeat(32)}`;
const accountSid = `AC${'3'.repeat(32)}`;

let openai: RealtimeStandin;
let twilioSide: WebSocketServer;
let relays: Relay[] = [];
let agents: FakeAgent[] = [];
let connectDelayMs = 0;
/** What the next call's agent asks for: its voice, and the words of its opening. */
let agentVoice = 'marin';
let openingWords = 'Hello there.';

class FakeAgent implements CallAgent {
  readonly callSid = callSid;
  readonly log = log;
  readonly caller: string[] = [];
  readonly agent: string[] = [];
  endedHow: string | undefined;
  readonly lost: string[] = [];
  readonly voice = agentVoice;
  readonly opening = openingWords;
  attach() {}
  async plan() {
    return {
      session: {
        type: 'realtime' as const,
        instructions: 'Test',
        audio: {
          input: { format: { type: 'audio/pcmu' as const }, transcription: { model: 'whisper-1' }, turn_detection: { type: 'server_vad' as const, silence_duration_ms: 200 } },
          output: { format: { type: 'audio/pcmu' as const }, voice: this.voice },
        },
      },
      opening: { instructions: `Say exactly this, then stop: "${this.opening}"`, metadata: { purpose: 'opening' } },
    };
  }
  callerSaid(text: string) {
    this.caller.push(text);
  }
  agentSaid(text: string) {
    this.agent.push(text);
  }
  keypad(digits: string) {
    return `keys ${digits}`;
  }
  async runTool() {
    return { output: { ok: true } };
  }
  async realtimeLost(reason: Error) {
    this.lost.push(reason.message);
  }
  async hangUp() {}
  async transfer() {}
  ended(how: 'hung-up' | 'handed-off') {
    this.endedHow = how;
  }
}

beforeAll(async () => {
  openai = await startRealtimeStandin();
  twilioSide = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(twilioSide, 'listening');
  twilioSide.on('connection', (socket) => {
    const agent = new FakeAgent();
    agents.push(agent);
    relays.push(
      startRelay({
        twilio: socket,
        log,
        authorize: async (start) => {
          // 'slow': the check takes a while (the caller may hang up meanwhile).
          if (start.customParameters.token === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
          return ['good', 'slow'].includes(start.customParameters.token ?? '') ? agent : undefined;
        },
        connect: async () => {
          await new Promise((resolve) => setTimeout(resolve, connectDelayMs));
          return connectRealtime({ url: openai.realtimeUrl, model: 'gpt-realtime', apiKey: openai.apiKey, timeoutMs: 3000 });
        },
      }),
    );
  });
});
afterAll(async () => {
  twilioSide.close();
  await openai.close();
});

/** Twilio's side, by hand: connected, start, then whatever the test sends. */
async function twilio(token: string) {
  relays = [];
  agents = [];
  const socket = new WebSocket(`ws://127.0.0.1:${(twilioSide.address() as AddressInfo).port}`);
  const received: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await once(socket, 'open');
  socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
  socket.send(
    JSON.stringify({
      event: 'start',
      sequenceNumber: '1',
      streamSid,
      start: { streamSid, accountSid, callSid, tracks: ['inbound'], customParameters: { token }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } },
    }),
  );
  let sequence = 1;
  const media = (audio: Buffer) => {
    const payload = audio.toString('base64');
    socket.send(JSON.stringify({ event: 'media', sequenceNumber: String(++sequence), media: { track: 'inbound', chunk: String(sequence), timestamp: String(sequence * 20), payload }, streamSid }));
    return payload;
  };
  return { socket, received, media, send: (message: object) => socket.send(JSON.stringify(message)) };
}

/** Polls until `condition` holds (the relay and the stand-in work asynchronously). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 5000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the relay', () => {
  it('keeps caller audio that arrives while the Realtime socket opens, and sends it after session.update, in order', async () => {
    connectDelayMs = 400;
    const connection = openai.nextConnection();
    const call = await twilio('good');
    const sent: string[] = [];
    for (let i = 0; i < 10; i++) sent.push(call.media(silence(20)));
    const realtime = await connection;
    for (let i = 0; i < 5; i++) sent.push(call.media(silence(20)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const kinds = realtime.received.map((e) => e.type);
    expect(kinds[0]).toBe('session.update');
    expect(realtime.appended).toEqual(sent);
    // The opening is asked for; the agent's words reach Twilio as media followed by a mark.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const media = call.received.filter((m) => m.event === 'media');
    expect(media.length).toBeGreaterThan(0);
    expect(call.received[call.received.indexOf(media[0]!) + 1]).toMatchObject({ event: 'mark', streamSid });
    call.socket.close();
    await realtime.closed;
    expect(agents[0]!.endedHow).toBe('hung-up');
  });

  it('ignores binary, malformed and repeated-start frames, and hands keypad entries to the model when # ends them', async () => {
    connectDelayMs = 0;
    const connection = openai.nextConnection();
    const call = await twilio('good');
    const realtime = await connection;
    call.socket.send(Buffer.from([1, 2, 3]));
    call.socket.send('not json');
    call.send({ event: 'start', streamSid, start: {} });
    call.send({ event: 'media', streamSid, media: { payload: '!!' } });
    for (const digit of '42#') call.send({ event: 'dtmf', streamSid, sequenceNumber: '9', dtmf: { track: 'inbound_track', digit } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(realtime.received).toContainEqual({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'keys 42' }] } });
    call.send({ event: 'stop', sequenceNumber: '10', streamSid, stop: { accountSid, callSid } });
    expect((await realtime.closed).code).toBe(1000);
    expect(agents[0]!.endedHow).toBe('hung-up');
  });

  it('opens no Realtime socket for a stream the agent does not authorise', async () => {
    const before = openai.connections.length;
    const call = await twilio('bad');
    const [code] = (await once(call.socket, 'close')) as [number];
    expect(code).toBe(1008);
    await relays[0]!.done;
    expect(openai.connections.length).toBe(before);
  });

  it('keeps, of an interrupted answer, the words the caller heard', () => {
    const text = 'Got it, fourteen twenty Oak Street. Now tell me more.';
    expect(heardPart(text, 2000, 2000)).toBe(text);
    expect(heardPart(text, 1000, 2000)).toBe('Got it, fourteen twenty…');
    expect(heardPart(text, 50, 2000)).toBe('');
  });

  it('stores no agent turn for an answer cut before any of it played', async () => {
    const connection = openai.nextConnection();
    const call = await twilio('good');
    await connection;
    // Play nothing back (no marks echoed): the caller has heard none of it when they cut in.
    await new Promise((resolve) => setTimeout(resolve, 200));
    call.media(encodeSpeech('Wait', 10));
    for (let i = 0; i < 15; i++) call.media(silence(20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(call.received.some((m) => m.event === 'clear')).toBe(true);
    expect(agents[0]!.caller).toEqual(['Wait']);
    // The greeting was cut before any of it played: no agent turn is stored for it.
    expect(agents[0]!.agent).not.toContain('Hello there.');
    call.socket.close();
  });

  it('moves the call to the fallback flow when the API refuses session.update, and asks the model for nothing', async () => {
    agentVoice = 'robot';
    try {
      const connection = openai.nextConnection();
      const call = await twilio('good');
      const realtime = await connection;
      expect((await realtime.closed).code).toBe(1000);
      const agent = agents[0]!;
      await until(() => agent.lost.length > 0, 'the fallback');
      expect(agent.lost[0]).toMatch(/refused the session configuration \(invalid_value on session\.audio\.output\.voice\)/);
      // The refusal named the update by its event_id; no greeting was asked of the misconfigured session.
      const update = realtime.received.find((e) => e.type === 'session.update')!;
      expect(update.event_id).toEqual(expect.any(String));
      expect(realtime.received.filter((e) => e.type === 'response.create')).toEqual([]);
      expect(call.received.filter((m) => m.event === 'media')).toEqual([]);
      call.socket.close();
      await relays[0]!.done;
    } finally {
      agentVoice = 'marin';
    }
  });

  it('gives keypad entries made while the session opens to the model once it is live, and has them answered after the greeting', async () => {
    connectDelayMs = 400;
    try {
      const connection = openai.nextConnection();
      const call = await twilio('good');
      await until(() => agents.length > 0, 'the agent');
      for (const digit of '78#') call.send({ event: 'dtmf', streamSid, sequenceNumber: '5', dtmf: { track: 'inbound_track', digit } });
      const realtime = await connection;
      const keypadItem = { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'keys 78' }] } };
      await until(() => realtime.received.some((e) => JSON.stringify(e) === JSON.stringify(keypadItem)), 'the keypad entry');
      // The greeting first, then an answer to what was typed.
      await until(() => realtime.received.filter((e) => e.type === 'response.create').length === 2, 'a response after the greeting');
      const creates = realtime.received.filter((e) => e.type === 'response.create') as Array<{ response: { metadata?: Record<string, string> } }>;
      expect(creates[0]!.response.metadata?.purpose).toBe('opening');
      expect(creates[1]!.response.metadata?.purpose).toBeUndefined();
      call.socket.close();
      await realtime.closed;
    } finally {
      connectDelayMs = 0;
    }
  });

  it('ends the call at once when the caller hangs up while the stream is being authorised', async () => {
    const before = openai.connections.length;
    const call = await twilio('slow');
    call.send({ event: 'stop', sequenceNumber: '2', streamSid, stop: { accountSid, callSid } });
    call.socket.close();
    await relays[0]!.done;
    await until(() => agents[0]!.endedHow !== undefined, 'the call to end');
    expect(agents[0]!.endedHow).toBe('hung-up');
    expect(openai.connections.length).toBe(before);
  });

  it('keeps the words the caller heard of an answer cut by a hang-up before its transcript was done', async () => {
    openingWords = 'Thanks for calling Acme Plumbing, we fix leaks, clogs and water heaters all over Austin every day of the week, and '.repeat(6).trim();
    try {
      const connection = openai.nextConnection();
      const call = await twilio('good');
      const realtime = await connection;
      // Twilio's side plays everything at once: each mark comes straight back.
      call.socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { event: string; mark?: { name: string } };
        if (message.event === 'mark') call.send({ event: 'mark', sequenceNumber: '3', streamSid, mark: message.mark });
      });
      await until(() => call.received.filter((m) => m.event === 'media').length >= 3, 'some of the greeting');
      call.send({ event: 'stop', sequenceNumber: '4', streamSid, stop: { accountSid, callSid } });
      await realtime.closed;
      const agent = agents[0]!;
      expect(agent.endedHow).toBe('hung-up');
      expect(agent.agent).toHaveLength(1);
      // Cut at a word, marked as cut.
      expect(agent.agent[0]).toMatch(/^Thanks for calling Acme( [A-Za-z,]+)*…$/);
    } finally {
      openingWords = 'Hello there.';
    }
  });
});
