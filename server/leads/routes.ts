import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { csvStream } from './csv.js';
import { CreateLeadBody, LeadListQuery, LeadParams, UpdateLeadBody, type LeadStatus, type Priority } from './schemas.js';
import type { Lead, LeadFilter, LeadService } from './service.js';

export interface LeadRoutesDeps {
  leads: LeadService;
}

function toFilter(query: LeadListQuery): LeadFilter {
  return {
    businessId: query.businessId,
    priorities: query.priority?.split(',') as Priority[] | undefined,
    statuses: query.status?.split(',') as LeadStatus[] | undefined,
    channel: query.channel,
    emergency: query.emergency === undefined ? undefined : query.emergency === 'true',
    from: query.from,
    to: query.to,
    text: query.q,
    limit: query.limit ? Math.min(Number(query.limit), 500) : 50,
    offset: query.offset ? Number(query.offset) : 0,
  };
}

const csvColumns: Array<[string, (lead: Lead & { answers: string }) => unknown]> = [
  ['id', (l) => l.id],
  ['created_at', (l) => l.createdAt],
  ['business_id', (l) => l.businessId],
  ['channel', (l) => l.channel],
  ['status', (l) => l.status],
  ['priority', (l) => l.priority],
  ['emergency', (l) => (l.emergency ? 'yes' : 'no')],
  ['caller_name', (l) => l.callerName],
  ['caller_phone', (l) => l.callerPhone],
  ['caller_email', (l) => l.callerEmail],
  ['address', (l) => l.address],
  ['summary', (l) => l.summary],
  ['emergency_notes', (l) => l.emergencyNotes],
  ['answers', (l) => l.answers],
];

/** Admin API: /api/leads. */
export const leadRoutes: FastifyPluginAsyncTypebox<LeadRoutesDeps> = async (app, { leads }) => {
  app.get('/api/leads', { schema: { querystring: LeadListQuery } }, async (request) => {
    const filter = toFilter(request.query);
    return { ...leads.list(filter), limit: filter.limit, offset: filter.offset };
  });

  app.post('/api/leads', { schema: { body: CreateLeadBody } }, async (request, reply) => {
    const lead = leads.create({ ...request.body, channel: 'manual' });
    return reply.code(201).send(leads.detail(lead.id));
  });

  app.get('/api/leads/export.csv', { schema: { querystring: LeadListQuery } }, async (request, reply) => {
    const { limit: _limit, offset: _offset, ...filter } = toFilter(request.query);
    const date = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="leads-${date}.csv"`)
      .send(csvStream(csvColumns, leads.exportRows(filter)));
  });

  app.get('/api/leads/:id', { schema: { params: LeadParams } }, async (request) => leads.detail(request.params.id));

  app.patch('/api/leads/:id', { schema: { params: LeadParams, body: UpdateLeadBody } }, async (request) =>
    leads.updateByOwner(request.params.id, request.body),
  );
};
