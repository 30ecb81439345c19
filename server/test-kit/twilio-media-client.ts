import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { twilioSignature } from '../twilio/webhook-signature.js';
import { decodeSpeech, encodeSpeech, silenceByte } from './speech-codec.js';
import type { CallEvent, TwilioStandin } from './twilio-rest-standin.js';
import { elements, parseTwiml, textOf, type TwimlNode } from './twiml.js';

/**
 * A phone call as Twilio makes it, written from Twilio's docs: signed webhooks (X-Twilio-Signature over the
 * public URL and the POST parameters, twilio.com/docs/usage/webhooks/webhooks-security), TwiML executed verb
 * by verb (<Say>, <Play>, <Gather input="speech">, <Redirect>, <Dial><Number url>, <Hangup>, <Connect><Stream>
 * with <Parameter>), and the Media Streams WebSocket (twilio.com/docs/voice/media-streams/websocket-messages):
 * a signed upgrade, then connected/start/media…/stop, caller audio every 20 ms, the agent's audio played
 * out at real pace, marks echoed as the audio before them finishes playing (or at once on `clear`, which
 * drops everything buffered), and dtmf frames for key presses. A REST call update (through the REST
 * stand-in) takes the call over like Twilio does: the stream gets `stop` and the new TwiML runs.
 */

export interface PhoneOptions {
  /** http://127.0.0.1:PORT of the public listener. */
  server: string;
  /** The origin Twilio believes it calls (PUBLIC_URL): signatures are computed over it. */
  publicUrl: string;
  accountSid: string;
  authToken: string;
  /** The REST stand-in: its call updates reach this call. */
  rest?: TwilioStandin;
  /** Media frame interval (Twilio: 20 ms). Each frame carries 20 ms of audio whatever this is. */
  frameMs?: number;
  /** The caller's answer to a <Gather input="speech"> prompt; undefined stays silent. */
  gatherAnswer?: (prompt: string, gather: TwimlNode) => string | undefined;
  /** Whether the number a <Dial> calls picks up. */
  dialAnswers?: boolean;
  /** The number's status callback URL (public), if the owner configured one. */
  statusCallback?: string;
  /** The caller's audio frame by frame (the relay benchmark), instead of words and silence. */
  callerFrame?(chunk: number): Buffer;
  /** Called with every media payload received from the server. */
  onMedia?(payload: string): void;
  /** false: keep no copy of audio sent, received and played (long benchmark runs). */
  record?: boolean;
  /**
   * Benchmark only: mask frames with a zero key. RFC 6455 wants clients to pick unpredictable keys, which is
   * about proxies, not servers; the server reads the same frames either way, and the benchmark's many
   * callers then cost less of the machine it shares with the server.
   */
  zeroMask?: boolean;
}

export type PhoneEvent =
  | { type: 'twiml'; xml: string }
  | { type: 'say'; text: string; attributes: Record<string, string>; xml: TwimlNode }
  | { type: 'play'; url: string; status: number; text: string }
  | { type: 'gather'; action: string; answer: string | undefined }
  | { type: 'dial'; to: string; whisper: string | undefined; status: string }
  | { type: 'stream-refused'; status: number }
  | { type: 'stream-open'; streamSid: string; parameters: Record<string, string> }
  | { type: 'stream-closed'; streamSid: string; by: 'server' | 'twilio' }
  | { type: 'clear'; streamSid: string }
  | { type: 'rest-update'; params: Record<string, string> }
  | { type: 'webhook-error'; url: string; status: number; body: string }
  | { type: 'ended'; how: string };

export interface MediaLeg {
  streamSid: string;
  parameters: Record<string, string>;
  /** Base64 payloads exactly as sent (caller) and received (agent). */
  sent: string[];
  received: string[];
  /** Agent audio actually played to the caller (cleared audio is not). */
  played: Buffer[];
  marksSent: string[];
  clears: number;
  socket: WebSocket;
}

export interface PhoneCall {
  callSid: string;
  events: PhoneEvent[];
  legs: MediaLeg[];
  /** Everything the caller heard from the agent on media streams, as words. */
  heard(): string;
  /** The prompts of the scripted flow (<Say> text and <Play> audio), in order. */
  prompts(): string[];
  /** The caller speaks into the live stream (then silence, as a real line sends). */
  say(text: string): Promise<void>;
  press(digits: string): void;
  hangUp(): Promise<void>;
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  readonly ended: Promise<string>;
}

const frameBytes = 160;
const maxParameterName = 32;
const maxParameterValue = 128;
const empty = Buffer.alloc(0);

export async function placeCall(options: PhoneOptions, call: { from: string; to: string; callSid?: string }): Promise<PhoneCall> {
  const callSid = call.callSid ?? `CA${randomBytes(16).toString('hex')}`;
  const phone = createPhone(options, { callSid, from: call.from, to: call.to, direction: 'inbound' });
  phone.start(`${options.publicUrl}/twilio/voice`, 'POST');
  return phone.call;
}

/** Picks up an outbound call created through the REST stand-in (Twilio fetches its Url once answered). */
export async function answerCreatedCall(options: PhoneOptions, created: CallEvent): Promise<PhoneCall> {
  const phone = createPhone(options, { callSid: created.callSid, from: created.params.From!, to: created.params.To!, direction: 'outbound-api' });
  phone.start(created.params.Url!, created.params.Method ?? 'POST');
  return phone.call;
}

function createPhone(options: PhoneOptions, identity: { callSid: string; from: string; to: string; direction: string }) {
  const frameMs = options.frameMs ?? 20;
  const recording = options.record ?? true;
  const events: PhoneEvent[] = [];
  const legs: MediaLeg[] = [];
  const changed = new EventEmitter();
  changed.setMaxListeners(0);
  const startedAt = Date.now();
  let status = 'in-progress';
  let finished = false;
  let resolveEnded!: (how: string) => void;
  const ended = new Promise<string>((resolve) => (resolveEnded = resolve));
  /** The live stream's controls, while one runs. */
  let live: { leg: MediaLeg; say(text: string): Promise<void>; dtmf(digit: string): void; stop(reason: 'update' | 'hangup'): void } | undefined;
  let pendingUpdate: Record<string, string> | undefined;

  const record = (event: PhoneEvent) => {
    events.push(event);
    changed.emit('change');
  };

  const local = (url: string) => (url.startsWith(options.publicUrl) ? options.server + url.slice(options.publicUrl.length) : url);

  const baseParams = (): Record<string, string> => ({
    AccountSid: options.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: identity.callSid,
    CallStatus: status,
    Called: identity.to,
    Caller: identity.from,
    Direction: identity.direction,
    From: identity.from,
    To: identity.to,
  });

  /** A signed webhook request, as Twilio sends it; answers the TwiML, or undefined on an HTTP error. */
  async function webhook(url: string, params: Record<string, string>, method = 'POST'): Promise<string | undefined> {
    const signature = twilioSignature(options.authToken, url, method === 'POST' ? params : {});
    const response = await fetch(local(url), {
      method,
      headers: { 'x-twilio-signature': signature, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: method === 'POST' ? new URLSearchParams(params).toString() : undefined,
    });
    const body = await response.text();
    if (!response.ok) {
      // Twilio says "an application error has occurred" and hangs up.
      record({ type: 'webhook-error', url, status: response.status, body });
      return undefined;
    }
    return body;
  }

  function finish(how: string): void {
    if (finished) return;
    finished = true;
    status = 'completed';
    record({ type: 'ended', how });
    resolveEnded(how);
    options.rest?.callEnded(identity.callSid, Math.round((Date.now() - startedAt) / 1000));
    if (options.statusCallback) {
      void webhook(options.statusCallback, { ...baseParams(), CallStatus: 'completed', CallDuration: String(Math.round((Date.now() - startedAt) / 1000)) }).catch(() => {});
    }
  }

  const unsubscribe = options.rest?.onCall((event) => {
    if (event.kind !== 'updated' || event.callSid !== identity.callSid || finished) return;
    record({ type: 'rest-update', params: event.params });
    if (event.params.Status === 'completed' || event.params.Status === 'canceled') {
      live?.stop('hangup');
      finish(`rest-${event.params.Status}`);
      return;
    }
    if (event.params.Twiml || event.params.Url) {
      pendingUpdate = event.params;
      live?.stop('update');
    }
  });
  void ended.then(() => unsubscribe?.());

  async function follow(update: Record<string, string>): Promise<void> {
    if (update.Twiml) return run(update.Twiml);
    const twiml = await webhook(update.Url!, baseParams(), update.Method ?? 'POST');
    if (twiml === undefined) return finish('application-error');
    return run(twiml);
  }

  async function play(node: TwimlNode): Promise<void> {
    const url = textOf(node).trim();
    const response = await fetch(local(url));
    const body = Buffer.from(await response.arrayBuffer());
    const text = body.toString('utf8').replace(/^[\s\S]*?TTS:/, '');
    record({ type: 'play', url, status: response.status, text: response.ok ? text : '' });
  }

  async function run(xml: string): Promise<void> {
    record({ type: 'twiml', xml });
    const root = parseTwiml(xml);
    for (const verb of elements(root)) {
      if (finished) return;
      if (pendingUpdate) {
        const update = pendingUpdate;
        pendingUpdate = undefined;
        return follow(update);
      }
      switch (verb.name) {
        case 'Say':
          record({ type: 'say', text: textOf(verb).replace(/\s+/g, ' ').trim(), attributes: verb.attributes, xml: verb });
          break;
        case 'Play':
          await play(verb);
          break;
        case 'Pause':
          break;
        case 'Hangup':
          return finish('hangup');
        case 'Redirect': {
          const twiml = await webhook(textOf(verb).trim(), baseParams(), verb.attributes.method ?? 'POST');
          if (twiml === undefined) return finish('application-error');
          return run(twiml);
        }
        case 'Gather': {
          const spoken: string[] = [];
          for (const child of elements(verb)) {
            if (child.name === 'Say') {
              const text = textOf(child).replace(/\s+/g, ' ').trim();
              spoken.push(text);
              record({ type: 'say', text, attributes: child.attributes, xml: child });
            } else if (child.name === 'Play') {
              await play(child);
              const last = events.at(-1);
              if (last?.type === 'play') spoken.push(last.text);
            }
          }
          const answer = options.gatherAnswer?.(spoken.join(' '), verb);
          // The caller may hang up instead of answering: a finished call sends Twilio's webhooks no more.
          if (finished) return;
          record({ type: 'gather', action: verb.attributes.action ?? '', answer });
          if (pendingUpdate) continue;
          if (answer === undefined && verb.attributes.actionOnEmptyResult !== 'true') break;
          const params = { ...baseParams(), ...(answer === undefined ? {} : { SpeechResult: answer, Confidence: '0.91' }) };
          const twiml = await webhook(verb.attributes.action!, params, verb.attributes.method ?? 'POST');
          if (twiml === undefined) return finish('application-error');
          return run(twiml);
        }
        case 'Dial': {
          const number = elements(verb).find((child) => child.name === 'Number');
          const to = textOf(number ?? verb).trim();
          let whisper: string | undefined;
          const answered = options.dialAnswers ?? false;
          if (answered && number?.attributes.url) {
            const childSid = `CA${randomBytes(16).toString('hex')}`;
            const twiml = await webhook(number.attributes.url, { ...baseParams(), CallSid: childSid, ParentCallSid: identity.callSid, Direction: 'outbound-dial', To: to, From: identity.from });
            whisper = twiml && elements(parseTwiml(twiml)).map(textOf).join(' ').replace(/\s+/g, ' ').trim();
          }
          const dialStatus = answered ? 'completed' : 'no-answer';
          record({ type: 'dial', to, whisper, status: dialStatus });
          if (!verb.attributes.action) break;
          const twiml = await webhook(verb.attributes.action, { ...baseParams(), DialCallStatus: dialStatus, DialCallSid: `CA${randomBytes(16).toString('hex')}`, DialCallDuration: answered ? '42' : '0' }, verb.attributes.method ?? 'POST');
          if (twiml === undefined) return finish('application-error');
          return run(twiml);
        }
        case 'Connect': {
          const stream = elements(verb).find((child) => child.name === 'Stream');
          if (!stream) throw new Error('<Connect> without <Stream>');
          const outcome = await runStream(stream);
          if (outcome === 'hangup') return;
          if (pendingUpdate) {
            const update = pendingUpdate;
            pendingUpdate = undefined;
            return follow(update);
          }
          // The stream ended on its own: Twilio goes on with the next verb.
          break;
        }
        default:
          throw new Error(`The Twilio stand-in does not know <${verb.name}>`);
      }
    }
    if (pendingUpdate) {
      const update = pendingUpdate;
      pendingUpdate = undefined;
      return follow(update);
    }
    finish('end-of-twiml');
  }

  /** One bidirectional Media Stream, until the server closes it or the call moves on. */
  function runStream(stream: TwimlNode): Promise<'closed' | 'update' | 'hangup' | 'refused'> {
    const url = stream.attributes.url!;
    if (/\?/.test(url)) throw new Error('<Stream url> does not support query string parameters');
    const parameters: Record<string, string> = {};
    for (const child of elements(stream)) {
      if (child.name !== 'Parameter') continue;
      const name = child.attributes.name ?? '';
      const value = child.attributes.value ?? '';
      // Twilio holds custom parameters to a size (error 31103, MAX_PARAM_LENGTH); the documented figures are
      // 32 bytes a name and 128 bytes a value (<Client>'s <Parameter>), the strictest known: held to here.
      if (Buffer.byteLength(name) > maxParameterName || Buffer.byteLength(value) > maxParameterValue) {
        throw new Error(`31103: <Parameter name="${name.slice(0, 40)}"> is ${Buffer.byteLength(value)} bytes; Twilio allows ${maxParameterValue}`);
      }
      parameters[name] = value;
    }
    const streamSid = `MZ${randomBytes(16).toString('hex')}`;
    const streamStatus = (event: string) => {
      if (stream.attributes.statusCallback) {
        void webhook(stream.attributes.statusCallback, { AccountSid: options.accountSid, CallSid: identity.callSid, StreamSid: streamSid, StreamName: streamSid, StreamEvent: event, Timestamp: new Date().toISOString() }).catch(() => {});
      }
    };
    return new Promise((resolve) => {
      const socket = new WebSocket(local(url.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:')).replace(/^http/, 'ws'), {
        headers: { 'x-twilio-signature': twilioSignature(options.authToken, url, {}) },
        perMessageDeflate: false,
        ...(options.zeroMask ? { generateMask: (mask: Buffer) => mask.fill(0) } : {}),
      });
      const leg: MediaLeg = { streamSid, parameters, sent: [], received: [], played: [], marksSent: [], clears: 0, socket };
      let sequence = 0;
      let chunk = 0;
      let outcome: 'closed' | 'update' | 'hangup' | 'refused' = 'closed';
      // Without recording, only the length of queued audio is kept (the benchmark's many calls).
      const playQueue: Array<{ audio: Buffer; bytes: number } | { mark: string }> = [];
      let callerAudio = Buffer.alloc(0);
      let callerDrained: Array<() => void> = [];
      let timer: NodeJS.Timeout | undefined;
      const send = (message: Record<string, unknown>) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      };
      const next = () => String(++sequence);

      socket.on('unexpected-response', (_request, response) => {
        outcome = 'refused';
        record({ type: 'stream-refused', status: response.statusCode ?? 0 });
        streamStatus('stream-error');
        socket.terminate();
      });
      socket.on('error', () => {});
      socket.on('open', () => {
        legs.push(leg);
        send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
        send({
          event: 'start',
          sequenceNumber: next(),
          start: {
            accountSid: options.accountSid,
            streamSid,
            callSid: identity.callSid,
            tracks: ['inbound'],
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
            customParameters: parameters,
          },
          streamSid,
        });
        record({ type: 'stream-open', streamSid, parameters });
        streamStatus('stream-started');
        timer = setInterval(tick, frameMs);
        live = {
          leg,
          say(text) {
            callerAudio = Buffer.concat([callerAudio, encodeSpeech(text)]);
            return new Promise((done) => callerDrained.push(done));
          },
          dtmf(digit) {
            send({ event: 'dtmf', streamSid, sequenceNumber: next(), dtmf: { track: 'inbound_track', digit } });
          },
          stop(reason) {
            outcome = reason;
            send({ event: 'stop', sequenceNumber: next(), streamSid, stop: { accountSid: options.accountSid, callSid: identity.callSid } });
            socket.close(1000);
          },
        };
        changed.emit('change');
      });
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { event: string; streamSid?: string; media?: { payload: string }; mark?: { name: string } };
        if (message.streamSid !== streamSid) throw new Error(`Message for another stream: ${data.toString().slice(0, 100)}`);
        switch (message.event) {
          case 'media':
            options.onMedia?.(message.media!.payload);
            if (recording) leg.received.push(message.media!.payload);
            if (recording) {
              const audio = Buffer.from(message.media!.payload, 'base64');
              playQueue.push({ audio, bytes: audio.length });
            } else playQueue.push({ audio: empty, bytes: Buffer.byteLength(message.media!.payload, 'base64') });
            break;
          case 'mark':
            leg.marksSent.push(message.mark!.name);
            playQueue.push({ mark: message.mark!.name });
            break;
          case 'clear': {
            // Buffered audio is dropped; every pending mark comes back at once.
            leg.clears++;
            const marks = playQueue.filter((entry): entry is { mark: string } => 'mark' in entry);
            playQueue.length = 0;
            for (const { mark } of marks) send({ event: 'mark', sequenceNumber: next(), streamSid, mark: { name: mark } });
            record({ type: 'clear', streamSid });
            break;
          }
          default:
            throw new Error(`Twilio would reject a ${message.event} message`);
        }
      });
      socket.on('close', () => {
        clearInterval(timer);
        if (live?.leg === leg) live = undefined;
        callerDrained.forEach((done) => done());
        callerDrained = [];
        if (outcome !== 'refused') {
          record({ type: 'stream-closed', streamSid, by: outcome === 'closed' ? 'server' : 'twilio' });
          streamStatus('stream-stopped');
        }
        resolve(outcome);
      });

      function tick(): void {
        // The caller's side: 20 ms of audio every frame, silence when they say nothing.
        chunk++;
        let frame: Buffer;
        if (options.callerFrame) frame = options.callerFrame(chunk);
        else {
          frame = Buffer.alloc(frameBytes, silenceByte);
          callerAudio.copy(frame, 0, 0, Math.min(frameBytes, callerAudio.length));
          callerAudio = callerAudio.subarray(Math.min(frameBytes, callerAudio.length));
        }
        const payload = frame.toString('base64');
        if (recording) leg.sent.push(payload);
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(`{"event":"media","sequenceNumber":"${next()}","media":{"track":"inbound","chunk":"${chunk}","timestamp":"${chunk * 20}","payload":"${payload}"},"streamSid":"${streamSid}"}`);
        }
        if (callerAudio.length === 0 && callerDrained.length) {
          callerDrained.forEach((done) => done());
          callerDrained = [];
        }
        // The agent's side: 20 ms of buffered audio played; a mark comes back when the audio before it has.
        let budget = frameBytes;
        while (playQueue.length) {
          const front = playQueue[0]!;
          if ('mark' in front) {
            playQueue.shift();
            send({ event: 'mark', sequenceNumber: next(), streamSid, mark: { name: front.mark } });
            continue;
          }
          if (budget === 0) break;
          const take = Math.min(budget, front.bytes);
          if (recording) leg.played.push(front.audio.subarray(0, take));
          budget -= take;
          front.bytes -= take;
          if (front.bytes === 0) playQueue.shift();
          else if (recording) front.audio = front.audio.subarray(take);
        }
        changed.emit('change');
      }
    });
  }

  const call: PhoneCall = {
    callSid: identity.callSid,
    events,
    legs,
    heard: () => legs.map((leg) => decodeSpeech(Buffer.concat(leg.played))).join(' | '),
    prompts: () =>
      events.flatMap((event) => (event.type === 'say' ? [event.text] : event.type === 'play' ? [event.text] : [])),
    async say(text) {
      if (!live) throw new Error('No media stream is live');
      await live.say(text);
    },
    press(digits) {
      if (!live) throw new Error('No media stream is live');
      for (const digit of digits) live.dtmf(digit);
    },
    async hangUp() {
      live?.stop('hangup');
      finish('caller-hung-up');
    },
    waitFor(condition, what, timeoutMs = 15_000) {
      if (condition()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          changed.off('change', check);
          reject(new Error(`Timed out waiting for ${what}. Heard: ${call.heard()} Prompts: ${call.prompts().join(' / ')}`));
        }, timeoutMs);
        function check() {
          if (!condition()) return;
          clearTimeout(timer);
          changed.off('change', check);
          resolve();
        }
        changed.on('change', check);
      });
    },
    ended,
  };

  return {
    call,
    start(url: string, method: string) {
      options.rest?.callStarted({ sid: identity.callSid, from: identity.from, to: identity.to, direction: identity.direction });
      void (async () => {
        const twiml = await webhook(url, baseParams(), method);
        if (twiml === undefined) return finish('application-error');
        await run(twiml);
      })().catch((error: Error) => {
        record({ type: 'webhook-error', url, status: 0, body: error.message });
        finish('stand-in-error');
      });
    },
  };
}
