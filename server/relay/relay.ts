import type WebSocket from 'ws';
import type { RealtimeResponseCreateParams } from 'openai/resources/realtime/realtime';
import type { Logger } from '../log/logger.js';
import {
  appendAudio,
  functionCallOutput,
  parseRealtimeEvent,
  responseCreate,
  sessionUpdate,
  systemNote,
  truncateItem,
  userText,
  type AgentTranscript,
  type AgentTranscriptDelta,
  type AudioDelta,
  type AudioDone,
  type CallerTranscript,
  type CallerTranscriptFailed,
  type FunctionCall,
  type InvalidServerEvent,
  type ItemTruncated,
  type OtherServerEvent,
  type RealtimeError,
  type RealtimeSession,
  type ResponseCreated,
  type ResponseDone,
  type SpeechStarted,
  type SpeechStopped,
} from './openai-events.js';
import {
  base64ByteLength,
  mulawBytesPerMs,
  parseTwilioEvent,
  twilioClearMessage,
  twilioMarkMessage,
  twilioMediaMessage,
  type TwilioDtmf,
  type TwilioInvalid,
  type TwilioMark,
  type TwilioMedia,
  type TwilioStart,
} from './twilio-events.js';

/**
 * One phone call's relay: Twilio Media Streams on one side, an OpenAI Realtime session on the other.
 * Audio passes through untouched (the same base64 strings both ways). Marks tell us what the caller has
 * heard; on barge-in Twilio's buffer is cleared and the assistant's item is truncated at exactly that.
 * Everything about the business (who may connect, instructions, tools, turns, fallback) is the CallAgent's.
 */

export type SessionKind = 'first' | 'reconnect' | 'renewal';

export interface SessionPlan {
  session: RealtimeSession;
  /** What the agent says before the caller says anything (the greeting), if anything. */
  opening?: RealtimeResponseCreateParams;
}

/** After a tool, something may have to happen once the caller has heard the agent's last words. */
export interface ToolOutcome {
  output: unknown;
  then?: { action: 'hang-up' | 'transfer'; say: string };
}

export interface RelayControl {
  /** Tells the model something mid-call (as a system message), optionally asking it to respond. */
  note(text: string, respond: boolean): void;
  /** Moves the call elsewhere (a REST update): the `stop` that follows is then not a hang-up. */
  handOff(move: () => Promise<void>): Promise<void>;
  readonly callSid: string;
}

export interface CallAgent {
  readonly callSid: string;
  readonly log: Logger;
  attach(control: RelayControl): void;
  plan(kind: SessionKind): Promise<SessionPlan>;
  callerSaid(text: string): void;
  agentSaid(text: string, interrupted: boolean): void;
  /** Keypad digits; returns the text the model is given. */
  keypad(digits: string): string;
  runTool(call: { name: string; arguments: string }): Promise<ToolOutcome>;
  /** The Realtime API cannot be reached (or came back and failed again): move the call to the fallback flow. */
  realtimeLost(reason: Error): Promise<void>;
  hangUp(): Promise<void>;
  transfer(): Promise<void>;
  ended(how: 'hung-up' | 'handed-off'): void;
}

export interface RelayOptions {
  /** The Twilio side: the accepted /media-stream socket (its upgrade signature already checked). */
  twilio: WebSocket;
  /** Checks the token in `start.customParameters` and builds the call's agent; undefined rejects the stream. */
  authorize(start: TwilioStart['start']): Promise<CallAgent | undefined>;
  /** Opens a Realtime session (socket open and `session.created` seen) or fails within the time limit. */
  connect(): Promise<WebSocket>;
  log: Logger;
  /** Drops after which the relay tries one fresh session; more than this and the call falls back. */
  maxReconnects?: number;
}

export interface Relay {
  /** Settles when the call is over for this stream (hung up, handed off, or rejected). */
  readonly done: Promise<void>;
}

type Phase = 'awaiting-start' | 'authorizing' | 'connecting' | 'live' | 'handing-off' | 'ended';

interface PlaybackItem {
  itemId: string;
  /** Which Realtime session made it: only that session knows the item (a reconnect starts a new one). */
  session: number;
  responseId: string;
  contentIndex: number;
  /** Milliseconds of audio sent to Twilio, and how much of it Twilio says has played (from marks). */
  sentMs: number;
  playedMs: number;
  audioDone: boolean;
  transcript?: string;
  /** Set on barge-in: what the caller heard before the item was cut. */
  heardMs?: number;
}

interface PendingAction {
  action: 'hang-up' | 'transfer';
  responseId?: string;
  responseDone: boolean;
  timer: NodeJS.Timeout;
}

/** Caller audio kept while the Realtime socket is (re)connecting: 10 s of 20 ms frames. */
const maxBufferedFrames = 500;
const dtmfQuietMs = 1500;
/** Stored for agent audio the caller heard when the call ended before any of its transcript arrived. */
const untranscribed = '[the agent was speaking; its words were not transcribed before the call ended]';
/** If the agent's last words never finish playing, the hang-up or transfer happens anyway. */
const actionDeadlineMs = 20_000;

function unreachable(value: never): never {
  throw new Error(`Unhandled event ${JSON.stringify(value)}`);
}

export function startRelay({ twilio, authorize, connect, log: routeLog, maxReconnects = 3 }: RelayOptions): Relay {
  let phase: Phase = 'awaiting-start';
  let log = routeLog;
  let streamSid = '';
  let agent: CallAgent | undefined;
  let realtime: WebSocket | undefined;
  const buffered: string[] = [];
  let droppedFrames = 0;
  const items = new Map<string, PlaybackItem>();
  const partialTranscripts = new Map<string, string>();
  const marks = new Map<string, { item: PlaybackItem; endMs: number }>();
  let markSeq = 0;
  /** Responses whose remaining audio is dropped: the caller spoke over them. */
  const discarded = new Set<string>();
  let activeResponse: string | undefined;
  /** A response.create we sent and have not seen `response.created` for. */
  let responseRequested: string | undefined;
  const requested = new Map<string, RealtimeResponseCreateParams>();
  /** A response the relay wants once the model is idle (after tool outputs, keypad input, the greeting). */
  let wanted: RealtimeResponseCreateParams | undefined;
  let toolsRunning = 0;
  let pendingAction: PendingAction | undefined;
  let reconnects = 0;
  let expiring = false;
  let eventSeq = 0;
  let sessionSeq = 0;
  /** The event_id of the current session's session.update, until `session.updated` confirms it. */
  let sessionUpdateId: string | undefined;
  let digits = '';
  /** Keypad entries made while no session was live: given to the next session once it opens. */
  const keypadQueue: string[] = [];
  /** Keypad entries went in while an opening was due: the model answers them once the opening is done. */
  let keypadAwaitsAnswer = false;
  /** A keypad entry was finished before the call's agent was known. */
  let entryDone = false;
  let dtmfTimer: NodeJS.Timeout | undefined;
  let invalidFrames = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const control: RelayControl = {
    get callSid() {
      return agent?.callSid ?? '';
    },
    note(text, respond) {
      realtime?.send(systemNote(text));
      if (respond) want({});
    },
    async handOff(move) {
      if (phase === 'ended' || phase === 'handing-off') throw new Error('The call is not live on this relay');
      const before = phase;
      phase = 'handing-off';
      try {
        await move();
      } catch (error) {
        if (phase === 'handing-off') phase = before;
        throw error;
      }
    },
  };

  /* ---------------- Twilio side ---------------- */

  twilio.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (isBinary) return onInvalid({ event: 'invalid', reason: 'binary frame' });
    const event = parseTwilioEvent(data.toString());
    switch (event.event) {
      case 'media':
        return onMedia(event);
      case 'mark':
        return onMark(event);
      case 'start':
        return void onStart(event);
      case 'dtmf':
        return onDtmf(event);
      case 'stop':
        return finish('hung-up');
      case 'connected':
        return;
      case 'invalid':
        return onInvalid(event);
      default:
        return unreachable(event);
    }
  });
  twilio.on('close', () => finish('hung-up'));
  twilio.on('error', (error) => log.warn({ err: error }, 'media stream socket error'));

  async function onStart(event: TwilioStart): Promise<void> {
    if (phase !== 'awaiting-start') return onInvalid({ event: 'invalid', reason: 'second start' });
    phase = 'authorizing';
    streamSid = event.start.streamSid;
    let authorized: CallAgent | undefined;
    try {
      authorized = await authorize(event.start);
    } catch (error) {
      log.error({ err: error }, 'media stream authorisation failed');
    }
    if (phase !== 'authorizing') {
      // The caller hung up while the stream was being checked: the call ends now, not at the call watch.
      if (authorized && phase === 'ended') authorized.ended('hung-up');
      return;
    }
    if (!authorized) {
      phase = 'ended';
      // 1008: policy violation. Twilio goes on with the TwiML after </Connect>.
      twilio.close(1008, 'stream not authorised');
      resolveDone();
      return;
    }
    agent = authorized;
    log = agent.log;
    agent.attach(control);
    const opening = openSession('first');
    if (entryDone) flushDigits();
    await opening;
  }

  function onMedia(event: TwilioMedia): void {
    const frame = appendAudio(event.media.payload);
    if (phase === 'live' && realtime) {
      realtime.send(frame);
      return;
    }
    if (phase === 'ended' || phase === 'handing-off') return;
    // Caller audio that arrives while the Realtime socket opens is kept, not dropped (bounded).
    buffered.push(frame);
    if (buffered.length > maxBufferedFrames) {
      buffered.shift();
      if (droppedFrames++ === 0) log.warn('caller audio buffer full while connecting; oldest audio dropped');
    }
  }

  function onMark(event: TwilioMark): void {
    const mark = marks.get(event.mark.name);
    // Marks echoed because of our `clear` were forgotten at barge-in: that audio was not heard.
    if (!mark) return;
    marks.delete(event.mark.name);
    mark.item.playedMs = Math.max(mark.item.playedMs, mark.endMs);
    settle(mark.item);
    checkPendingAction();
  }

  function onDtmf(event: TwilioDtmf): void {
    if (phase === 'awaiting-start' || phase === 'ended') return;
    clearTimeout(dtmfTimer);
    // '#' ends an entry (as on any phone menu); it is not part of it.
    if (event.dtmf.digit === '#') return flushDigits();
    digits += event.dtmf.digit;
    dtmfTimer = setTimeout(flushDigits, dtmfQuietMs);
  }

  function flushDigits(): void {
    clearTimeout(dtmfTimer);
    if (!digits) return;
    if (!agent) {
      // Typed while the stream is being checked: handed over once it is (or dropped with the stream).
      entryDone = true;
      return;
    }
    const text = agent.keypad(digits);
    digits = '';
    if (realtime && phase === 'live') return sendKeypad(realtime, [text]);
    // The session is opening or reopening: the entry is kept for it, not lost.
    if (phase === 'authorizing' || phase === 'connecting') keypadQueue.push(text);
  }

  function sendKeypad(socket: WebSocket, texts: string[]): void {
    for (const text of texts) socket.send(userText(text));
    // An opening (greeting, apology) already due is said first; the answer to the keypad comes after it.
    if (wanted?.metadata?.purpose === 'opening') keypadAwaitsAnswer = true;
    else want({});
  }

  function onInvalid(event: TwilioInvalid): void {
    if (invalidFrames++ < 5) log.warn({ reason: event.reason }, 'invalid media stream frame ignored');
  }

  /* ---------------- Realtime side ---------------- */

  async function openSession(kind: 'first' | 'reconnect' | 'renewal'): Promise<void> {
    if (!agent) return;
    phase = 'connecting';
    const planned = agent.plan(kind);
    planned.catch(() => {});
    let socket: WebSocket;
    let plan: SessionPlan;
    try {
      [socket, plan] = await Promise.all([connect(), planned]);
    } catch (error) {
      if (phase !== 'connecting') return;
      log.warn({ err: error, kind }, 'realtime session could not be opened');
      return loseRealtime(error as Error);
    }
    if (phase !== 'connecting') {
      closeSocket(socket);
      return;
    }
    realtime = socket;
    sessionSeq++;
    socket.on('message', (data: WebSocket.RawData) => {
      if (socket === realtime) onRealtimeEvent(data.toString());
    });
    socket.on('close', (code: number, reason: Buffer) => onRealtimeClosed(socket, code, reason.toString()));
    socket.on('error', (error) => log.warn({ err: error }, 'realtime socket error'));
    // Nothing is asked of the model until the API has accepted this configuration (`session.updated`):
    // a refused one (an unknown voice, say) would have it speak with the wrong settings, or not at all.
    sessionUpdateId = `evt_session_${sessionSeq}`;
    socket.send(sessionUpdate(sessionUpdateId, plan.session));
    // Audio buffered while connecting goes after session.update, so format and VAD settings apply to it.
    for (const frame of buffered) socket.send(frame);
    buffered.length = 0;
    phase = 'live';
    log.info({ kind }, 'realtime session open');
    if (plan.opening) want(plan.opening);
    if (keypadQueue.length) sendKeypad(socket, keypadQueue.splice(0));
  }

  function onRealtimeEvent(raw: string): void {
    const event = parseRealtimeEvent(raw);
    switch (event.type) {
      case 'response.output_audio.delta':
        return onAudioDelta(event);
      case 'response.output_audio.done':
        return onAudioDone(event);
      case 'response.output_audio_transcript.done':
        return onAgentTranscript(event);
      case 'response.output_audio_transcript.delta':
        return onAgentTranscriptDelta(event);
      case 'input_audio_buffer.speech_started':
        return onSpeechStarted(event);
      case 'input_audio_buffer.speech_stopped':
        return onSpeechStopped(event);
      case 'conversation.item.input_audio_transcription.completed':
        return onCallerTranscript(event);
      case 'conversation.item.input_audio_transcription.failed':
        return onCallerTranscriptFailed(event);
      case 'response.created':
        return onResponseCreated(event);
      case 'response.done':
        return onResponseDone(event);
      case 'response.function_call_arguments.done':
        return onFunctionCall(event);
      case 'conversation.item.truncated':
        return onTruncated(event);
      case 'error':
        return onError(event);
      case 'session.updated':
        return onSessionUpdated();
      case 'session.created':
        return;
      case 'other':
        return onOther(event);
      case 'invalid':
        return onInvalidServerEvent(event);
      default:
        return unreachable(event);
    }
  }

  function onAudioDelta(event: AudioDelta): void {
    if (discarded.has(event.response_id) || phase === 'ended') return;
    let item = items.get(event.item_id);
    if (!item) {
      item = { itemId: event.item_id, session: sessionSeq, responseId: event.response_id, contentIndex: event.content_index, sentMs: 0, playedMs: 0, audioDone: false };
      items.set(event.item_id, item);
    } else if (item.heardMs !== undefined) {
      return;
    }
    item.sentMs += base64ByteLength(event.delta) / mulawBytesPerMs;
    // A mark after each chunk: when Twilio echoes it, the caller has heard up to here.
    const name = `m${++markSeq}`;
    marks.set(name, { item, endMs: item.sentMs });
    sendTogether(twilio, twilioMediaMessage(streamSid, event.delta), twilioMarkMessage(streamSid, name));
  }

  function onAudioDone(event: AudioDone): void {
    const item = items.get(event.item_id);
    if (!item) return;
    item.audioDone = true;
    settle(item);
    checkPendingAction();
  }

  /** The words so far of an answer still being spoken: all there is if the caller hangs up mid-answer. */
  function onAgentTranscriptDelta(event: AgentTranscriptDelta): void {
    if (phase === 'ended') return;
    partialTranscripts.set(event.item_id, (partialTranscripts.get(event.item_id) ?? '') + event.delta);
  }

  function onAgentTranscript(event: AgentTranscript): void {
    partialTranscripts.delete(event.item_id);
    const item = items.get(event.item_id);
    // No item: none of its audio was ever sent (the caller cut in first), so nothing was said.
    if (!item) return;
    item.transcript = event.transcript;
    settle(item);
  }

  /** Barge-in: stop playback now and make the model forget what the caller did not hear. */
  function onSpeechStarted(_event: SpeechStarted): void {
    if (!streamSid) return;
    twilio.send(twilioClearMessage(streamSid));
    marks.clear();
    if (activeResponse) discarded.add(activeResponse);
    for (const item of items.values()) {
      if (item.heardMs !== undefined || (item.audioDone && item.playedMs >= item.sentMs)) continue;
      item.heardMs = item.playedMs;
      discarded.add(item.responseId);
      // Only assistant items with audio can be truncated; audio_end_ms may not exceed what was generated.
      if (item.sentMs > 0 && item.session === sessionSeq) realtime?.send(truncateItem(item.itemId, item.contentIndex, item.playedMs));
      settle(item);
    }
    if (pendingAction?.action === 'hang-up') {
      // The caller has more to say: let the conversation go on; the model may end the call again.
      clearTimeout(pendingAction.timer);
      pendingAction = undefined;
    } else if (pendingAction?.action === 'transfer') {
      fireAction();
    }
  }

  function onSpeechStopped(_event: SpeechStopped): void {}

  function onCallerTranscript(event: CallerTranscript): void {
    const text = event.transcript.trim();
    if (text && agent) agent.callerSaid(text);
  }

  function onCallerTranscriptFailed(event: CallerTranscriptFailed): void {
    log.warn({ code: event.error.code }, 'caller transcription failed');
  }

  function onResponseCreated(event: ResponseCreated): void {
    activeResponse = event.response.id;
    const ours = event.response.metadata?.by === 'relay';
    if (ours) responseRequested = undefined;
    else if (wanted && !wanted.metadata?.purpose) wanted = undefined; // the model is answering anyway
    const purpose = event.response.metadata?.purpose;
    if (pendingAction && purpose === pendingAction.action && !pendingAction.responseId) pendingAction.responseId = event.response.id;
  }

  function onResponseDone(event: ResponseDone): void {
    if (activeResponse === event.response.id) activeResponse = undefined;
    discarded.delete(event.response.id);
    if (pendingAction?.responseId === event.response.id) pendingAction.responseDone = true;
    checkPendingAction();
    if (keypadAwaitsAnswer && event.response.metadata?.purpose === 'opening') {
      keypadAwaitsAnswer = false;
      return want({});
    }
    requestResponse();
  }

  function onFunctionCall(event: FunctionCall): void {
    if (!agent) return;
    const socket = realtime;
    toolsRunning++;
    agent
      .runTool({ name: event.name, arguments: event.arguments })
      .catch((error: Error) => {
        log.error({ err: error, tool: event.name }, 'tool failed');
        return { output: { ok: false, error: 'The tool failed on our side; carry on without it.' } } as ToolOutcome;
      })
      .then((outcome) => {
        toolsRunning--;
        // A result for a session that has since been replaced would name a call the new one never made.
        if (socket !== realtime || !socket || phase !== 'live') return;
        socket.send(functionCallOutput(event.call_id, outcome.output));
        if (outcome.then && !pendingAction) {
          const { action, say } = outcome.then;
          pendingAction = { action, responseDone: false, timer: setTimeout(fireAction, actionDeadlineMs) };
          want({ instructions: `Say exactly this, then stop: "${say}"`, metadata: { purpose: action } });
        } else {
          want({});
        }
      });
  }

  function onTruncated(_event: ItemTruncated): void {}

  function onSessionUpdated(): void {
    if (!sessionUpdateId) return;
    sessionUpdateId = undefined;
    requestResponse();
  }

  function onError(event: RealtimeError): void {
    const { code, event_id: eventId } = event.error;
    if (eventId && eventId === sessionUpdateId) return onSessionRefused(event);
    if (code === 'session_expired') expiring = true;
    const retry = eventId ? requested.get(eventId) : undefined;
    if (eventId && retry) {
      requested.delete(eventId);
      responseRequested = undefined;
      // Another response started first (the caller spoke): ask again once the model is idle.
      if (code === 'conversation_already_has_active_response') want(retry);
    }
    log.warn({ code, errorType: event.error.type, eventId }, 'realtime error event');
  }

  /**
   * The API refused the session's configuration: this session cannot serve the call as the business set it
   * up, and a fresh one would be refused the same way. The caller goes to the fallback flow at once.
   */
  function onSessionRefused(event: RealtimeError): void {
    const { code, param, message } = event.error;
    log.error({ code, param, errorMessage: message }, 'realtime session.update refused; moving the call to the fallback flow');
    sessionUpdateId = undefined;
    const socket = realtime;
    realtime = undefined;
    wanted = undefined;
    if (socket) closeSocket(socket);
    void loseRealtime(new Error(`The Realtime API refused the session configuration (${code ?? 'error'}${param ? ` on ${param}` : ''})`));
  }

  function onOther(_event: OtherServerEvent): void {}

  function onInvalidServerEvent(event: InvalidServerEvent): void {
    log.warn({ reason: event.reason }, 'invalid realtime event ignored');
  }

  function onRealtimeClosed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== realtime) return;
    realtime = undefined;
    activeResponse = undefined;
    responseRequested = undefined;
    if (phase !== 'live') return;
    // The API ends every session at its time limit (error session_expired, then close 1001): a fresh
    // session carries on with the conversation so far. Anything else is a drop: one reconnect each time.
    if (expiring || /maximum duration/i.test(reason)) {
      expiring = false;
      log.info({ code }, 'realtime session expired; opening a fresh one');
      void openSession('renewal');
      return;
    }
    if (reconnects >= maxReconnects) {
      log.warn({ code, reconnects }, 'realtime session dropped again; giving up on it');
      void loseRealtime(new Error(`The Realtime API dropped the session ${reconnects + 1} times`));
      return;
    }
    reconnects++;
    log.warn({ code, reason }, 'realtime session dropped; reconnecting');
    void openSession('reconnect');
  }

  async function loseRealtime(reason: Error): Promise<void> {
    if (!agent || phase === 'ended' || phase === 'handing-off') return;
    phase = 'handing-off';
    buffered.length = 0;
    try {
      await agent.realtimeLost(reason);
    } catch (error) {
      // The REST update failed too: closing the stream makes Twilio run the TwiML after </Connect>,
      // which redirects to the same fallback flow.
      log.error({ err: error }, 'could not move the call to the fallback flow; closing the stream');
      twilio.close(1011, 'realtime unavailable');
    }
  }

  /* ---------------- responses, playback and hand-offs ---------------- */

  function want(response: RealtimeResponseCreateParams): void {
    // A purpose (hang-up, transfer) wins over a plain "respond".
    if (!wanted || !wanted.metadata?.purpose) wanted = { ...response, metadata: { ...response.metadata, by: 'relay' } };
    requestResponse();
  }

  function requestResponse(): void {
    if (!wanted || !realtime || phase !== 'live' || sessionUpdateId || activeResponse || responseRequested || toolsRunning > 0) return;
    const eventId = `evt_relay_${++eventSeq}`;
    requested.set(eventId, wanted);
    responseRequested = eventId;
    realtime.send(responseCreate(eventId, wanted));
    wanted = undefined;
  }

  /** Stores an agent turn once its words are settled: fully played, or cut by the caller. */
  function settle(item: PlaybackItem): void {
    if (item.transcript === undefined || !agent) return;
    const interrupted = item.heardMs !== undefined;
    if (!interrupted && !(item.audioDone && item.playedMs >= item.sentMs)) return;
    items.delete(item.itemId);
    partialTranscripts.delete(item.itemId);
    const text = interrupted ? heardPart(item.transcript, item.heardMs ?? 0, item.sentMs) : item.transcript;
    if (text.trim()) agent.agentSaid(text.trim(), interrupted);
  }

  function checkPendingAction(): void {
    if (!pendingAction?.responseDone) return;
    const id = pendingAction.responseId;
    const unplayed = [...items.values()].some((item) => item.responseId === id && item.heardMs === undefined && (!item.audioDone || item.playedMs < item.sentMs));
    if (!unplayed) fireAction();
  }

  function fireAction(): void {
    const action = pendingAction;
    if (!action || !agent || phase === 'ended') return;
    clearTimeout(action.timer);
    pendingAction = undefined;
    const current = agent;
    const move = action.action === 'hang-up' ? () => current.hangUp() : () => current.transfer();
    control.handOff(move).catch((error: Error) => log.error({ err: error, action: action.action }, 'could not complete the call action'));
  }

  function finish(how: 'hung-up' | 'handed-off'): void {
    if (phase === 'ended') return;
    const handedOff = phase === 'handing-off' || how === 'handed-off';
    phase = 'ended';
    clearTimeout(dtmfTimer);
    if (digits) flushDigits();
    if (pendingAction) clearTimeout(pendingAction.timer);
    // Whatever the caller heard of the agent's last words is kept. Words whose final transcript had not come
    // yet are known from the transcript deltas so far; with none at all, the turn says so rather than vanish.
    for (const item of [...items.values()]) {
      if (item.transcript === undefined && item.playedMs > 0) {
        const partial = partialTranscripts.get(item.itemId);
        if (partial === undefined) {
          items.delete(item.itemId);
          agent?.agentSaid(untranscribed, true);
          continue;
        }
        // The deltas cover about what was generated (sentMs): the heard part is cut from them like a
        // transcript, the last word of them being perhaps half a word.
        const words = partial.slice(0, Math.max(partial.lastIndexOf(' '), 0)).trimEnd();
        item.transcript = words ? `${words}…` : '';
      }
      if (item.transcript !== undefined && item.heardMs === undefined && (!item.audioDone || item.playedMs < item.sentMs)) item.heardMs = item.playedMs;
      settle(item);
    }
    partialTranscripts.clear();
    if (realtime) closeSocket(realtime);
    realtime = undefined;
    agent?.ended(handedOff ? 'handed-off' : how);
    resolveDone();
  }

  return { done };
}

/**
 * Sends two frames in one write to the network: `ws` corks the TCP socket around each frame, and a cork
 * around both (counted, so theirs nest inside) makes one system call of the media and its mark. Half the
 * writes on the busiest path; if `ws` ever stops exposing its socket, the frames simply go one by one.
 */
function sendTogether(socket: WebSocket, first: string, second: string): void {
  const tcp = (socket as unknown as { _socket?: { cork?(): void; uncork?(): void } })._socket;
  tcp?.cork?.();
  socket.send(first);
  socket.send(second);
  tcp?.uncork?.();
}

/** Closes politely, and for sure within half a second: a hung-up call must not keep a paid session open. */
function closeSocket(socket: WebSocket): void {
  socket.close(1000, 'call ended');
  setTimeout(() => socket.terminate(), 500).unref();
}

/** The words of a transcript the caller heard, in proportion to the audio played, cut at a word. */
export function heardPart(transcript: string, heardMs: number, sentMs: number): string {
  if (sentMs <= 0 || heardMs >= sentMs) return transcript;
  const cut = Math.floor((transcript.length * heardMs) / sentMs);
  const head = transcript.slice(0, cut);
  const atWord = head.slice(0, Math.max(head.lastIndexOf(' '), 0)).trimEnd();
  return atWord ? `${atWord}…` : '';
}
