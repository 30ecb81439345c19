import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { QuestionService } from './questions.js';
import {
  CreateBusinessBody,
  CreateQuestionBody,
  IdParams,
  QuestionParams,
  ReorderQuestionsBody,
  UpdateBusinessBody,
  UpdateQuestionBody,
  type CreateBusinessInput,
  type UpdateBusinessInput,
} from './schemas.js';
import type { BusinessService } from './service.js';

export interface BusinessRoutesDeps {
  businesses: BusinessService;
  questions: QuestionService;
}

/** Admin API: /api/businesses and their lead questions. */
export const businessRoutes: FastifyPluginAsyncTypebox<BusinessRoutesDeps> = async (app, { businesses, questions }) => {
  app.get('/api/businesses', async () => businesses.list());

  app.post('/api/businesses', { schema: { body: CreateBusinessBody } }, async (request, reply) => {
    return reply.code(201).send(businesses.create(request.body as CreateBusinessInput));
  });

  app.get('/api/businesses/:id', { schema: { params: IdParams } }, async (request) => businesses.get(request.params.id));

  app.patch('/api/businesses/:id', { schema: { params: IdParams, body: UpdateBusinessBody } }, async (request) =>
    businesses.update(request.params.id, request.body as UpdateBusinessInput),
  );

  app.delete('/api/businesses/:id', { schema: { params: IdParams } }, async (request, reply) => {
    businesses.remove(request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/businesses/:id/questions', { schema: { params: IdParams } }, async (request) => questions.list(request.params.id));

  app.post('/api/businesses/:id/questions', { schema: { params: IdParams, body: CreateQuestionBody } }, async (request, reply) => {
    return reply.code(201).send(questions.create(request.params.id, request.body));
  });

  app.put('/api/businesses/:id/questions/order', { schema: { params: IdParams, body: ReorderQuestionsBody } }, async (request) =>
    questions.reorder(request.params.id, request.body.ids),
  );

  app.patch(
    '/api/businesses/:id/questions/:questionId',
    { schema: { params: QuestionParams, body: UpdateQuestionBody } },
    async (request) => questions.update(request.params.id, request.params.questionId, request.body as UpdateQuestionBody),
  );

  app.delete('/api/businesses/:id/questions/:questionId', { schema: { params: QuestionParams } }, async (request, reply) => {
    questions.remove(request.params.id, request.params.questionId);
    return reply.code(204).send();
  });
};
