import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BusinessService } from '../businesses/service.js';
import { ChainListQuery, ChainParams, PreviewBody, SaveTemplateBody, TemplateParams } from './schemas.js';
import type { Alerts } from './service.js';
import type { ChainStatus } from './store.js';

export interface AlertRoutesDeps {
  alerts: Alerts;
  businesses: BusinessService;
}

/**
 * Admin API: /api/alerts (the chains, each step and every attempt; acknowledging from the console) and
 * /api/businesses/:id/alert-templates (the business's call, SMS and email texts, and their preview).
 */
export const alertRoutes: FastifyPluginAsyncTypebox<AlertRoutesDeps> = async (app, { alerts, businesses }) => {
  app.get('/api/alerts', { schema: { querystring: ChainListQuery } }, async (request) => {
    const { businessId, status, kind, limit } = request.query;
    return { items: alerts.list({ businessId, kind, statuses: status?.split(',') as ChainStatus[] | undefined, limit: limit ? Number(limit) : 50 }) };
  });

  app.get('/api/alerts/:id', { schema: { params: ChainParams } }, async (request) => alerts.chain(request.params.id));

  app.post('/api/alerts/:id/acknowledge', { schema: { params: ChainParams } }, async (request) => alerts.acknowledge(request.params.id, 'console'));

  app.get('/api/businesses/:id/alert-templates', { schema: { params: ChainParams } }, async (request) => {
    businesses.get(request.params.id);
    return { items: alerts.templates.list(request.params.id) };
  });

  app.get('/api/businesses/:id/alert-templates/:name', { schema: { params: TemplateParams } }, async (request) => {
    businesses.get(request.params.id);
    return alerts.templates.get(request.params.id, request.params.name);
  });

  app.put('/api/businesses/:id/alert-templates/:name', { schema: { params: TemplateParams, body: SaveTemplateBody } }, async (request) =>
    alerts.saveTemplate(request.params.id, request.params.name, request.body.source),
  );

  app.delete('/api/businesses/:id/alert-templates/:name', { schema: { params: TemplateParams } }, async (request) => {
    businesses.get(request.params.id);
    return alerts.templates.reset(request.params.id, request.params.name);
  });

  app.post('/api/businesses/:id/alert-templates/:name/preview', { schema: { params: TemplateParams, body: PreviewBody } }, async (request) =>
    alerts.preview(request.params.id, request.params.name, request.body),
  );
};
