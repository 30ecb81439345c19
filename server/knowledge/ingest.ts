import { extname } from 'node:path';
import type { Logger } from '../log/logger.js';
import { chunkText } from './chunker.js';
import { crawl } from './crawler.js';
import { extract, ExtractError, type FileFormat } from './extract/index.js';
import { readMarkdown, readPlainText } from './extract/text.js';
import type { JobContext, JobItem } from './jobs.js';
import { contentHash, type KnowledgeRepository, type SourceKind } from './repository.js';
import type { SemanticIndex } from './semantic.js';

export const limits = {
  fileBytes: 20 * 1024 * 1024,
  files: 20,
  chunksPerSource: 5000,
  pagesPerImport: 200,
};

export interface UploadedFile {
  name: string;
  format: FileFormat;
  data: Buffer;
}

export interface IngestDeps {
  repo: KnowledgeRepository;
  semantic: SemanticIndex;
  log: Logger;
  /** After any write: the keyword side's cached counts are stale. */
  changed: () => void;
  fetch?: typeof fetch;
  crawlDelayMs?: number;
}

interface ContentInput {
  businessId: string;
  kind: SourceKind;
  title: string;
  source?: string | null;
  url?: string | null;
  content: string;
  bytes?: number;
}

/**
 * The steps every source goes through, as job work: extract → chunk → store (one transaction) → embed →
 * ready. A failure before the store leaves nothing; a cancel during embedding deletes what was stored.
 */
export function createIngest({ repo, semantic, log, changed, fetch, crawlDelayMs }: IngestDeps) {
  async function store(context: JobContext, item: JobItem, input: ContentInput, replaceId?: string): Promise<void> {
    const chunks = chunkText(input.content);
    if (chunks.length === 0) return finish(context, item, 'failed', 'no text was found in it');
    if (chunks.length > limits.chunksPerSource) {
      return finish(context, item, 'failed', `it is too long (${chunks.length} chunks; at most ${limits.chunksPerSource} per source)`);
    }
    const existing = repo.findByContent(input.businessId, contentHash(input.content));
    if (existing) {
      item.sourceId = existing.id;
      const message = existing.id === replaceId ? 'unchanged since the last import' : `already in the knowledge base as "${existing.title}"`;
      return finish(context, item, 'skipped', message);
    }
    context.signal.throwIfAborted();
    const { id } = repo.insertSource(input, chunks);
    changed();
    item.sourceId = id;
    item.chunks = chunks.length;
    item.embedded = 0;
    context.job.phase = 'embedding';
    context.save();
    try {
      const result = await semantic.embedSource(id, context.signal, (embedded) => {
        item.embedded = embedded;
        context.save();
      });
      if (result.error) item.message = `searchable by keywords; embeddings will follow when the endpoint answers (${result.error})`;
    } catch (error) {
      // Cancelled mid-way: the source goes, so nothing half-embedded stays behind.
      repo.deleteSource(id);
      changed();
      item.sourceId = undefined;
      throw error;
    }
    if (replaceId) repo.replaceSource(replaceId, id);
    else repo.setStatus(id, 'ready');
    changed();
    finish(context, item, 'done');
  }

  function finish(context: JobContext, item: JobItem, status: JobItem['status'], message?: string): void {
    item.status = status;
    if (message) item.message = message;
    context.job.phase = null;
    context.save();
  }

  function start(context: JobContext, item: JobItem, phase: string): void {
    item.status = 'running';
    context.job.phase = phase;
    context.save();
  }

  return {
    async text(context: JobContext, businessId: string, title: string, text: string): Promise<void> {
      const item = context.job.items[0]!;
      start(context, item, 'chunking');
      await store(context, item, { businessId, kind: 'text', title, content: readPlainText(readMarkdown(text)) });
    },

    async qa(context: JobContext, businessId: string, title: string, pairs: Array<{ question: string; answer: string }>): Promise<void> {
      const item = context.job.items[0]!;
      start(context, item, 'chunking');
      const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
      // A line of the answer that starts like a question would end the pair early: it is indented.
      const answer = (s: string) => s.trim().replace(/^(\s*)(Q|Question)(\s*[:.)-])/gim, '$1 $2$3');
      const content = pairs.map((p) => `Q: ${oneLine(p.question)}\nA: ${answer(p.answer)}`).join('\n\n');
      await store(context, item, { businessId, kind: 'qa', title, content });
    },

    async files(context: JobContext, businessId: string, files: UploadedFile[]): Promise<void> {
      for (const [index, file] of files.entries()) {
        context.signal.throwIfAborted();
        const item = context.job.items[index]!;
        start(context, item, 'reading');
        try {
          const extracted = await extract(file.data, file.format);
          context.signal.throwIfAborted();
          const title = file.name.slice(0, file.name.length - extname(file.name).length) || file.name;
          await store(context, item, { businessId, kind: 'file', title, source: file.name, content: extracted.text, bytes: file.data.length });
        } catch (error) {
          if (context.signal.aborted) throw error;
          // One bad file fails alone; the others go on.
          finish(context, item, 'failed', error instanceof ExtractError ? error.message : `it could not be imported (${(error as Error).message})`);
          if (!(error instanceof ExtractError)) log.warn({ err: error, format: file.format }, 'knowledge file import failed');
        }
      }
    },

    async website(context: JobContext, businessId: string, startUrl: string, maxPages: number): Promise<void> {
      context.job.phase = 'fetching';
      context.job.total = maxPages;
      context.save();
      for await (const event of crawl({ startUrl, maxPages, signal: context.signal, fetch, delayMs: crawlDelayMs })) {
        if (event.type === 'skipped') {
          context.job.items.push({ name: event.url, url: event.url, status: 'skipped', message: event.reason });
          context.save();
          continue;
        }
        const item: JobItem = { name: event.title ?? event.url, url: event.url, status: 'running' };
        context.job.items.push(item);
        start(context, item, 'reading');
        try {
          const extracted = await extract(event.data, event.format, event.url);
          const title = extracted.title ?? event.title ?? new URL(event.url).pathname;
          item.name = title;
          const previous = repo.findByUrl(businessId, event.url);
          await store(context, item, { businessId, kind: 'web', title, source: event.url, url: event.url, content: extracted.text, bytes: event.data.length }, previous?.id);
        } catch (error) {
          if (context.signal.aborted) throw error;
          finish(context, item, 'failed', error instanceof ExtractError ? error.message : (error as Error).message);
        }
        context.job.phase = 'fetching';
      }
      // The page limit was only an upper bound.
      context.job.total = context.job.items.length;
    },

    async reindex(context: JobContext, businessId: string): Promise<void> {
      for (const item of context.job.items) {
        context.signal.throwIfAborted();
        start(context, item, 'chunking');
        const source = repo.content(businessId, item.sourceId!);
        if (!source) {
          finish(context, item, 'skipped', 'it was deleted meanwhile');
          continue;
        }
        if (source.content === null) {
          finish(context, item, 'failed', 'its text was not kept; add it again');
          continue;
        }
        const chunks = chunkText(source.content);
        repo.replaceChunks(businessId, item.sourceId!, source.title, chunks);
        changed();
        item.chunks = chunks.length;
        context.job.phase = 'embedding';
        context.save();
        try {
          const result = await semantic.embedSource(item.sourceId!, context.signal, (embedded) => {
            item.embedded = embedded;
            context.save();
          });
          if (result.error) item.message = `searchable by keywords; embeddings will follow when the endpoint answers (${result.error})`;
        } finally {
          // Even when cancelled mid-embedding: the new chunks are whole and searchable by keywords, and the
          // catch-up embeds the rest; left 'processing', the source would look stuck until a restart.
          repo.setStatus(item.sourceId!, 'ready');
        }
        finish(context, item, 'done');
      }
    },
  };
}
