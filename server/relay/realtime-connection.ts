import WebSocket from 'ws';
import { UpstreamError } from '../errors.js';
import { parseRealtimeEvent } from './openai-events.js';

export interface RealtimeTarget {
  /** OPENAI_REALTIME_URL; the model goes in the query string, as the API expects (`?model=`). */
  url: string;
  model: string;
  apiKey: string;
  /** The socket must be open and the session created within this time, or the call falls back. */
  timeoutMs: number;
}

/**
 * Opens a Realtime API socket and waits for `session.created`. A plain `ws` client rather than the `openai`
 * package's: that one forces `wss://`, and tests point OPENAI_REALTIME_URL at a local `ws://` stand-in.
 * GA dialect: Bearer auth and no `OpenAI-Beta` header. Fails with an UpstreamError that says whether a retry
 * may help; it never leaves a half-open socket behind.
 */
export function connectRealtime({ url, model, apiKey, timeoutMs }: RealtimeTarget): Promise<WebSocket> {
  const target = new URL(url);
  target.searchParams.set('model', model);
  return new Promise((resolve, reject) => {
    // Compression would cost CPU on every audio frame for little gain on base64 mu-law.
    const socket = new WebSocket(target, { headers: { Authorization: `Bearer ${apiKey}` }, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    let settled = false;
    const fail = (error: UpstreamError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new UpstreamError('openai', `The Realtime API did not open a session within ${timeoutMs} ms`, true)), timeoutMs);
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      fail(new UpstreamError('openai', `The Realtime API refused the connection with HTTP ${status}`, status === 429 || status >= 500, status));
    });
    socket.on('error', (error) => fail(new UpstreamError('openai', `The Realtime API could not be reached: ${error.message}`, true)));
    socket.on('close', (code) => fail(new UpstreamError('openai', `The Realtime API closed the socket (${code}) before the session started`, true)));
    socket.once('message', (data) => {
      const event = parseRealtimeEvent(data.toString());
      if (event.type === 'session.created') {
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners();
        // Until the relay attaches its own listeners, an error must not be an unhandled 'error' event.
        socket.on('error', () => {});
        resolve(socket);
        return;
      }
      const detail = event.type === 'error' ? `${event.error.code ?? event.error.type}: ${event.error.message}` : `unexpected ${event.type}`;
      fail(new UpstreamError('openai', `The Realtime API did not start a session (${detail})`, false));
    });
  });
}
