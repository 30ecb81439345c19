import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { alertRoutes } from '../alerts/routes.js';
import { businessRoutes } from '../businesses/routes.js';
import { ForbiddenHost, ForbiddenOrigin, Unauthorized } from '../errors.js';
import { createApp } from '../http/create-app.js';
import { knowledgeRoutes } from '../knowledge/routes.js';
import { leadRoutes } from '../leads/routes.js';
import { planFeatures } from '../plans.js';
import type { Services } from '../services.js';
import { eventsProtocol, isApiRequest, isLoopbackHost, isLoopbackOrigin, tokenFrom, tokenMatches } from './auth.js';
import { eventsRoute } from './events-route.js';
import { secretRoutes } from './secret-routes.js';

const noQueryString = { type: 'object', properties: {}, additionalProperties: false };
/** No body at all (Fastify validates a missing one as null) or an empty JSON object. */
const noBody = { anyOf: [{ type: 'null' }, { type: 'object', properties: {}, additionalProperties: false }] };

/** The console loads nothing from elsewhere and talks only to this listener. */
const consolePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // 'self' covers ws:// to this same host and port (CSP Level 3).
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export interface AdminAppOptions {
  adminToken: string;
  /** The built console (renderer); found next to the server build when not given. */
  consoleDir?: string;
}

/**
 * The ADMIN listener: the owner's API and console, bound to loopback only and guarded by the admin token.
 * The tunnel never forwards here.
 */
export async function buildAdminApp(services: Services, { adminToken, consoleDir = findConsoleDir() }: AdminAppOptions) {
  const app = createApp({ log: services.log.child({ listener: 'admin' }), bodyLimit: 256 * 1024 });

  // Registered before the auth hook: its own onRequest hook must run first, so that a refused upgrade
  // still has its socket closed by the plugin.
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      handleProtocols: (protocols) => (protocols.has(eventsProtocol) ? eventsProtocol : false),
    },
  });

  // Every API route has a schema: one that declares no query string or body refuses any it is sent, like
  // an unknown field anywhere else (400, nothing done). A route that reads its own body (the multipart
  // upload) says so with an explicit schema.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const schema = (route.schema ??= {});
    schema.querystring ??= noQueryString;
    const methods = [route.method].flat();
    if (methods.some((method) => method === 'POST' || method === 'PUT' || method === 'PATCH')) schema.body ??= noBody;
  });

  app.addHook('onRequest', async (request) => {
    if (!isLoopbackHost(request.headers.host)) throw new ForbiddenHost();
    // A page on another site may not even try (browsers send Origin on WebSocket upgrades and POSTs).
    if (!isLoopbackOrigin(request.headers.origin)) throw new ForbiddenOrigin();
    if (isApiRequest(request)) {
      if (!tokenMatches(adminToken, tokenFrom(request))) throw new Unauthorized();
    }
  });
  app.addHook('onSend', async (request, reply) => {
    // Admin answers carry leads' personal data: never cached, never framed by another page.
    if (isApiRequest(request)) reply.header('cache-control', 'no-store');
    else reply.header('content-security-policy', consolePolicy);
    reply.header('x-frame-options', 'DENY').header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
  });

  app.get('/api/health', async () => services.health.report());
  app.get('/api/info', async () => ({
    name: 'Leads Agent',
    publicUrl: services.publicUrl() ?? null,
    dataDir: services.config.dataDir,
    secretsBackend: services.secrets.backend,
    vectorSearch: services.store.vectorSearch,
    plans: planFeatures,
  }));
  await app.register(eventsRoute, { bus: services.bus });
  await app.register(businessRoutes, services);
  await app.register(leadRoutes, services);
  await app.register(knowledgeRoutes, services);
  await app.register(secretRoutes, services);
  await app.register(alertRoutes, services);

  if (consoleDir) {
    await app.register(fastifyStatic, { root: consoleDir, prefix: '/', index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The admin console is not built yet: run `npm run build`. The API is at /api/.'),
    );
  }
  return app;
}

function findConsoleDir(): string | undefined {
  // dist/server/admin → dist/renderer when built; server/admin → dist/renderer when run from source.
  return [new URL('../../renderer/', import.meta.url), new URL('../../dist/renderer/', import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((dir) => existsSync(`${dir}/index.html`));
}
