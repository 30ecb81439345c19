import type {
  ConversationItemInputAudioTranscriptionCompletedEvent,
  ConversationItemTruncatedEvent,
  ConversationItemTruncateEvent,
  InputAudioBufferSpeechStartedEvent,
  InputAudioBufferSpeechStoppedEvent,
  RealtimeConversationItemFunctionCallOutput,
  RealtimeConversationItemSystemMessage,
  RealtimeConversationItemUserMessage,
  RealtimeErrorEvent,
  RealtimeResponseCreateParams,
  RealtimeSessionCreateRequest,
  ResponseAudioDeltaEvent,
  ResponseAudioDoneEvent,
  ResponseAudioTranscriptDeltaEvent,
  ResponseAudioTranscriptDoneEvent,
  ResponseCreateEvent,
  ResponseFunctionCallArgumentsDoneEvent,
  SessionUpdateEvent,
} from 'openai/resources/realtime/realtime';
import { base64Pattern } from './twilio-events.js';

/**
 * The OpenAI Realtime API, GA dialect, as the relay speaks it: the server events it acts on and the client
 * events it sends. The only file that knows the Realtime JSON. Shapes are picked from the `openai` package's
 * own types (src/resources/realtime/realtime.ts), so a rename there fails the typecheck here; the GA names
 * are `response.output_audio.*` and `response.output_audio_transcript.*` (beta said `response.audio.*`).
 * Reference: developers.openai.com/api/reference/resources/realtime (client-events, server-events).
 */

export type SessionCreated = { type: 'session.created'; session: { id?: string } };
export type SessionUpdated = { type: 'session.updated' };
export type RealtimeError = Pick<RealtimeErrorEvent, 'type' | 'error'>;
export type SpeechStarted = Pick<InputAudioBufferSpeechStartedEvent, 'type' | 'item_id' | 'audio_start_ms'>;
export type SpeechStopped = Pick<InputAudioBufferSpeechStoppedEvent, 'type' | 'item_id' | 'audio_end_ms'>;
export type CallerTranscript = Pick<ConversationItemInputAudioTranscriptionCompletedEvent, 'type' | 'item_id' | 'transcript'>;
export type CallerTranscriptFailed = { type: 'conversation.item.input_audio_transcription.failed'; item_id: string; error: { code?: string; message?: string } };
export type ResponseCreated = { type: 'response.created'; response: { id: string; metadata: Record<string, string> | null } };
export type ResponseDone = {
  type: 'response.done';
  response: { id: string; status: string; metadata: Record<string, string> | null; reason?: string };
};
export type AudioDelta = Pick<ResponseAudioDeltaEvent, 'type' | 'response_id' | 'item_id' | 'content_index' | 'delta'>;
export type AudioDone = Pick<ResponseAudioDoneEvent, 'type' | 'response_id' | 'item_id' | 'content_index'>;
export type AgentTranscript = Pick<ResponseAudioTranscriptDoneEvent, 'type' | 'response_id' | 'item_id' | 'transcript'>;
export type AgentTranscriptDelta = Pick<ResponseAudioTranscriptDeltaEvent, 'type' | 'item_id' | 'delta'>;
export type FunctionCall = Pick<ResponseFunctionCallArgumentsDoneEvent, 'type' | 'response_id' | 'item_id' | 'call_id' | 'name' | 'arguments'>;
export type ItemTruncated = Pick<ConversationItemTruncatedEvent, 'type' | 'item_id' | 'audio_end_ms'>;
/** A server event the relay does not act on (rate limits, content parts, text deltas…): its type only. */
export type OtherServerEvent = { type: 'other'; eventType: string };
export type InvalidServerEvent = { type: 'invalid'; reason: string };

export type RealtimeServerEvent =
  | SessionCreated
  | SessionUpdated
  | RealtimeError
  | SpeechStarted
  | SpeechStopped
  | CallerTranscript
  | CallerTranscriptFailed
  | ResponseCreated
  | ResponseDone
  | AudioDelta
  | AudioDone
  | AgentTranscript
  | AgentTranscriptDelta
  | FunctionCall
  | ItemTruncated
  | OtherServerEvent
  | InvalidServerEvent;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function invalid(reason: string): InvalidServerEvent {
  return { type: 'invalid', reason };
}

function metadataOf(response: Json): Record<string, string> | null {
  const metadata = response.metadata;
  if (!isObject(metadata)) return null;
  return Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, string] => isString(entry[1])));
}

/** Parses and shape-checks one text frame from the Realtime API. Never throws. */
export function parseRealtimeEvent(raw: string): RealtimeServerEvent {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return invalid('not JSON');
  }
  if (!isObject(message) || !isString(message.type)) return invalid('no type');
  const m = message;
  const type: string = message.type;
  switch (type) {
    case 'response.output_audio.delta':
      if (!isString(m.item_id) || !isString(m.response_id) || !isString(m.delta) || !base64Pattern.test(m.delta)) {
        return invalid('audio delta without item, response or base64 audio');
      }
      return { type, response_id: m.response_id, item_id: m.item_id, content_index: isNumber(m.content_index) ? m.content_index : 0, delta: m.delta };
    case 'response.output_audio.done':
      if (!isString(m.item_id) || !isString(m.response_id)) return invalid('audio done without item');
      return { type, response_id: m.response_id, item_id: m.item_id, content_index: isNumber(m.content_index) ? m.content_index : 0 };
    case 'response.output_audio_transcript.done':
      if (!isString(m.item_id) || !isString(m.transcript)) return invalid('transcript done without item or transcript');
      return { type, response_id: String(m.response_id ?? ''), item_id: m.item_id, transcript: m.transcript };
    case 'response.output_audio_transcript.delta':
      if (!isString(m.item_id) || !isString(m.delta)) return invalid('transcript delta without item or text');
      return { type, item_id: m.item_id, delta: m.delta };
    case 'input_audio_buffer.speech_started':
      return { type, item_id: String(m.item_id ?? ''), audio_start_ms: isNumber(m.audio_start_ms) ? m.audio_start_ms : 0 };
    case 'input_audio_buffer.speech_stopped':
      return { type, item_id: String(m.item_id ?? ''), audio_end_ms: isNumber(m.audio_end_ms) ? m.audio_end_ms : 0 };
    case 'conversation.item.input_audio_transcription.completed':
      if (!isString(m.item_id) || !isString(m.transcript)) return invalid('transcription without item or transcript');
      return { type, item_id: m.item_id, transcript: m.transcript };
    case 'conversation.item.input_audio_transcription.failed': {
      const error = isObject(m.error) ? m.error : {};
      return {
        type,
        item_id: String(m.item_id ?? ''),
        error: { code: isString(error.code) ? error.code : undefined, message: isString(error.message) ? error.message : undefined },
      };
    }
    case 'response.created':
    case 'response.done': {
      const response = m.response;
      if (!isObject(response) || !isString(response.id)) return invalid(`${type} without a response id`);
      if (type === 'response.created') return { type, response: { id: response.id, metadata: metadataOf(response) } };
      const details = isObject(response.status_details) ? response.status_details : {};
      return {
        type,
        response: {
          id: response.id,
          status: String(response.status ?? ''),
          metadata: metadataOf(response),
          reason: isString(details.reason) ? details.reason : undefined,
        },
      };
    }
    case 'response.function_call_arguments.done':
      if (!isString(m.call_id) || !isString(m.name) || !isString(m.arguments)) return invalid('function call without call_id, name or arguments');
      return {
        type,
        response_id: String(m.response_id ?? ''),
        item_id: String(m.item_id ?? ''),
        call_id: m.call_id,
        name: m.name,
        arguments: m.arguments,
      };
    case 'conversation.item.truncated':
      return { type, item_id: String(m.item_id ?? ''), audio_end_ms: isNumber(m.audio_end_ms) ? m.audio_end_ms : 0 };
    case 'error': {
      const error = isObject(m.error) ? m.error : {};
      return {
        type: 'error',
        error: {
          type: String(error.type ?? 'unknown'),
          message: String(error.message ?? ''),
          code: isString(error.code) ? error.code : null,
          event_id: isString(error.event_id) ? error.event_id : null,
          param: isString(error.param) ? error.param : null,
        },
      };
    }
    case 'session.created': {
      const session = isObject(m.session) ? m.session : {};
      return { type, session: { id: isString(session.id) ? session.id : undefined } };
    }
    case 'session.updated':
      return { type };
    default:
      return { type: 'other', eventType: type };
  }
}

/* Client events. Each builder returns the frame to send; shapes are checked against the SDK's types. */

export type RealtimeSession = RealtimeSessionCreateRequest;

/** With an event_id: an `error` naming it means the API refused this configuration. */
export function sessionUpdate(eventId: string, session: RealtimeSession): string {
  return JSON.stringify({ type: 'session.update', event_id: eventId, session } satisfies SessionUpdateEvent);
}

/** Caller audio goes in as it came from Twilio: the same base64 string (checked when parsed). */
export function appendAudio(payload: string): string {
  return `{"type":"input_audio_buffer.append","audio":"${payload}"}`;
}

export function responseCreate(eventId: string, response?: RealtimeResponseCreateParams): string {
  return JSON.stringify({ type: 'response.create', event_id: eventId, ...(response ? { response } : {}) } satisfies ResponseCreateEvent);
}

/** Cuts the assistant's item at what the caller actually heard, so the model's memory matches it. */
export function truncateItem(itemId: string, contentIndex: number, audioEndMs: number): string {
  return JSON.stringify({
    type: 'conversation.item.truncate',
    item_id: itemId,
    content_index: contentIndex,
    audio_end_ms: Math.max(0, Math.floor(audioEndMs)),
  } satisfies ConversationItemTruncateEvent);
}

export function functionCallOutput(callId: string, output: unknown): string {
  const item: RealtimeConversationItemFunctionCallOutput = { type: 'function_call_output', call_id: callId, output: JSON.stringify(output) };
  return JSON.stringify({ type: 'conversation.item.create', item });
}

/** Text the caller "said" without speaking (keypad digits). */
export function userText(text: string): string {
  const item: RealtimeConversationItemUserMessage = { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
  return JSON.stringify({ type: 'conversation.item.create', item });
}

/** A note for the model mid-call (an emergency the analyser spotted, the owner not answering). */
export function systemNote(text: string): string {
  const item: RealtimeConversationItemSystemMessage = { type: 'message', role: 'system', content: [{ type: 'input_text', text }] };
  return JSON.stringify({ type: 'conversation.item.create', item });
}
