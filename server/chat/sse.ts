import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatEventLog, LoggedEvent } from './chat-events.js';

/** Comment lines keep idle streams open through proxies and the tunnel (which close silent connections). */
const heartbeatMs = 15_000;

/**
 * Streams a chat's events as Server-Sent Events (html.spec.whatwg.org/multipage/server-sent-events.html):
 * `id:` on every event so the browser's EventSource reconnects with `Last-Event-ID` and misses nothing;
 * `retry:` sets its reconnect delay. The events after `lastEventId` are sent first, then live ones.
 */
export function streamChatEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  { log, lastEventId, open }: { log: ChatEventLog; lastEventId: string | undefined; open: Set<() => void> },
): void {
  // Headers set by hooks (CORS) are on the reply; a hijacked reply writes them itself.
  const headers = reply.getHeaders() as OutgoingHttpHeaders;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Buffering proxies would hold tokens back until the reply is done.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const write = (logged: LoggedEvent) => {
    res.write(`id: ${logged.id}\nevent: ${logged.event.type}\ndata: ${JSON.stringify(logged.event)}\n\n`);
    if (logged.event.type === 'ended') res.end();
  };
  for (const logged of log.after(lastEventId)) write(logged);
  if (res.writableEnded) return;
  const unsubscribe = log.subscribe(write);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  request.raw.once('close', stop);
  res.once('close', stop);
  // Closing the app ends open streams instead of waiting for visitors to leave.
  open.add(stop);
  res.once('close', () => open.delete(stop));
}
