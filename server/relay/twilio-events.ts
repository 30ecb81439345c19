/**
 * Twilio Media Streams over WebSocket: every message Twilio sends on a bidirectional stream
 * (`<Connect><Stream>`) and the three we send back. The only file that knows Twilio's JSON.
 * Source: twilio.com/docs/voice/media-streams/websocket-messages.
 *
 * Inbound: `connected` first, then `start` (once), then `media` every 20 ms, with `dtmf` and `mark` among
 * them, and `stop` last. Numbers Twilio sends as strings (sequenceNumber, chunk, timestamp) stay strings.
 * Outbound: `media` (base64 mu-law 8 kHz, no header), `mark` (echoed back once the audio before it has
 * played, or at once when a `clear` drops it) and `clear` (drop everything buffered).
 */

export interface TwilioConnected {
  event: 'connected';
  protocol: string;
  version: string;
}

export interface TwilioStart {
  event: 'start';
  sequenceNumber: string;
  streamSid: string;
  start: {
    streamSid: string;
    accountSid: string;
    callSid: string;
    tracks: string[];
    /** The `<Parameter name value>` children of `<Stream>`: the Stream URL itself may carry no query string. */
    customParameters: Record<string, string>;
    mediaFormat: { encoding: string; sampleRate: number; channels: number };
  };
}

export interface TwilioMedia {
  event: 'media';
  sequenceNumber: string;
  streamSid: string;
  media: { track: string; chunk: string; timestamp: string; payload: string };
}

export interface TwilioDtmf {
  event: 'dtmf';
  sequenceNumber: string;
  streamSid: string;
  dtmf: { track: string; digit: string };
}

export interface TwilioMark {
  event: 'mark';
  sequenceNumber: string;
  streamSid: string;
  mark: { name: string };
}

export interface TwilioStop {
  event: 'stop';
  sequenceNumber: string;
  streamSid: string;
  stop: { accountSid: string; callSid: string };
}

/** A frame that is not one of the above, or one whose shape is wrong: the reason, never the frame. */
export interface TwilioInvalid {
  event: 'invalid';
  reason: string;
}

export type TwilioInboundEvent = TwilioConnected | TwilioStart | TwilioMedia | TwilioDtmf | TwilioMark | TwilioStop | TwilioInvalid;

const streamSidPattern = /^MZ[0-9a-fA-F]{32}$/;
const callSidPattern = /^CA[0-9a-fA-F]{32}$/;
const accountSidPattern = /^AC[0-9a-fA-F]{32}$/;
/** Standard base64 (RFC 4648 §4), which is all Twilio and OpenAI send; checked so it can go into JSON as is. */
export const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const dtmfDigit = /^[0-9*#A-D]$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

function invalid(reason: string): TwilioInvalid {
  return { event: 'invalid', reason };
}

/** Parses and shape-checks one text frame from Twilio. Never throws. */
export function parseTwilioEvent(raw: string): TwilioInboundEvent {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return invalid('not JSON');
  }
  if (!isObject(message)) return invalid('not a JSON object');
  switch (message.event) {
    case 'media': {
      const media = message.media;
      if (!isObject(media) || !isString(media.payload) || !base64Pattern.test(media.payload)) return invalid('media without a base64 payload');
      if (!isString(message.streamSid)) return invalid('media without streamSid');
      return message as unknown as TwilioMedia;
    }
    case 'mark': {
      const mark = message.mark;
      if (!isObject(mark) || !isString(mark.name)) return invalid('mark without a name');
      return message as unknown as TwilioMark;
    }
    case 'dtmf': {
      const dtmf = message.dtmf;
      if (!isObject(dtmf) || !isString(dtmf.digit) || !dtmfDigit.test(dtmf.digit)) return invalid('dtmf without a digit');
      return message as unknown as TwilioDtmf;
    }
    case 'start': {
      const start = message.start;
      if (!isObject(start)) return invalid('start without metadata');
      if (!isString(start.streamSid) || !streamSidPattern.test(start.streamSid)) return invalid('start with a bad streamSid');
      if (!isString(start.callSid) || !callSidPattern.test(start.callSid)) return invalid('start with a bad callSid');
      if (!isString(start.accountSid) || !accountSidPattern.test(start.accountSid)) return invalid('start with a bad accountSid');
      const parameters = start.customParameters ?? {};
      if (!isObject(parameters) || !Object.values(parameters).every(isString)) return invalid('start with bad customParameters');
      const format = start.mediaFormat;
      if (!isObject(format) || format.encoding !== 'audio/x-mulaw' || format.sampleRate !== 8000 || format.channels !== 1) {
        return invalid('start with a media format other than mu-law 8 kHz mono');
      }
      return {
        event: 'start',
        sequenceNumber: String(message.sequenceNumber ?? ''),
        streamSid: start.streamSid,
        start: {
          streamSid: start.streamSid,
          accountSid: start.accountSid,
          callSid: start.callSid,
          tracks: Array.isArray(start.tracks) ? start.tracks.filter(isString) : [],
          customParameters: parameters as Record<string, string>,
          mediaFormat: { encoding: format.encoding, sampleRate: format.sampleRate, channels: format.channels },
        },
      };
    }
    case 'stop': {
      const stop = isObject(message.stop) ? message.stop : {};
      return {
        event: 'stop',
        sequenceNumber: String(message.sequenceNumber ?? ''),
        streamSid: String(message.streamSid ?? ''),
        stop: { accountSid: String(stop.accountSid ?? ''), callSid: String(stop.callSid ?? '') },
      };
    }
    case 'connected':
      return { event: 'connected', protocol: String(message.protocol ?? ''), version: String(message.version ?? '') };
    default:
      return invalid(`unknown event ${JSON.stringify(String(message.event)).slice(0, 40)}`);
  }
}

/*
 * Outbound messages are written as strings: the payload is checked base64 and the streamSid matched
 * MZ[hex]{32} in `start`, so neither needs escaping, and the audio string goes out exactly as it came in.
 */

export function twilioMediaMessage(streamSid: string, payload: string): string {
  return `{"event":"media","streamSid":"${streamSid}","media":{"payload":"${payload}"}}`;
}

export function twilioMarkMessage(streamSid: string, name: string): string {
  return JSON.stringify({ event: 'mark', streamSid, mark: { name } });
}

export function twilioClearMessage(streamSid: string): string {
  return `{"event":"clear","streamSid":"${streamSid}"}`;
}

/** Bytes of audio in a base64 string, without decoding it: mu-law is one byte per sample, 8 per millisecond. */
export function base64ByteLength(payload: string): number {
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length * 3) / 4 - padding;
}

export const mulawBytesPerMs = 8;
