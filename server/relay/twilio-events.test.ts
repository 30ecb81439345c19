import { describe, expect, it } from 'vitest';
import { base64ByteLength, parseTwilioEvent, twilioClearMessage, twilioMarkMessage, twilioMediaMessage } from './twilio-events.js';

const streamSid = `MZ${'1'.repeat(32)}`;
const start = {
  event: 'start',
  sequenceNumber: '1',
  start: {
    accountSid: `AC${'2'.repeat(32)}`,
    streamSid,
    callSid: `CA${'3'.repeat(32)}`,
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    customParameters: { token: 'abc' },
  },
  streamSid,
};

describe('Twilio Media Streams messages', () => {
  it('parses the documented inbound messages', () => {
    expect(parseTwilioEvent(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }))).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect(parseTwilioEvent(JSON.stringify(start))).toEqual(start);
    const media = { event: 'media', sequenceNumber: '3', media: { track: 'inbound', chunk: '1', timestamp: '5', payload: 'no+JhoaJjpzS' }, streamSid };
    expect(parseTwilioEvent(JSON.stringify(media))).toEqual(media);
    const dtmf = { event: 'dtmf', streamSid, sequenceNumber: '5', dtmf: { track: 'inbound_track', digit: '1' } };
    expect(parseTwilioEvent(JSON.stringify(dtmf))).toEqual(dtmf);
    const mark = { event: 'mark', sequenceNumber: '4', streamSid, mark: { name: 'my label' } };
    expect(parseTwilioEvent(JSON.stringify(mark))).toEqual(mark);
    const stop = { event: 'stop', sequenceNumber: '5', stop: { accountSid: start.start.accountSid, callSid: start.start.callSid }, streamSid };
    expect(parseTwilioEvent(JSON.stringify(stop))).toEqual(stop);
  });

  it('names what is wrong with a bad frame, never throwing', () => {
    const reason = (raw: string) => {
      const event = parseTwilioEvent(raw);
      return event.event === 'invalid' ? event.reason : 'valid';
    };
    expect(reason('not json')).toBe('not JSON');
    expect(reason('[1]')).toBe('not a JSON object');
    expect(reason(JSON.stringify({ event: 'media', streamSid, media: { payload: 'a"b' } }))).toBe('media without a base64 payload');
    expect(reason(JSON.stringify({ ...start, start: { ...start.start, callSid: 'CA1' } }))).toBe('start with a bad callSid');
    expect(reason(JSON.stringify({ ...start, start: { ...start.start, mediaFormat: { encoding: 'audio/l16', sampleRate: 16000, channels: 1 } } }))).toMatch(/media format/);
    expect(reason(JSON.stringify({ event: 'dtmf', dtmf: { digit: '12' } }))).toBe('dtmf without a digit');
    expect(reason(JSON.stringify({ event: 'hello' }))).toMatch(/unknown event/);
  });

  it('writes the three outbound messages, the payload unchanged', () => {
    expect(JSON.parse(twilioMediaMessage(streamSid, 'no+JhoaJjpz='))).toEqual({ event: 'media', streamSid, media: { payload: 'no+JhoaJjpz=' } });
    expect(JSON.parse(twilioMarkMessage(streamSid, 'm1'))).toEqual({ event: 'mark', streamSid, mark: { name: 'm1' } });
    expect(JSON.parse(twilioClearMessage(streamSid))).toEqual({ event: 'clear', streamSid });
  });

  it('counts audio bytes without decoding', () => {
    for (const size of [0, 1, 2, 3, 160, 161, 800]) {
      expect(base64ByteLength(Buffer.alloc(size).toString('base64'))).toBe(size);
    }
  });
});
