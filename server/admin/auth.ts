import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The WebSocket subprotocol the console asks for; the token rides beside it as `bearer.<token>`. */
export const eventsProtocol = 'leads.v1';

const loopbackNames = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * DNS rebinding defence: a web page can make the browser send requests to 127.0.0.1 under its own host
 * name, so the admin API answers only requests addressed to a loopback name.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return loopbackNames.has(name.toLowerCase());
}

/** Constant-time comparison; hashing first makes the lengths equal so nothing leaks through them either. */
export function tokenMatches(expected: string, provided: string | undefined): boolean {
  if (!provided) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(provided).digest();
  return timingSafeEqual(a, b);
}

/**
 * The token from `Authorization: Bearer …`, or for a browser WebSocket (which cannot set headers) from the
 * subprotocol list: `new WebSocket(url, ['leads.v1', 'bearer.' + token])`.
 */
export function tokenFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const protocols = request.headers['sec-websocket-protocol'];
  return protocols
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith('bearer.'))
    ?.slice('bearer.'.length);
}
