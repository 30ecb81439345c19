import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { bytesPerMs, decodeSpeech, encodeSpeech, silenceByte } from './speech-codec.js';

/**
 * A local stand-in for the OpenAI Realtime API (GA dialect) and the TTS endpoint, written from the public
 * reference (developers.openai.com/api/reference/resources/realtime: client-events, server-events) and the
 * `openai` package's types. It speaks `wss?://…/v1/realtime?model=` with Bearer auth, answers session.update
 * with session.updated, runs server VAD on the audio it is given (threshold/prefix/silence from the session),
 * transcribes caller audio (see speech-codec.ts), streams assistant audio faster than real time as
 * `response.output_audio.delta`, calls functions, honours `interrupt_response` (a barge-in cancels the
 * response), validates `conversation.item.truncate` (assistant items only, never past the audio generated),
 * refuses a second response while one is active (`conversation_already_has_active_response`), and can
 * expire a session (`session_expired`, close 1001) or drop the socket. What the assistant does is decided
 * by a scenario. Every client event is recorded for tests to assert on.
 */

export type Action =
  | { say: string }
  | { call: { name: string; arguments: Record<string, unknown> | string } }
  /** Raw audio at real-time pace (the relay benchmark): `frames` deltas of `payload(i)`, one every `frameMs`. */
  | { stream: { frames: number; frameMs: number; payload(index: number, connection: StandinConnection): Buffer; stopped?(): boolean } };

export interface ResponseContext {
  /** `vad`: the caller stopped speaking; `client`: a response.create. */
  trigger: 'vad' | 'client';
  /** response.create's own instructions, if any. */
  instructions?: string;
  session: SessionState;
  /** The caller's last transcribed words (or text item). */
  lastUserText?: string;
  /** Function outputs added since the last response. */
  functionOutputs: Array<{ name: string; output: unknown }>;
  connection: StandinConnection;
}

export interface Scenario {
  respond(context: ResponseContext): Action[] | undefined;
}

export interface SessionState {
  instructions?: string;
  tools?: Array<{ name?: string }>;
  audio: {
    input: { format?: { type?: string }; transcription?: { model?: string; language?: string } | null; turn_detection?: TurnDetection | null };
    output: { format?: { type?: string }; voice?: string };
  };
  [key: string]: unknown;
}

interface TurnDetection {
  type: 'server_vad' | 'semantic_vad';
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  create_response?: boolean;
  interrupt_response?: boolean;
}

export interface StandinConnection {
  id: number;
  model: string | null;
  /** Every client event received, parsed, in order. */
  received: Array<Record<string, unknown>>;
  session: SessionState;
  /** The base64 strings of input_audio_buffer.append, exactly as received. */
  appended: string[];
  /** The base64 strings sent as response.output_audio.delta. */
  deltas: string[];
  truncations: Array<{ item_id: string; content_index: number; audio_end_ms: number; audioMs: number }>;
  closed: Promise<{ code: number }>;
  isOpen(): boolean;
  /** Kill the TCP connection (a network drop). */
  drop(): void;
  /** End the session the way the API does at its time limit. */
  expire(): void;
}

export interface RealtimeStandinOptions {
  apiKey?: string;
  scenario?: Scenario;
  /** Audio per delta, and how much faster than real time deltas go out. */
  chunkMs?: number;
  speedup?: number;
  msPerChar?: number;
  /** false: no voice activity detection at all (the benchmark's caller audio is not speech). */
  vad?: boolean;
  /** false: keep no copy of appended and sent audio (long benchmark runs). */
  record?: boolean;
  /** Called with every appended chunk of caller audio, decoded. */
  onAppend?(audio: Buffer, connection: StandinConnection): void;
}

export interface RealtimeStandin {
  /** ws://127.0.0.1:PORT/v1/realtime — for OPENAI_REALTIME_URL. */
  realtimeUrl: string;
  /** http://127.0.0.1:PORT/v1 — for OPENAI_BASE_URL (TTS). */
  baseUrl: string;
  apiKey: string;
  connections: StandinConnection[];
  ttsRequests: Array<Record<string, unknown>>;
  scenario: Scenario;
  /** `refuse`: upgrades get HTTP 503; `hang`: upgrades are never answered; `accept`: normal. */
  mode: 'accept' | 'refuse' | 'hang';
  /** TTS answers 500 while set. */
  ttsFails: boolean;
  nextConnection(): Promise<StandinConnection>;
  close(): Promise<void>;
}

/** The GA session's audio format types and built-in voices (reference: realtime session object). */
const audioFormats = ['audio/pcm', 'audio/pcmu', 'audio/pcma'];
const realtimeVoices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

// Unique per process run and cheap: ids are made for every event, thousands a second in the benchmark.
const idRun = randomBytes(4).toString('hex');
let idSeq = 0;
const id = (prefix: string) => `${prefix}_${idRun}${(++idSeq).toString(16).padStart(8, '0')}`;

/** Says the text quoted in `Say exactly this…: "…"` (the relay's greeting and goodbye), else "Okay." */
export const quotedSayScenario: Scenario = {
  respond({ instructions }) {
    const quoted = instructions && /"([^"]+)"/.exec(instructions);
    if (quoted) return [{ say: quoted[1]! }];
    return undefined;
  },
};

/** Rules tried in order; the first whose `when` holds decides. Falls back to quoted text, then echo. */
export function scriptScenario(rules: Array<{ when(context: ResponseContext): boolean; then: Action[] | ((context: ResponseContext) => Action[]) }>): Scenario {
  return {
    respond(context) {
      for (const rule of rules) {
        if (rule.when(context)) return typeof rule.then === 'function' ? rule.then(context) : rule.then;
      }
      return quotedSayScenario.respond(context) ?? echoScenario.respond(context);
    },
  };
}

export const echoScenario: Scenario = {
  respond({ lastUserText }) {
    return [{ say: lastUserText ? `You said: ${lastUserText}` : 'Okay.' }];
  },
};

export async function startRealtimeStandin(options: RealtimeStandinOptions = {}): Promise<RealtimeStandin> {
  const apiKey = options.apiKey ?? 'sk-standin-realtime-key';
  const chunkMs = options.chunkMs ?? 100;
  const speedup = options.speedup ?? 5;
  const msPerChar = options.msPerChar ?? 10;
  const recording = options.record ?? true;
  const connections: StandinConnection[] = [];
  const ttsRequests: Array<Record<string, unknown>> = [];
  const waiting: Array<(connection: StandinConnection) => void> = [];
  const hung: Socket[] = [];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server: Server = createServer((req, res) => void handleHttp(req, res));

  const standin: RealtimeStandin = {
    realtimeUrl: '',
    baseUrl: '',
    apiKey,
    connections,
    ttsRequests,
    scenario: options.scenario ?? quotedSayScenario,
    mode: 'accept',
    ttsFails: false,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        for (const socket of hung) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function authorised(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${apiKey}`;
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => resolve(text));
    });
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (!authorised(req)) return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
    if (req.method !== 'POST' || url.pathname !== '/v1/audio/speech') return send(404, { error: { message: 'Not found', type: 'invalid_request_error' } });
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' } });
    }
    ttsRequests.push(request);
    if (typeof request.model !== 'string' || typeof request.voice !== 'string' || typeof request.input !== 'string' || request.input.length > 4096) {
      return send(400, { error: { message: 'model, voice and input (at most 4096 characters) are required', type: 'invalid_request_error' } });
    }
    if (standin.ttsFails) return send(500, { error: { message: 'The server had an error processing your request.', type: 'server_error' } });
    // A fake MP3: an ID3 header, then the words (so a test can tell what the caller heard).
    res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'), Buffer.from(`TTS:${request.input}`)]));
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    if (standin.mode === 'hang') {
      hung.push(socket);
      return;
    }
    const reject = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"message":"${message}"}}`);
    };
    if (url.pathname !== '/v1/realtime') return reject(404, 'Not Found');
    if (!authorised(req)) return reject(401, 'Unauthorized');
    if (standin.mode === 'refuse') return reject(503, 'Service Unavailable');
    if (req.headers['openai-beta']) return reject(400, 'Bad Request');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, url.searchParams.get('model')));
  });

  function attach(ws: WebSocket, model: string | null): void {
    let open = true;
    let resolveClosed!: (value: { code: number }) => void;
    const closed = new Promise<{ code: number }>((resolve) => (resolveClosed = resolve));
    const connection: StandinConnection = {
      id: connections.length + 1,
      model,
      received: [],
      session: {
        type: 'realtime',
        id: id('sess'),
        object: 'realtime.session',
        model,
        output_modalities: ['audio'],
        instructions: 'You are a helpful assistant.',
        tools: [],
        audio: {
          input: { format: { type: 'audio/pcm' }, transcription: null, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, create_response: true, interrupt_response: true } },
          output: { format: { type: 'audio/pcm' }, voice: 'alloy' },
        },
      },
      appended: [],
      deltas: [],
      truncations: [],
      closed,
      isOpen: () => open,
      drop: () => ws.terminate(),
      expire() {
        emit({ type: 'error', error: { type: 'invalid_request_error', code: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.', param: null, event_id: null } });
        ws.close(1001, 'Your session hit the maximum duration of 60 minutes.');
      },
    };
    connections.push(connection);
    waiting.splice(0).forEach((resolve) => resolve(connection));

    const conversation: Array<{ id: string; type: string; role?: string; audioMs: number; callId?: string; name?: string; truncated?: boolean }> = [];
    const functionOutputs: Array<{ name: string; output: unknown }> = [];
    let lastUserText: string | undefined;
    let active: { id: string; cancel(reason: string): void } | undefined;
    // Server VAD state, in audio time (bytes), not wall time.
    let audioMs = 0;
    let speaking: { itemId: string; bytes: Buffer[]; silentMs: number } | undefined;

    const emit = (event: Record<string, unknown>) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event_id: id('event'), ...event }));
    };
    const error = (code: string, message: string, eventId?: unknown, param: string | null = null) =>
      emit({ type: 'error', error: { type: 'invalid_request_error', code, message, param, event_id: typeof eventId === 'string' ? eventId : null } });

    ws.on('close', (code) => {
      open = false;
      active?.cancel('client_cancelled');
      resolveClosed({ code });
    });
    ws.on('message', (data) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return error('invalid_json', 'The event is not valid JSON');
      }
      connection.received.push(event);
      switch (event.type) {
        case 'session.update':
          return sessionUpdate(event);
        case 'input_audio_buffer.append':
          return append(event);
        case 'input_audio_buffer.clear':
          speaking = undefined;
          return emit({ type: 'input_audio_buffer.cleared' });
        case 'conversation.item.create':
          return createItem(event);
        case 'conversation.item.truncate':
          return truncate(event);
        case 'response.create':
          if (active) return error('conversation_already_has_active_response', `Conversation already has an active response in progress: ${active.id}. Wait until the response is finished before creating a new one.`, event.event_id);
          return void respond('client', event);
        case 'response.cancel':
          if (!active) return error('response_cancel_not_active', 'Cancellation failed: no active response found.', event.event_id);
          return active.cancel('client_cancelled');
        default:
          return error('invalid_value', `Invalid value: '${String(event.type)}'. Supported values are the Realtime client events.`, event.event_id, 'type');
      }
    });

    emit({ type: 'session.created', session: connection.session });

    function sessionUpdate(event: Record<string, unknown>): void {
      const session = event.session as Record<string, unknown> | undefined;
      if (!session || session.type !== 'realtime') return error('missing_required_parameter', "Missing required parameter: 'session.type'.", event.event_id, 'session.type');
      const audio = (session.audio ?? {}) as { input?: Record<string, unknown>; output?: Record<string, unknown> };
      // Like the API, a refused update changes nothing: an `error` naming the client's event_id, and no
      // session.updated.
      for (const side of ['input', 'output'] as const) {
        const format = audio[side]?.format as { type?: unknown } | undefined;
        if (format && !audioFormats.includes(String(format.type))) {
          return error('invalid_value', `Invalid value: '${String(format.type)}'. Supported values are: ${audioFormats.map((f) => `'${f}'`).join(', ')}.`, event.event_id, `session.audio.${side}.format.type`);
        }
      }
      const voice = audio.output?.voice;
      if (voice !== undefined && !realtimeVoices.includes(String(voice))) {
        return error('invalid_value', `Invalid value: '${String(voice)}'. Supported values are: ${realtimeVoices.map((v) => `'${v}'`).join(', ')}.`, event.event_id, 'session.audio.output.voice');
      }
      if (audio.output?.voice && connection.deltas.length > 0) return error('cannot_update_voice', 'Cannot update a conversation\'s voice if assistant audio is present.', event.event_id);
      const { audio: _ignored, ...rest } = session;
      Object.assign(connection.session, rest);
      Object.assign(connection.session.audio.input, audio.input ?? {});
      Object.assign(connection.session.audio.output, audio.output ?? {});
      emit({ type: 'session.updated', session: connection.session });
    }

    function append(event: Record<string, unknown>): void {
      const audio = event.audio;
      if (typeof audio !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(audio)) return error('invalid_value', 'audio must be base64', event.event_id, 'audio');
      if (recording) connection.appended.push(audio);
      const bytes = Buffer.from(audio, 'base64');
      options.onAppend?.(bytes, connection);
      const chunkMs = bytes.length / bytesPerMs;
      const startMs = audioMs;
      audioMs += chunkMs;
      const vad = connection.session.audio.input.turn_detection;
      if (!vad || vad.type !== 'server_vad' || options.vad === false) return;
      const loud = bytes.some((b) => b !== silenceByte);
      if (!speaking) {
        if (!loud) return;
        speaking = { itemId: id('item'), bytes: [], silentMs: 0 };
        emit({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.max(0, startMs - (vad.prefix_padding_ms ?? 300)), item_id: speaking.itemId });
        if (active && vad.interrupt_response !== false) active.cancel('turn_detected');
      }
      speaking.bytes.push(bytes);
      speaking.silentMs = loud ? 0 : speaking.silentMs + chunkMs;
      if (speaking.silentMs < (vad.silence_duration_ms ?? 500)) return;
      const utterance = speaking;
      speaking = undefined;
      emit({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: audioMs, item_id: utterance.itemId });
      emit({ type: 'input_audio_buffer.committed', item_id: utterance.itemId, previous_item_id: conversation.at(-1)?.id ?? null });
      const item = { id: utterance.itemId, type: 'message', role: 'user', audioMs: 0 };
      conversation.push(item);
      const wire = { id: item.id, object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio', transcript: null }] };
      emit({ type: 'conversation.item.added', item: wire, previous_item_id: null });
      emit({ type: 'conversation.item.done', item: wire, previous_item_id: null });
      const transcript = decodeSpeech(Buffer.concat(utterance.bytes));
      lastUserText = transcript;
      if (connection.session.audio.input.transcription) {
        emit({ type: 'conversation.item.input_audio_transcription.completed', item_id: item.id, content_index: 0, transcript, usage: { type: 'duration', seconds: Math.ceil(audioMs / 1000) } });
      }
      if (vad.create_response !== false && !active) void respond('vad', {});
    }

    function createItem(event: Record<string, unknown>): void {
      const item = event.item as Record<string, unknown> | undefined;
      if (!item || typeof item.type !== 'string') return error('missing_required_parameter', "Missing required parameter: 'item.type'.", event.event_id, 'item.type');
      const itemId = (item.id as string | undefined) ?? id('item');
      if (item.type === 'function_call_output') {
        const call = conversation.find((c) => c.type === 'function_call' && c.callId === item.call_id);
        if (!call || typeof item.output !== 'string') return error('invalid_value', `No function call with call_id ${String(item.call_id)} in this conversation`, event.event_id, 'item.call_id');
        let output: unknown = item.output;
        try {
          output = JSON.parse(item.output);
        } catch {
          /* free text is allowed */
        }
        functionOutputs.push({ name: call.name ?? '', output });
      } else if (item.type === 'message') {
        const content = item.content as Array<{ type?: string; text?: string }> | undefined;
        if (!['user', 'system', 'assistant'].includes(String(item.role)) || !Array.isArray(content)) return error('invalid_value', 'A message item needs a role and content', event.event_id, 'item');
        if (item.role === 'user') lastUserText = content.map((c) => c.text ?? '').join(' ');
      } else {
        return error('invalid_value', `Unsupported item type ${item.type}`, event.event_id, 'item.type');
      }
      conversation.push({ id: itemId, type: item.type, role: item.role as string | undefined, audioMs: 0 });
      const wire = { ...item, id: itemId, object: 'realtime.item', status: 'completed' };
      emit({ type: 'conversation.item.added', item: wire, previous_item_id: null });
      emit({ type: 'conversation.item.done', item: wire, previous_item_id: null });
    }

    function truncate(event: Record<string, unknown>): void {
      const item = conversation.find((c) => c.id === event.item_id);
      if (!item) return error('invalid_value', `Item with item_id not found: ${String(event.item_id)}`, event.event_id, 'item_id');
      if (item.type !== 'message' || item.role !== 'assistant') return error('invalid_value', 'Only assistant messages can be truncated', event.event_id, 'item_id');
      const end = event.audio_end_ms;
      if (typeof end !== 'number' || end < 0 || end > item.audioMs) {
        return error('invalid_value', `Audio content of ${item.audioMs}ms is shorter than ${String(end)}ms`, event.event_id, 'audio_end_ms');
      }
      item.truncated = true;
      connection.truncations.push({ item_id: item.id, content_index: Number(event.content_index ?? 0), audio_end_ms: end, audioMs: item.audioMs });
      emit({ type: 'conversation.item.truncated', item_id: item.id, content_index: event.content_index ?? 0, audio_end_ms: end });
    }

    async function respond(trigger: 'vad' | 'client', event: Record<string, unknown>): Promise<void> {
      const params = (event.response ?? {}) as { instructions?: string; metadata?: Record<string, string> };
      const context: ResponseContext = { trigger, instructions: params.instructions, session: connection.session, lastUserText, functionOutputs: functionOutputs.splice(0), connection };
      const actions = standin.scenario.respond(context) ?? [{ say: 'Okay.' }];
      const response = { id: id('resp'), object: 'realtime.response', status: 'in_progress', output: [] as unknown[], metadata: params.metadata ?? null, output_modalities: ['audio'] };
      let cancelled: string | undefined;
      let wake: (() => void) | undefined;
      active = {
        id: response.id,
        cancel(reason) {
          cancelled ??= reason;
          wake?.();
        },
      };
      const pause = (ms: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      emit({ type: 'response.created', response });
      for (const [outputIndex, action] of actions.entries()) {
        if (cancelled || !open) break;
        if ('say' in action) {
          const item = { id: id('item'), type: 'message', role: 'assistant', audioMs: 0 };
          conversation.push(item);
          const wire = { id: item.id, object: 'realtime.item', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
          const refs = { response_id: response.id, item_id: item.id, output_index: outputIndex, content_index: 0 };
          emit({ type: 'response.output_item.added', response_id: response.id, output_index: outputIndex, item: wire });
          emit({ type: 'conversation.item.added', item: wire, previous_item_id: null });
          emit({ type: 'response.content_part.added', ...refs, part: { type: 'audio', transcript: '' } });
          const audio = encodeSpeech(action.say, msPerChar);
          const step = chunkMs * bytesPerMs;
          let sent = 0;
          while (sent < audio.length && !cancelled && open) {
            const chunk = audio.subarray(sent, sent + step);
            const delta = chunk.toString('base64');
            if (recording) connection.deltas.push(delta);
            item.audioMs += chunk.length / bytesPerMs;
            emit({ type: 'response.output_audio_transcript.delta', ...refs, delta: decodeSpeech(chunk) });
            emit({ type: 'response.output_audio.delta', ...refs, delta });
            sent += chunk.length;
            await pause(chunkMs / speedup);
          }
          // On a cancel the done events still come, with what was generated so far.
          const spoken = cancelled ? decodeSpeech(audio.subarray(0, sent)) : action.say;
          const status = cancelled ? 'incomplete' : 'completed';
          emit({ type: 'response.output_audio.done', ...refs });
          emit({ type: 'response.output_audio_transcript.done', ...refs, transcript: spoken });
          emit({ type: 'response.content_part.done', ...refs, part: { type: 'audio', transcript: spoken } });
          const done = { ...wire, status, content: [{ type: 'output_audio', transcript: spoken }] };
          emit({ type: 'response.output_item.done', response_id: response.id, output_index: outputIndex, item: done });
          emit({ type: 'conversation.item.done', item: done, previous_item_id: null });
          response.output.push(done);
        } else if ('stream' in action) {
          const item = { id: id('item'), type: 'message', role: 'assistant', audioMs: 0 };
          conversation.push(item);
          const refs = { response_id: response.id, item_id: item.id, output_index: outputIndex, content_index: 0 };
          emit({ type: 'response.output_item.added', response_id: response.id, output_index: outputIndex, item: { id: item.id, type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
          // Paced by the clock, not by the previous send, so a slow moment does not slow the whole stream.
          const started = performance.now();
          for (let frame = 0; frame < action.stream.frames && !cancelled && open && !action.stream.stopped?.(); frame++) {
            const chunk = action.stream.payload(frame, connection);
            item.audioMs += chunk.length / bytesPerMs;
            emit({ type: 'response.output_audio.delta', ...refs, delta: chunk.toString('base64') });
            await pause(Math.max(0, started + (frame + 1) * action.stream.frameMs - performance.now()));
          }
          emit({ type: 'response.output_audio.done', ...refs });
        } else {
          const args = typeof action.call.arguments === 'string' ? action.call.arguments : JSON.stringify(action.call.arguments);
          const item = { id: id('item'), type: 'function_call', audioMs: 0, callId: id('call'), name: action.call.name };
          conversation.push(item);
          const wire = { id: item.id, object: 'realtime.item', type: 'function_call', status: 'in_progress', name: item.name, call_id: item.callId, arguments: '' };
          emit({ type: 'response.output_item.added', response_id: response.id, output_index: outputIndex, item: wire });
          emit({ type: 'conversation.item.added', item: wire, previous_item_id: null });
          emit({ type: 'response.function_call_arguments.delta', response_id: response.id, item_id: item.id, output_index: outputIndex, call_id: item.callId, delta: args });
          emit({ type: 'response.function_call_arguments.done', response_id: response.id, item_id: item.id, output_index: outputIndex, call_id: item.callId, name: item.name, arguments: args });
          const done = { ...wire, status: 'completed', arguments: args };
          emit({ type: 'response.output_item.done', response_id: response.id, output_index: outputIndex, item: done });
          emit({ type: 'conversation.item.done', item: done, previous_item_id: null });
          response.output.push(done);
        }
      }
      active = undefined;
      emit({
        type: 'response.done',
        response: {
          ...response,
          status: cancelled ? 'cancelled' : 'completed',
          status_details: cancelled ? { type: 'cancelled', reason: cancelled } : null,
          usage: { total_tokens: 0, input_tokens: 0, output_tokens: 0 },
        },
      });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  standin.realtimeUrl = `ws://127.0.0.1:${port}/v1/realtime`;
  standin.baseUrl = `http://127.0.0.1:${port}/v1`;
  return standin;
}
