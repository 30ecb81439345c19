import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequest, KbBadUpload, KbFileTooLarge, KbUnsupportedFile } from '../errors.js';
import { formatOf, supportedExtensions } from './extract/index.js';
import { knowledgeLimits, type KnowledgeService, type UploadedFile } from './index.js';
import { AddQaBody, AddTextBody, BusinessParams, ImportWebsiteBody, JobParams, SearchQuery, SourceParams } from './schemas.js';

export interface KnowledgeRoutesDeps {
  knowledge: KnowledgeService;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Admin API: /api/businesses/:id/kb/… (sources, jobs, search, mode). */
export const knowledgeRoutes: FastifyPluginAsyncTypebox<KnowledgeRoutesDeps> = async (app, { knowledge }) => {
  // Registered in this plugin only: no other admin route accepts multipart bodies.
  await app.register(fastifyMultipart, {
    limits: { fileSize: knowledgeLimits.fileBytes, files: knowledgeLimits.files, fields: 5, parts: knowledgeLimits.files + 5, fieldSize: 1024 },
  });

  const base = '/api/businesses/:id/kb';

  app.get(base, { schema: { params: BusinessParams } }, async (request) => knowledge.mode(request.params.id));

  app.get(`${base}/sources`, { schema: { params: BusinessParams } }, async (request) => knowledge.sources(request.params.id));

  app.get(`${base}/sources/:sourceId`, { schema: { params: SourceParams } }, async (request) =>
    knowledge.source(request.params.id, request.params.sourceId),
  );

  app.delete(`${base}/sources/:sourceId`, { schema: { params: SourceParams } }, async (request, reply) => {
    knowledge.remove(request.params.id, request.params.sourceId);
    return reply.code(204).send();
  });

  app.post(`${base}/sources/text`, { schema: { params: BusinessParams, body: AddTextBody } }, async (request, reply) =>
    reply.code(202).send(knowledge.addText(request.params.id, request.body)),
  );

  app.post(`${base}/sources/qa`, { schema: { params: BusinessParams, body: AddQaBody } }, async (request, reply) =>
    reply.code(202).send(knowledge.addQa(request.params.id, { title: request.body.title ?? 'Questions and answers', pairs: request.body.pairs })),
  );

  app.post(`${base}/sources/website`, { schema: { params: BusinessParams, body: ImportWebsiteBody } }, async (request, reply) => {
    let url: URL;
    try {
      url = new URL(request.body.url);
    } catch {
      throw new BadRequest(`${request.body.url} is not a valid URL`);
    }
    return reply.code(202).send(knowledge.importWebsite(request.params.id, { url: url.href, maxPages: request.body.maxPages }));
  });

  // multipart/form-data, one or more parts named anything with a filename. Everything is read and checked
  // before a job starts: a refused upload stores nothing.
  // The multipart stream is read and checked part by part below; any other body gets KbBadUpload there.
  app.post(`${base}/sources/upload`, { schema: { params: BusinessParams, body: {} } }, async (request, reply) => {
    if (!request.isMultipart()) throw new KbBadUpload('Send the files as multipart/form-data');
    const files: UploadedFile[] = [];
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        const name = (part.filename || 'upload').replace(/[\\/]/g, '_').slice(0, 200);
        const format = formatOf(name, part.mimetype);
        if (!format) {
          part.file.resume();
          throw new KbUnsupportedFile(`${name}: this kind of file is not supported; send ${Object.keys(supportedExtensions).join(', ')}`);
        }
        const data = await part.toBuffer();
        files.push({ name, format, data });
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new KbFileTooLarge(`A file is larger than ${megabytes(knowledgeLimits.fileBytes)}, the most one upload may be`);
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new KbBadUpload(`At most ${knowledgeLimits.files} files per upload`);
      if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PROTO_VIOLATION') throw new KbBadUpload('The upload has fields this API does not take');
      if (code === 'FST_MP_PREMATURE_CLOSE') throw new KbBadUpload('The upload was cut off before it ended');
      if (error instanceof Error && /multipart|boundary/i.test(error.message) && !(error as { statusCode?: number }).statusCode) {
        throw new KbBadUpload(`The upload is not valid multipart/form-data (${error.message})`);
      }
      throw error;
    }
    if (files.length === 0) throw new KbBadUpload('The upload has no file');
    return reply.code(202).send(knowledge.addFiles(request.params.id, files));
  });

  app.post(`${base}/sources/:sourceId/reindex`, { schema: { params: SourceParams } }, async (request, reply) =>
    reply.code(202).send(knowledge.reindex(request.params.id, request.params.sourceId)),
  );

  app.post(`${base}/reindex`, { schema: { params: BusinessParams } }, async (request, reply) => reply.code(202).send(knowledge.reindex(request.params.id)));

  app.get(`${base}/jobs`, { schema: { params: BusinessParams } }, async (request) => knowledge.jobs(request.params.id));

  app.get(`${base}/jobs/:jobId`, { schema: { params: JobParams } }, async (request) => knowledge.job(request.params.id, request.params.jobId));

  app.post(`${base}/jobs/:jobId/cancel`, { schema: { params: JobParams } }, async (request) => knowledge.cancel(request.params.id, request.params.jobId));

  app.get(`${base}/search`, { schema: { params: BusinessParams, querystring: SearchQuery } }, async (request) => {
    const { q, k, all, mode } = request.query;
    knowledge.mode(request.params.id); // 404 for an unknown business
    return knowledge.searchDetailed(request.params.id, q, { k: k ? Number(k) : 5, includeWeak: all === 'true', mode });
  });
};
