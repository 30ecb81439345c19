import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ErrorBody } from '../errors.js';
import type { Logger } from '../log/logger.js';

export interface AppOptions {
  log: Logger;
  bodyLimit?: number;
  /** Proxies whose X-Forwarded-* headers are believed (the in-process tunnel arrives from loopback). */
  trustProxy?: boolean | string[];
}

export type App = ReturnType<typeof createApp>;

/**
 * The Fastify instance both listeners start from: strict schemas (unknown fields and wrong types are errors,
 * never silently dropped or coerced) and one error shape, `{error:{code,message}}`, logged once.
 */
export function createApp({ log, bodyLimit = 64 * 1024, trustProxy = false }: AppOptions) {
  const app = Fastify({
    loggerInstance: log,
    bodyLimit,
    trustProxy,
    // Request lines are logged by onResponse below, with the route rather than the raw URL.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The routes this listener answers, so tests can prove the public one has none of the admin ones.
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.decorate('routeTable', routes);

  // Requests still running at shutdown answer with `Connection: close`, so their keep-alive connections do not
  // hold the process open after the last response.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, code, message } = describeError(error, bodyLimit);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code, status }, 'request refused');
    const body: ErrorBody = { error: { code, message } };
    return reply.code(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` } };
    return reply.code(404).send(body);
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  return app;
}

function describeError(error: FastifyError, bodyLimit: number): { status: number; code: string; message: string } {
  if (error.validation) {
    return { status: 400, code: 'VALIDATION', message: error.message };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 400, code: 'BODY_TOO_LARGE', message: `The request body is larger than ${bodyLimit} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send application/json' };
  }
  // secure-json-parse throws a SyntaxError with statusCode 400 for bodies that are not JSON at all.
  if (error instanceof SyntaxError) {
    return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' };
  }
  const status = error.statusCode ?? 500;
  // Our own 503s (errors.ts) tell the client what to do ("all lines are busy; try again in a minute").
  if (status === 503 && error.code && !error.code.startsWith('FST_')) return { status, code: error.code, message: error.message };
  if (status >= 500) return { status, code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged' };
  return { status, code: error.code?.replace(/^FST_ERR_/, '') ?? 'BAD_REQUEST', message: error.message };
}

export type { FastifyInstance };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: Array<{ method: string; url: string }>;
  }
}
