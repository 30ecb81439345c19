import { describe, expect, it } from 'vitest';
import { appendAudio, functionCallOutput, parseRealtimeEvent, responseCreate, truncateItem } from './openai-events.js';

describe('Realtime API events (GA)', () => {
  it('parses the server events the relay acts on', () => {
    expect(parseRealtimeEvent(JSON.stringify({ type: 'response.output_audio.delta', event_id: 'e', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: 'AAAA' }))).toEqual({
      type: 'response.output_audio.delta',
      response_id: 'r',
      item_id: 'i',
      content_index: 0,
      delta: 'AAAA',
    });
    expect(parseRealtimeEvent(JSON.stringify({ type: 'input_audio_buffer.speech_started', event_id: 'e', audio_start_ms: 1200, item_id: 'i' }))).toEqual({
      type: 'input_audio_buffer.speech_started',
      audio_start_ms: 1200,
      item_id: 'i',
    });
    expect(parseRealtimeEvent(JSON.stringify({ type: 'response.done', response: { id: 'r', status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' }, metadata: { purpose: 'opening', n: 1 } } }))).toEqual({
      type: 'response.done',
      response: { id: 'r', status: 'cancelled', metadata: { purpose: 'opening' }, reason: 'turn_detected' },
    });
    expect(parseRealtimeEvent(JSON.stringify({ type: 'response.function_call_arguments.done', response_id: 'r', item_id: 'i', call_id: 'c', name: 'end_call', arguments: '{}' }))).toMatchObject({ name: 'end_call', call_id: 'c' });
    expect(parseRealtimeEvent(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', code: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.', param: null, event_id: null } }))).toMatchObject({
      type: 'error',
      error: { code: 'session_expired' },
    });
    expect(parseRealtimeEvent(JSON.stringify({ type: 'rate_limits.updated', rate_limits: [] }))).toEqual({ type: 'other', eventType: 'rate_limits.updated' });
  });

  it('refuses beta names and bad shapes as invalid or other, never throwing', () => {
    expect(parseRealtimeEvent(JSON.stringify({ type: 'response.audio.delta', delta: 'AAAA' }))).toEqual({ type: 'other', eventType: 'response.audio.delta' });
    expect(parseRealtimeEvent(JSON.stringify({ type: 'response.output_audio.delta', response_id: 'r', item_id: 'i', delta: 'not base64!' })).type).toBe('invalid');
    expect(parseRealtimeEvent('{').type).toBe('invalid');
    expect(parseRealtimeEvent('{"no":"type"}').type).toBe('invalid');
  });

  it('writes client events in the GA shapes', () => {
    expect(JSON.parse(appendAudio('no+JhoaJjpz='))).toEqual({ type: 'input_audio_buffer.append', audio: 'no+JhoaJjpz=' });
    expect(JSON.parse(truncateItem('item_1', 0, 1234.7))).toEqual({ type: 'conversation.item.truncate', item_id: 'item_1', content_index: 0, audio_end_ms: 1234 });
    expect(JSON.parse(functionCallOutput('call_1', { ok: true }))).toEqual({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: '{"ok":true}' } });
    expect(JSON.parse(responseCreate('evt_1', { instructions: 'Hi' }))).toEqual({ type: 'response.create', event_id: 'evt_1', response: { instructions: 'Hi' } });
  });
});
