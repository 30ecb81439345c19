import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { RateLimited } from '../errors.js';
import type { ChatService } from './chat-service.js';
import { streamChatEvents } from './sse.js';

export interface ChatRoutesDeps {
  chat: ChatService;
}

/** A visitor's message: long enough for a description of the problem, short enough to be a chat. */
export const maxMessageLength = 1000;

/**
 * Per visitor IP (a whole office behind one NAT still fits) and per chat (one visitor typing fast). Messages
 * and call-backs count both per chat and per IP (one IP opening chat after chat), ending a chat per IP. The
 * widget shows a 429 kindly and keeps what was typed.
 */
export const chatLimits = {
  configPerIp: { max: 60, timeWindow: 60_000 },
  startPerIp: { max: 10, timeWindow: 60_000 },
  messagesPerChat: { max: 15, timeWindow: 60_000 },
  messagesPerIp: { max: 60, timeWindow: 60_000 },
  streamsPerIp: { max: 60, timeWindow: 60_000 },
  callbacksPerChat: { max: 3, timeWindow: 10 * 60_000 },
  callbacksPerIp: { max: 10, timeWindow: 10 * 60_000 },
  endsPerIp: { max: 20, timeWindow: 60_000 },
};

const BusinessParams = Type.Object({ businessId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const ChatParams = Type.Object({ chatId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const MessageBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: maxMessageLength }),
    /** The widget's own id for the message, echoed on the stream so it is not shown twice. */
    clientId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })),
  },
  { additionalProperties: false },
);
const CallbackBody = Type.Object({ phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })) }, { additionalProperties: false });
const EventsQuery = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 300 }), after: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** Small bodies only: a message is at most 1000 characters (4 bytes each in the worst case) plus JSON. */
const bodyLimit = 8 * 1024;

/**
 * The chat API on the PUBLIC listener, under /widget: CORS per business (only the origins the owner listed may
 * read an answer, and the server refuses the rest itself), limits per IP and per chat, a signed token per chat.
 */
export const chatRoutes: FastifyPluginAsyncTypebox<ChatRoutesDeps> = async (app, { chat }) => {
  await app.register(fastifyCors, {
    hook: 'onRequest',
    delegator(request, callback) {
      const origin = request.headers.origin;
      const business = chat.businessOfPath(request.url.split('?')[0] ?? '');
      const allowed = origin !== undefined && business?.widgetOrigins.includes(origin) === true;
      callback(null, {
        origin: allowed ? origin : false,
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'authorization', 'last-event-id'],
        maxAge: 600,
      });
    },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new RateLimited(`Too many requests; please wait ${context.after} and try again`),
  });

  const perIp = (limit: { max: number; timeWindow: number }) => app.rateLimit(limit);
  const perChat = (limit: { max: number; timeWindow: number }) =>
    app.rateLimit({ ...limit, keyGenerator: (request: FastifyRequest) => `chat:${(request.params as { chatId: string }).chatId}` });
  // @fastify/rate-limit's hooks run at most once per request (the first one marks the request), so on a
  // route limited per chat the per-IP count is a limiter of its own checked by hand (createRateLimit).
  const alsoPerIp = (limit: { max: number; timeWindow: number }) => {
    const check = app.createRateLimit(limit);
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      const seconds = Math.max(result.ttlInSeconds, 1);
      reply.header('retry-after', seconds);
      throw new RateLimited(`Too many requests; please wait ${seconds} seconds and try again`);
    };
  };
  const limits = {
    config: perIp(chatLimits.configPerIp),
    start: perIp(chatLimits.startPerIp),
    messages: [alsoPerIp(chatLimits.messagesPerIp), perChat(chatLimits.messagesPerChat)],
    streams: perIp(chatLimits.streamsPerIp),
    callbacks: [alsoPerIp(chatLimits.callbacksPerIp), perChat(chatLimits.callbacksPerChat)],
    ends: perIp(chatLimits.endsPerIp),
  };

  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const stop of [...open]) stop();
  });

  app.get('/businesses/:businessId/config', { schema: { params: BusinessParams }, onRequest: limits.config }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return chat.widgetConfig(request.params.businessId, request.headers.origin);
  });

  app.post(
    '/businesses/:businessId/chats',
    { schema: { params: BusinessParams, body: EmptyBody }, bodyLimit, onRequest: limits.start },
    async (request, reply) => reply.code(201).send(await chat.start(request.params.businessId, request.headers.origin)),
  );

  app.post(
    '/chats/:chatId/messages',
    { schema: { params: ChatParams, body: MessageBody }, bodyLimit, onRequest: limits.messages },
    async (request, reply) => {
      const { text, clientId } = request.body;
      return reply.code(202).send(await chat.send(bearer(request), request.params.chatId, request.headers.origin, text, clientId));
    },
  );

  // EventSource cannot send headers, so its token comes in the query string (never logged: the log has the route only).
  app.get('/chats/:chatId/events', { schema: { params: ChatParams, querystring: EventsQuery }, onRequest: limits.streams }, async (request, reply) => {
    const log = await chat.events(request.query.token, request.params.chatId, request.headers.origin);
    const header = request.headers['last-event-id'];
    streamChatEvents(request, reply, { log, lastEventId: (Array.isArray(header) ? header[0] : header) ?? request.query.after, open });
  });

  app.post(
    '/chats/:chatId/callback',
    { schema: { params: ChatParams, body: CallbackBody }, bodyLimit, onRequest: limits.callbacks },
    async (request) => chat.callback(bearer(request), request.params.chatId, request.headers.origin, request.body.phone),
  );

  app.post('/chats/:chatId/end', { schema: { params: ChatParams, body: EmptyBody }, bodyLimit, onRequest: limits.ends }, async (request, reply) => {
    await chat.end(bearer(request), request.params.chatId, request.headers.origin);
    return reply.code(204).send();
  });
};

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}
