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

/**
 * Whether a request reaches the API. The router matches the decoded path ("/%61pi/leads" is "/api/leads"),
 * so the decision follows the route it matched, and the raw and decoded paths too for anything unmatched.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const underApi = (path: string) => path === '/api' || path.startsWith('/api/') || path.startsWith('/api?');
  const raw = request.url;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return true; // a path that does not even decode is refused as if it were the API's
  }
  return underApi(request.routeOptions.url ?? '') || underApi(raw) || underApi(decoded.replace(/\/{2,}/g, '/'));
}

/** No Origin (curl, Electron's main process, a same-origin GET) or a loopback one: the console's own pages. */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return isLoopbackHost(new URL(origin).host);
  } catch {
    return false;
  }
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
