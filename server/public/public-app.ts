import fastifyFormbody from '@fastify/formbody';
import fastifyWebsocket from '@fastify/websocket';
import { chatRoutes } from '../chat/routes.js';
import { widgetRoute } from '../chat/widget-route.js';
import { alertWebhooks } from '../alerts/webhooks.js';
import { createApp } from '../http/create-app.js';
import type { Services } from '../services.js';
import { voiceRoutes } from '../voice/routes.js';

/**
 * The PUBLIC listener: the only thing the tunnel reaches. Twilio webhooks (/twilio/*), the media stream
 * (/media-stream), the chat widget (/widget*) and a bare /healthz. It has no admin route at all, so no
 * Host or X-Forwarded-* header can reach one through it.
 */
export async function buildPublicApp(services: Services) {
  // The in-process tunnel connects from loopback; only then are its X-Forwarded-* headers believed.
  const app = createApp({ log: services.log.child({ listener: 'public' }), bodyLimit: 64 * 1024, trustProxy: ['127.0.0.1', '::1'] });
  await app.register(fastifyFormbody);
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });

  // Memory, versions and components are nobody's business on the internet: the status word only.
  app.get('/healthz', async () => ({ status: (await services.health.report()).status }));
  await app.register(alertWebhooks, services);

  await app.register(widgetRoute);
  await app.register(chatRoutes, { prefix: '/widget', chat: services.chat });
  await app.register(voiceRoutes, services);

  return app;
}
