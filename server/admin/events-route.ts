import type { FastifyPluginAsync } from 'fastify';
import type { BusEvent, EventBus } from '../events/bus.js';

/** A subscriber that reads slower than events arrive is dropped rather than buffered without bound. */
const maxBufferedBytes = 4 * 1024 * 1024;

/**
 * `GET /api/events` (WebSocket): every bus event as one JSON text frame `{id, type, time, data}`.
 * `?since=<id>` replays what a reconnecting subscriber missed, when it is still in the replay buffer.
 */
export const eventsRoute: FastifyPluginAsync<{ bus: EventBus }> = async (app, { bus }) => {
  app.get<{ Querystring: { since?: string } }>(
    '/api/events',
    {
      websocket: true,
      schema: {
        querystring: {
          type: 'object',
          properties: { since: { type: 'string', maxLength: 64 } },
          additionalProperties: false,
        },
      },
    },
    (socket, request) => {
      const send = (event: BusEvent) => {
        if (socket.bufferedAmount > maxBufferedBytes) {
          socket.close(1013, 'subscriber too slow');
          return;
        }
        socket.send(JSON.stringify(event));
      };
      const missed = request.query.since ? bus.since(request.query.since) : undefined;
      missed?.forEach(send);
      const unsubscribe = bus.subscribe(send);
      // Pings find sockets whose peer vanished without a close (a laptop that went to sleep).
      let alive = true;
      socket.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, 30_000);
      socket.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
      socket.on('message', () => {
        /* subscribers only listen; anything they send is ignored */
      });
    },
  );
};
