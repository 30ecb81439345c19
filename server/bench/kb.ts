/**
 * `npm run bench:kb`: knowledge-base ingest rate and search latency at 1k, 10k and 100k chunks, keyword-only
 * and hybrid, printed as JSON.
 *
 * The corpus is synthetic and deterministic: documents of ~40 chunks of ~600 characters, words drawn from a
 * Zipf-like vocabulary (common words often, rare ones seldom), so FTS5 sees realistic posting lists. Vectors
 * come from the hash stand-in embedder at 1536 dimensions (text-embedding-3-small's size), in process: the
 * figures are the appliance's own cost, without the embeddings API's network time (a real query adds one
 * round trip to the endpoint unless it is cached).
 * Ingest = chunking + one transaction per source (rows, FTS5) + embedding + vec0 writes, with SQLite in its
 * production settings (WAL, synchronous=FULL).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createBusinessService } from '../businesses/service.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createEventBus } from '../events/bus.js';
import type { Embedder } from '../knowledge/embeddings.js';
import { createKnowledgeService, type KnowledgeService } from '../knowledge/index.js';
import { createSilentLogger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { openStore } from '../store/database.js';
import { hashEmbedding } from '../test-kit/hash-embedding.js';
import { tempDir, testEnv } from '../test-kit/test-config.js';

const dimension = 1536;
const levels = [1_000, 10_000, 100_000];
const queriesPerLevel = 200;
const chunksPerDocument = 40;

function prng(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(42);
const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'pel', 'dri', 'un', 'sha', 'gor', 'bi', 'ne', 'qua', 'ster', 'ox', 'fa', 'lin', 'cor', 'dem'];
const vocabulary = Array.from({ length: 20_000 }, (_, i) => {
  let word = '';
  let n = i + 1;
  do {
    word += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  } while (n > 0);
  return word;
});
// Zipf-like: rank r drawn with probability ∝ 1/r (inverse transform on the harmonic series' integral).
const zipfWord = () => vocabulary[Math.min(Math.floor(Math.exp(random() * Math.log(vocabulary.length))) - 1, vocabulary.length - 1)]!;

function sentence(): string {
  const words = Array.from({ length: 8 + Math.floor(random() * 10) }, zipfWord);
  return `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`;
}

function documentText(index: number): string {
  const sections: string[] = [];
  for (let s = 0; s < chunksPerDocument; s++) {
    let body = '';
    while (body.length < 560) body += `${sentence()} `;
    sections.push(`## Section ${index}-${s} ${zipfWord()}\n\n${body.trim()}`);
  }
  return `# Document ${index}\n\n${sections.join('\n\n')}`;
}

function query(): string {
  return Array.from({ length: 2 + Math.floor(random() * 4) }, zipfWord).join(' ');
}

const hashEmbedder: Embedder = {
  model: 'bench-hash-1536',
  async embed(texts) {
    return texts.map((text) => hashEmbedding(text, dimension));
  },
};

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

async function open(mode: 'keyword' | 'hybrid') {
  const temp = tempDir('leads-bench-');
  const config = loadConfig(testEnv(temp.dir, { LOG_LEVEL: 'silent' }));
  const log = createSilentLogger();
  const store = openStore(join(temp.dir, 'leads.db'), { log });
  const businesses = createBusinessService({ db: store.db, clock: systemClock });
  const business = businesses.create({
    name: 'Bench Plumbing',
    industry: 'plumbing',
    plan: 'PRO',
    ownerPhone: '+15125550100',
    ownerEmail: 'bench@example.com',
    timezone: 'America/Chicago',
  });
  const secrets = { get: async () => undefined } as unknown as SecretStore;
  const knowledge = createKnowledgeService({
    config,
    db: store.db,
    vectorSearch: mode === 'hybrid' && store.vectorSearch,
    bus: createEventBus(),
    clock: systemClock,
    log,
    secrets,
    businesses,
    embedder: hashEmbedder,
  });
  return {
    knowledge,
    businessId: business.id,
    async close() {
      await knowledge.close();
      store.close();
      temp.remove();
    },
  };
}

async function ingest(knowledge: KnowledgeService, businessId: string, from: number, to: number): Promise<number> {
  const started = performance.now();
  for (let doc = from / chunksPerDocument; doc < to / chunksPerDocument; doc++) {
    knowledge.addNow(businessId, [{ kind: 'text', title: `Document ${doc}`, text: documentText(doc) }]);
  }
  await knowledge.idle();
  return (to - from) / ((performance.now() - started) / 1000);
}

async function latency(knowledge: KnowledgeService, businessId: string, expect: 'keyword' | 'hybrid') {
  const times: number[] = [];
  for (let i = 0; i < queriesPerLevel; i++) {
    const q = `${query()} ${i}`;
    const started = performance.now();
    const result = await knowledge.search(businessId, q, 5);
    times.push(performance.now() - started);
    if (result.mode !== expect) throw new Error(`expected ${expect} search, got ${result.mode}`);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: percentile(times, 100) };
}

async function main(): Promise<void> {
  const started = performance.now();
  const results: Record<string, unknown>[] = [];
  for (const mode of ['keyword', 'hybrid'] as const) {
    const kb = await open(mode);
    try {
      let have = 0;
      for (const level of levels) {
        const rate = await ingest(kb.knowledge, kb.businessId, have, level);
        have = level;
        const chunks = kb.knowledge.mode(kb.businessId).chunks;
        results.push({ mode, chunks, ingestChunksPerSecond: Math.round(rate), queries: queriesPerLevel, ...(await latency(kb.knowledge, kb.businessId, mode)) });
        process.stderr.write(`${mode} ${chunks} chunks done (${Math.round((performance.now() - started) / 1000)} s)\n`);
      }
    } finally {
      await kb.close();
    }
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'knowledge base',
        node: process.version,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        dimension,
        embedder: 'in-process hash stand-in (no network)',
        results,
        totalSeconds: Math.round((performance.now() - started) / 1000),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
