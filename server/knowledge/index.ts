import type { BusinessService } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Conflict, NotFound } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Db } from '../store/database.js';
import { createOpenAIEmbedder, type Embedder } from './embeddings.js';
import { createIngest, limits, type UploadedFile } from './ingest.js';
import { createJobQueue, type Job, type JobItem } from './jobs.js';
import { createKnowledgeRepository, type SourceKind, type SourceRow } from './repository.js';
import { createKeywordSearch, fuse, type FusedCandidate, type Thresholds } from './retrieval.js';
import { createSemanticIndex, type EmbeddingHealth } from './semantic.js';
import { expandQuery } from './terms.js';
import { chunkText } from './chunker.js';
import { readMarkdown, readPlainText } from './extract/text.js';
import { createVectorIndex } from './vectors.js';

export type { Job, JobItem } from './jobs.js';
export type { UploadedFile } from './ingest.js';
export { limits as knowledgeLimits } from './ingest.js';

/** One retrieved chunk with what a citation needs. */
export interface KnowledgeHit {
  chunkId: number;
  text: string;
  heading: string | null;
  score: number;
  source: { documentId: string; title: string; kind: string; position: number; url?: string };
}

export type SearchMode = 'hybrid' | 'keyword';

/** A hit as the console's test box shows it: how each side ranked it, and whether it passed a threshold. */
export interface ScoredHit extends KnowledgeHit {
  relevant: boolean;
  keyword: { rank: number; bm25: number; coverage: number } | null;
  vector: { rank: number; similarity: number } | null;
}

export interface SearchReport {
  mode: SearchMode;
  hits: ScoredHit[];
  thresholds: Thresholds;
  tookMs: number;
}

export type ModeReason = 'ready' | 'vector_extension_missing' | 'no_api_key' | 'embeddings_unreachable' | 'embeddings_rejected' | 'not_embedded_yet';

/** Which mode search runs in for a business right now, and why. */
export interface ModeReport {
  mode: SearchMode;
  reason: ModeReason;
  message: string;
  model: string;
  dimension: number | null;
  vectorSearch: boolean;
  embeddings: EmbeddingHealth;
  chunks: number;
  embeddedChunks: number;
  /** Chunks of every business still waiting for an embedding in the current model (catch-up, model change). */
  pendingEmbeddings: number;
  minSimilarity: number;
}

export type Source = SourceRow;

/** What chat and voice use of the knowledge base. */
export type KnowledgeSearch = Pick<KnowledgeService, 'search'>;

export interface KnowledgeService {
  /** Chat and voice: the top `k` chunks that answer `query` (none when the material has no answer). */
  search(businessId: string, query: string, k?: number): Promise<{ mode: SearchMode; hits: KnowledgeHit[] }>;
  /** The admin test box: scores of each side; `includeWeak` also lists candidates below the thresholds. */
  searchDetailed(businessId: string, query: string, options?: { k?: number; includeWeak?: boolean; mode?: 'auto' | 'keyword' }): Promise<SearchReport>;
  mode(businessId: string): ModeReport;

  sources(businessId: string): Source[];
  source(businessId: string, sourceId: string): { source: Source; chunks: Array<{ id: number; position: number; heading: string | null; text: string; embedded: boolean }> };
  addText(businessId: string, input: { title: string; text: string }): Job;
  addQa(businessId: string, input: { title: string; pairs: Array<{ question: string; answer: string }> }): Job;
  addFiles(businessId: string, files: UploadedFile[]): Job;
  importWebsite(businessId: string, input: { url: string; maxPages?: number }): Job;
  reindex(businessId: string, sourceId?: string): Job;
  remove(businessId: string, sourceId: string): void;
  /** Stores sources at once (no job), for seeding; embeddings follow in the background. Returns the new source ids. */
  addNow(businessId: string, sources: Array<{ kind: SourceKind; title: string; text: string; url?: string }>): string[];

  jobs(businessId: string): Job[];
  job(businessId: string, jobId: string): Job;
  cancel(businessId: string, jobId: string): Job;

  /** Resolves when no job runs and the embedding catch-up has nothing left it can do now (tests, eval, bench). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface KnowledgeDeps {
  config: Config;
  db: Db;
  vectorSearch: boolean;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  secrets: SecretStore;
  businesses: BusinessService;
  /** Replaces the OpenAI-compatible client (benchmark, eval). */
  embedder?: Embedder;
  fetch?: typeof fetch;
  crawlDelayMs?: number;
  minCoverage?: number;
}

// Where a vector hit starts to answer, per model: measured relevant/unrelated gaps differ widely between
// models (ada-002's similarities sit far higher). KB_MIN_SIMILARITY overrides.
const knownSimilarity: Record<string, number> = {
  'text-embedding-3-small': 0.35,
  'text-embedding-3-large': 0.3,
  'text-embedding-ada-002': 0.8,
};
const defaultSimilarity = 0.4;
const defaultCoverage = 0.5;

export function createKnowledgeService(deps: KnowledgeDeps): KnowledgeService {
  const { config, db, bus, clock, businesses } = deps;
  const log = deps.log.child({ component: 'knowledge' });
  const repo = createKnowledgeRepository({ db, clock });
  const vectors = deps.vectorSearch ? createVectorIndex({ db, clock }) : undefined;
  const keyword = createKeywordSearch(db);
  const jobs = createJobQueue({ db, bus, clock, log });
  let jobsRunning = 0;
  const embedder = deps.embedder ?? createOpenAIEmbedder({ baseUrl: config.openai.baseUrl, model: config.openai.embeddingModel, apiKey: cachedKey(deps.secrets), fetch: deps.fetch });
  const semantic = createSemanticIndex({ db, vectors, embedder, bus, clock, log, busy: () => jobsRunning > 0 });
  const ingest = createIngest({ repo, semantic, log, changed: () => keyword.invalidate(), fetch: deps.fetch, crawlDelayMs: deps.crawlDelayMs });
  const thresholds: Thresholds = {
    minCoverage: deps.minCoverage ?? defaultCoverage,
    minSimilarity: config.knowledge.minSimilarity ?? knownSimilarity[embedder.model] ?? defaultSimilarity,
  };

  // A previous run that stopped mid-job: its jobs end as interrupted; its committed sources are kept (their
  // chunks are whole) and the catch-up embeds what is missing.
  const interrupted = jobs.interruptStale();
  for (const id of repo.interruptedSources()) repo.setStatus(id, 'ready');
  if (interrupted) log.info({ jobs: interrupted }, 'knowledge jobs interrupted by the last stop');
  semantic.kick();

  function enqueue(businessId: string, kind: Job['kind'], items: JobItem[], work: Parameters<typeof jobs.enqueue>[3]): Job {
    return jobs.enqueue(businessId, kind, items, async (context) => {
      jobsRunning++;
      try {
        await work(context);
      } finally {
        jobsRunning--;
        semantic.kick();
      }
    });
  }

  async function searchDetailed(businessId: string, query: string, options: { k?: number; includeWeak?: boolean; mode?: 'auto' | 'keyword' } = {}): Promise<SearchReport> {
    const started = performance.now();
    const k = Math.min(Math.max(Math.trunc(options.k ?? 5), 1), 50);
    const candidates = Math.max(k * 4, 20);
    const keywordHits = keyword.search(businessId, expandQuery(query), candidates);
    let mode: SearchMode = 'keyword';
    let vectorHits: Array<{ chunkId: number; rank: number; similarity: number }> = [];
    if (options.mode !== 'keyword' && vectors && semantic.usable(businessId)) {
      const embedded = await semantic.embedQuery(query);
      if (embedded) {
        vectorHits = vectors.nearest(embedded.space, businessId, embedded.vector, candidates).map((hit, i) => ({ ...hit, rank: i + 1 }));
        mode = 'hybrid';
      }
    }
    const fused = fuse(keywordHits, vectorHits, thresholds, mode === 'hybrid' ? 2 : 1);
    const chosen = (options.includeWeak ? fused : fused.filter((c) => c.relevant)).slice(0, k);
    const rows = repo.cited(chosen.map((c) => c.chunkId));
    const hits = chosen.flatMap((candidate) => {
      const row = rows.get(candidate.chunkId);
      return row ? [toHit(candidate, row)] : [];
    });
    return { mode, hits, thresholds, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  function toHit(candidate: FusedCandidate, row: ReturnType<typeof repo.cited> extends Map<number, infer R> ? R : never): ScoredHit {
    const round = (x: number) => Math.round(x * 10_000) / 10_000;
    return {
      chunkId: row.id,
      text: row.text,
      heading: row.heading,
      score: round(candidate.score),
      source: { documentId: row.documentId, title: row.title, kind: row.kind, position: row.position, ...(row.url ? { url: row.url } : {}) },
      relevant: candidate.relevant,
      keyword: candidate.keyword ? { rank: candidate.keyword.rank, bm25: round(candidate.keyword.bm25), coverage: round(candidate.keyword.coverage) } : null,
      vector: candidate.vector ? { rank: candidate.vector.rank, similarity: round(candidate.vector.similarity) } : null,
    };
  }

  function requireSource(businessId: string, sourceId: string): Source {
    businesses.get(businessId);
    const source = repo.getSource(businessId, sourceId, semantic.currentSpace()?.id ?? null);
    if (!source) throw new NotFound(`Knowledge source ${sourceId}`);
    return source;
  }

  return {
    async search(businessId, query, k = 5) {
      const { mode, hits } = await searchDetailed(businessId, query, { k });
      return { mode, hits: hits.map(({ relevant: _r, keyword: _k, vector: _v, ...hit }) => hit) };
    },
    searchDetailed,

    mode(businessId) {
      businesses.get(businessId);
      const space = semantic.currentSpace();
      const health = semantic.health();
      const counts = semantic.counts(businessId);
      const hybrid = semantic.usable(businessId) && health.state !== 'no_key';
      const reason: ModeReason = !vectors
        ? 'vector_extension_missing'
        : health.state === 'no_key'
          ? 'no_api_key'
          : health.state === 'down'
            ? 'embeddings_unreachable'
            : health.state === 'rejected'
              ? 'embeddings_rejected'
              : hybrid
                ? 'ready'
                : 'not_embedded_yet';
      const messages: Record<ModeReason, string> = {
        ready: `Hybrid search: keywords and ${embedder.model} embeddings.`,
        vector_extension_missing: 'Keyword search only: the sqlite-vec extension did not load on this machine.',
        no_api_key: 'Keyword search only: set an OpenAI API key, or point OPENAI_BASE_URL at a local embeddings server such as Ollama, to add semantic search.',
        embeddings_unreachable: `Keyword search only: the embeddings endpoint does not answer (${health.message ?? 'unknown error'}); retrying.`,
        embeddings_rejected: `Keyword search only: the embeddings endpoint refused the request (${health.message ?? 'unknown error'}).`,
        not_embedded_yet: counts.chunks === 0 ? 'Keyword search: the knowledge base is empty.' : 'Keyword search until the chunks are embedded.',
      };
      return {
        mode: hybrid ? 'hybrid' : 'keyword',
        reason,
        message: messages[reason],
        model: embedder.model,
        dimension: space?.dimension ?? null,
        vectorSearch: !!vectors,
        embeddings: health,
        chunks: counts.chunks,
        embeddedChunks: counts.embedded,
        pendingEmbeddings: vectors ? semantic.pendingCount() : 0,
        minSimilarity: thresholds.minSimilarity,
      };
    },

    sources(businessId) {
      businesses.get(businessId);
      return repo.listSources(businessId, semantic.currentSpace()?.id ?? null);
    },

    source(businessId, sourceId) {
      const source = requireSource(businessId, sourceId);
      const space = semantic.currentSpace()?.id ?? -1;
      const chunks = repo.chunksOfSource(sourceId).map((c) => ({ id: c.id, position: c.sourcePosition, heading: c.heading, text: c.text, embedded: c.vectorSpace === space }));
      return { source, chunks };
    },

    addText(businessId, { title, text }) {
      businesses.get(businessId);
      return enqueue(businessId, 'text', [{ name: title, status: 'queued' }], (context) => ingest.text(context, businessId, title, text));
    },

    addQa(businessId, { title, pairs }) {
      businesses.get(businessId);
      return enqueue(businessId, 'qa', [{ name: title, status: 'queued' }], (context) => ingest.qa(context, businessId, title, pairs));
    },

    addFiles(businessId, files) {
      businesses.get(businessId);
      const items = files.map((file): JobItem => ({ name: file.name, status: 'queued' }));
      return enqueue(businessId, 'upload', items, (context) => ingest.files(context, businessId, files));
    },

    importWebsite(businessId, { url, maxPages = 25 }) {
      businesses.get(businessId);
      const pages = Math.min(Math.max(Math.trunc(maxPages), 1), limits.pagesPerImport);
      return enqueue(businessId, 'website', [], (context) => ingest.website(context, businessId, url, pages));
    },

    reindex(businessId, sourceId) {
      const targets = sourceId ? [requireSource(businessId, sourceId)] : this.sources(businessId);
      if (targets.length === 0) throw new Conflict('The knowledge base has no sources to re-index');
      const items = targets.map((s): JobItem => ({ name: s.title, sourceId: s.id, status: 'queued' }));
      return enqueue(businessId, 'reindex', items, (context) => ingest.reindex(context, businessId));
    },

    remove(businessId, sourceId) {
      requireSource(businessId, sourceId);
      repo.deleteSource(sourceId);
      keyword.invalidate();
      bus.publish('kb.source.deleted', { businessId, sourceId });
    },

    addNow(businessId, sources) {
      businesses.get(businessId);
      const ids: string[] = [];
      for (const source of sources) {
        const content = source.kind === 'qa' ? source.text : readPlainText(readMarkdown(source.text));
        const chunks = chunkText(content);
        if (chunks.length === 0) continue;
        const { id } = repo.insertSource({ businessId, kind: source.kind, title: source.title, url: source.url ?? null, source: source.url ?? null, content }, chunks);
        repo.setStatus(id, 'ready');
        ids.push(id);
      }
      keyword.invalidate();
      semantic.kick();
      return ids;
    },

    jobs(businessId) {
      businesses.get(businessId);
      return jobs.list(businessId);
    },
    job(businessId, jobId) {
      const job = jobs.get(businessId, jobId);
      if (!job) throw new NotFound(`Knowledge job ${jobId}`);
      return job;
    },
    cancel(businessId, jobId) {
      const job = jobs.cancel(businessId, jobId);
      if (!job) throw new NotFound(`Knowledge job ${jobId}`);
      return job;
    },

    async idle() {
      await jobs.idle();
      await semantic.settled();
    },
    async close() {
      await jobs.close();
      await semantic.close();
    },
  };
}

/** The key is read from the secret store at most every few seconds: the search path must not hit the disk each time. */
function cachedKey(secrets: SecretStore): () => Promise<string | undefined> {
  let cached: { value: string | undefined; at: number } | undefined;
  return async () => {
    const now = Date.now();
    if (!cached || now - cached.at > 5000) cached = { value: await secrets.get('OPENAI_API_KEY'), at: now };
    return cached.value;
  };
}
