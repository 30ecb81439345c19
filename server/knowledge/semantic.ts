import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import { UpstreamError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';
import { EmbeddingsUnavailable, maxBatch, type Embedder } from './embeddings.js';
import type { VectorIndex, VectorSpace } from './vectors.js';

export type EmbeddingState = 'unknown' | 'up' | 'down' | 'rejected' | 'no_key' | 'disabled';

export interface EmbeddingHealth {
  state: EmbeddingState;
  message: string | null;
  /** When a failed endpoint is tried again (ISO time). */
  retryAt: string | null;
}

interface PendingChunk {
  id: number;
  businessId: string;
  heading: string | null;
  text: string;
  title: string;
}

export interface SemanticDeps {
  db: Db;
  vectors: VectorIndex | undefined;
  embedder: Embedder;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  /** True while an ingest job runs: the background catch-up steps aside. */
  busy: () => boolean;
  queryTimeoutMs?: number;
}

/** What an embedding is made of: the source's title and the chunk's heading give a short chunk its context. */
export function embeddingText(chunk: { title: string; heading: string | null; text: string }): string {
  const head = [chunk.title, chunk.heading].filter((part, i, all) => part && all.indexOf(part) === i).join(' — ');
  return head ? `${head}\n${chunk.text}` : chunk.text;
}

/**
 * The vector half of the knowledge base: which space (model, dimension) is current, whether the embeddings
 * endpoint answers, query embeddings (cached, with a short timeout: the audio path waits on them), and a
 * background catch-up that embeds whatever is not embedded in the current space: chunks written while the
 * endpoint was down or had no key, and every chunk after a model change.
 */
export function createSemanticIndex({ db, vectors, embedder, bus, clock, log, busy, queryTimeoutMs = 1500 }: SemanticDeps) {
  let current: VectorSpace | undefined = vectors?.find(embedder.model);
  let health: { state: EmbeddingState; message: string | null; retryAt: number; failures: number } = vectors
    ? { state: 'unknown', message: null, retryAt: 0, failures: 0 }
    : { state: 'disabled', message: 'the sqlite-vec extension did not load', retryAt: Infinity, failures: 0 };
  const queryCache = new Map<string, Float32Array>();
  let timer: NodeJS.Timeout | undefined;
  let catchingUp: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const pendingAll = db.prepare(
    `SELECT c.id, c.business_id AS businessId, c.heading, c.text, d.title FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
     WHERE c.id > ? AND (c.vector_space IS NULL OR c.vector_space != ?) ORDER BY c.id LIMIT ?`,
  );
  const pendingOfSource = db.prepare(
    `SELECT c.id, c.business_id AS businessId, c.heading, c.text, d.title
     FROM kb_chunk_sources s JOIN kb_chunks c ON c.id = s.chunk_id JOIN kb_documents d ON d.id = c.document_id
     WHERE s.document_id = ? AND (c.vector_space IS NULL OR c.vector_space != ?) ORDER BY s.position`,
  );
  const hasVectors = db.prepare(`SELECT 1 FROM kb_chunks WHERE business_id = ? AND vector_space = ? LIMIT 1`);
  const businessCounts = db.prepare(
    `SELECT count(*) AS chunks, coalesce(sum(vector_space = ?), 0) AS embedded FROM kb_chunks WHERE business_id = ?`,
  );

  /** May we ask the endpoint now? No while it is known to be failing and its retry time has not come. */
  function mayCall(): boolean {
    return !!vectors && !closed && clock.now() >= health.retryAt;
  }

  function succeeded(): void {
    if (health.state !== 'up') log.info({ model: embedder.model }, 'embeddings endpoint answers: hybrid search on');
    health = { state: 'up', message: null, retryAt: 0, failures: 0 };
  }

  function failed(error: unknown): void {
    if (error instanceof EmbeddingsUnavailable) {
      health = { state: 'no_key', message: error.message, retryAt: 0, failures: 0 };
      return;
    }
    const failures = health.failures + 1;
    const retryable = !(error instanceof UpstreamError) || error.retryable;
    // Doubling from 10 s up to 5 min; a refusal (bad key, unknown model) is retried after a minute, in case
    // the owner has fixed it meanwhile.
    const wait = retryable ? Math.min(10_000 * 2 ** (failures - 1), 300_000) : 60_000;
    if (health.state !== 'down' && health.state !== 'rejected') log.warn({ err: error, model: embedder.model }, 'embeddings endpoint failed: keyword search only');
    health = { state: retryable ? 'down' : 'rejected', message: (error as Error).message, retryAt: clock.now() + wait, failures };
  }

  /** Embeds texts, opening the model's space on its first answer. Health follows every call. */
  async function embed(texts: string[], options: { timeoutMs?: number; signal?: AbortSignal }): Promise<{ space: VectorSpace; vectors: Float32Array[] }> {
    let result: Float32Array[];
    try {
      result = await embedder.embed(texts, options);
    } catch (error) {
      if (!options.signal?.aborted) failed(error);
      throw error;
    }
    succeeded();
    const dimension = result[0]!.length;
    if (!current || current.dimension !== dimension || current.model !== embedder.model) {
      current = vectors!.open(embedder.model, dimension);
      log.info({ model: current.model, dimension }, 'embedding space opened');
      queryCache.clear();
    }
    return { space: current, vectors: result };
  }

  async function embedRows(rows: PendingChunk[], signal?: AbortSignal): Promise<number> {
    let stored = 0;
    for (let i = 0; i < rows.length; i += maxBatch) {
      signal?.throwIfAborted();
      const batch = rows.slice(i, i + maxBatch);
      const { space, vectors: out } = await embed(batch.map(embeddingText), { signal });
      stored += vectors!.store(space, batch.map((row, j) => ({ chunkId: row.id, businessId: row.businessId, vector: out[j]! })));
    }
    return stored;
  }

  function schedule(delayMs: number): void {
    if (closed || !vectors) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void catchUp();
    }, delayMs);
    timer.unref();
  }

  function catchUp(): Promise<void> {
    if (catchingUp) {
      again = true;
      return catchingUp;
    }
    catchingUp = (async () => {
      let cursor = 0;
      let embedded = 0;
      let pending: number | undefined;
      try {
        for (;;) {
          if (closed || busy()) return;
          if (!mayCall()) {
            if (health.state !== 'no_key' && health.retryAt !== Infinity) schedule(health.retryAt - clock.now());
            return;
          }
          const rows = pendingAll.all(cursor, current?.id ?? -1, maxBatch) as PendingChunk[];
          if (rows.length === 0) {
            dropUnusedSpaces();
            if (embedded > 0) bus.publish('kb.embedded', { model: embedder.model, embedded, pending: 0 });
            return;
          }
          pending ??= pendingCount();
          const stored = await embedRows(rows);
          embedded += stored;
          pending = Math.max(pending - stored, 0);
          cursor = rows.at(-1)!.id;
          bus.publish('kb.embedded', { model: embedder.model, embedded, pending });
          // One batch at a time, then let calls and chats run.
          await yieldToLoop();
        }
      } catch (error) {
        if (health.state === 'no_key') return;
        log.debug({ err: error }, 'embedding catch-up paused');
        schedule(Math.max(health.retryAt - clock.now(), 1000));
      }
    })().finally(() => {
      catchingUp = undefined;
      if (again && !closed) {
        again = false;
        void catchUp();
      }
    });
    return catchingUp;
  }

  function dropUnusedSpaces(): void {
    if (!vectors || !current) return;
    const counts = vectors.counts();
    for (const space of vectors.spaces()) {
      if (space.id !== current.id && !counts.get(space.id)) {
        vectors.drop(space);
        log.info({ model: space.model, dimension: space.dimension }, 'embedding space dropped after re-embedding');
      }
    }
  }

  function pendingCount(): number {
    const row = db.prepare(`SELECT count(*) AS n FROM kb_chunks WHERE vector_space IS NULL OR vector_space != ?`).get(current?.id ?? -1) as { n: number };
    return row.n;
  }

  return {
    model: embedder.model,
    health(): EmbeddingHealth {
      return {
        state: health.state,
        message: health.message,
        retryAt: Number.isFinite(health.retryAt) && health.retryAt > clock.now() ? new Date(health.retryAt).toISOString() : null,
      };
    },
    currentSpace: () => current,

    /** The business has vectors in the current space and the endpoint may be asked: search can be hybrid. */
    usable(businessId: string): boolean {
      return !!current && mayCall() && hasVectors.get(businessId, current.id) !== undefined;
    },

    counts(businessId: string): { chunks: number; embedded: number } {
      return businessCounts.get(current?.id ?? -1, businessId) as { chunks: number; embedded: number };
    },

    /** A query's vector, or undefined when the endpoint cannot give one quickly (the caller falls back). */
    async embedQuery(query: string): Promise<{ space: VectorSpace; vector: Float32Array } | undefined> {
      const key = query.trim().toLowerCase().replace(/\s+/g, ' ');
      const cached = queryCache.get(key);
      if (cached && current) {
        queryCache.delete(key);
        queryCache.set(key, cached);
        return { space: current, vector: cached };
      }
      const wasUp = health.state === 'up';
      try {
        const { space, vectors: [vector] } = await embed([query], { timeoutMs: queryTimeoutMs });
        queryCache.set(key, vector!);
        if (queryCache.size > 500) queryCache.delete(queryCache.keys().next().value!);
        // A failing endpoint recovered: whatever waited for it gets embedded now.
        if (!wasUp && !busy()) schedule(0);
        return { space, vector: vector! };
      } catch {
        return undefined;
      }
    },

    /** Embeds one source's chunks (an ingest job), batch by batch; reports the running total. */
    async embedSource(sourceId: string, signal: AbortSignal, progress: (embedded: number) => void): Promise<{ embedded: number; error?: string }> {
      if (!vectors) return { embedded: 0, error: 'vector search is not available (sqlite-vec did not load)' };
      if (!mayCall()) return { embedded: 0, error: health.message ?? 'the embeddings endpoint is not available' };
      const rows = pendingOfSource.all(sourceId, current?.id ?? -1) as PendingChunk[];
      let embedded = 0;
      try {
        for (let i = 0; i < rows.length; i += maxBatch) {
          embedded += await embedRows(rows.slice(i, i + maxBatch), signal);
          progress(embedded);
        }
        return { embedded };
      } catch (error) {
        if (signal.aborted) throw error;
        return { embedded, error: (error as Error).message };
      }
    },

    catchUp,
    /** Starts the catch-up soon (after a job, at start). */
    kick(): void {
      if (vectors && !closed) void catchUp();
    },
    pendingCount,
    /** Resolves when the background catch-up has nothing left to do right now. */
    async settled(): Promise<void> {
      while (catchingUp) await catchingUp;
    },
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      await catchingUp;
    },
  };
}

export type SemanticIndex = ReturnType<typeof createSemanticIndex>;
