import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { gzipSync } from 'node:zlib';

/**
 * Where the built widget is: beside this module's folder in dist (dist/server/widget/widget.js), or, when the
 * server runs from source (tests under vitest), in dist/ of the repository.
 */
export const widgetBundleCandidates = [
  fileURLToPath(new URL('../widget/widget.js', import.meta.url)),
  fileURLToPath(new URL('../../dist/server/widget/widget.js', import.meta.url)),
];

interface Bundle {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * GET /widget.js: the one script a business puts on its site. Served from memory, gzipped when the browser
 * accepts it, revalidated by ETag so a new build reaches pages within minutes.
 */
export const widgetRoute: FastifyPluginAsync<{ files?: string[] }> = async (app, { files = widgetBundleCandidates }) => {
  let cached: Bundle | undefined;

  function load(): Bundle | undefined {
    for (const file of files) {
      let mtimeMs: number;
      try {
        mtimeMs = statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (cached?.mtimeMs === mtimeMs) return cached;
      const body = readFileSync(file);
      cached = { mtimeMs, body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
      return cached;
    }
    return undefined;
  }

  app.get('/widget.js', async (request, reply) => {
    const bundle = load();
    if (!bundle) {
      request.log.error({ files }, 'widget bundle missing: run npm run build:server');
      return reply.code(503).type('application/javascript').send('/* Leads Agent widget is not built */');
    }
    reply
      .header('cache-control', 'public, max-age=300')
      .header('etag', bundle.etag)
      .header('vary', 'accept-encoding')
      // The script runs on other sites' pages: it must be loadable from any origin, and never sniffed as something else.
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .type('application/javascript; charset=utf-8');
    if (request.headers['if-none-match'] === bundle.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(bundle.gzip);
    return reply.send(bundle.body);
  });
};
