import type { Db } from '../store/database.js';
import { matchAny, type QueryTerm } from './terms.js';

export interface KeywordCandidate {
  chunkId: number;
  rank: number;
  /** FTS5 bm25 turned positive: higher is better. */
  bm25: number;
  /** Share of the query's weight (idf) that this chunk contains, 0..1. */
  coverage: number;
}

export interface VectorCandidate {
  chunkId: number;
  rank: number;
  similarity: number;
}

export interface FusedCandidate {
  chunkId: number;
  /** Reciprocal-rank fusion, scaled so first place in every list is 1. */
  score: number;
  keyword?: KeywordCandidate;
  vector?: VectorCandidate;
  relevant: boolean;
}

export interface Thresholds {
  /** A keyword hit answers only if it holds at least this share of the query's idf weight. */
  minCoverage: number;
  /** A vector hit answers only at this cosine similarity or above (depends on the model). */
  minSimilarity: number;
}

// Cormack, Clarke & Büttcher (2009), "Reciprocal rank fusion outperforms Condorcet and individual rank
// learning methods": 1/(k + rank) with k = 60.
const rrfK = 60;

/**
 * BM25 over the FTS5 index of stemmed terms, one business at a time. A chunk's heading weighs twice its
 * text; the source's title, shared by all its chunks, half (it tells which source, not which passage). Each candidate also gets its idf-weighted coverage of the query, computed from the index's
 * own document counts (fts5vocab), which tells "answers the question" from "shares one word with it".
 */
export function createKeywordSearch(db: Db) {
  const search = db.prepare(
    `SELECT c.id AS chunkId, bm25(kb_chunks_fts, 0.5, 2.0, 1.0) AS score, c.terms, c.title_terms || ' ' || c.heading_terms AS headingTerms
     FROM kb_chunks_fts JOIN kb_chunks c ON c.id = kb_chunks_fts.rowid
     WHERE kb_chunks_fts MATCH ? AND c.business_id = ?
     ORDER BY score LIMIT ?`,
  );
  const documentFrequency = db.prepare(`SELECT doc FROM kb_chunks_vocab WHERE term = ?`);
  const total = db.prepare(`SELECT count(*) AS n FROM kb_chunks`);
  let totalCache: { n: number; at: number } | undefined;
  // Document frequencies change only when chunks do; the cache is emptied then (and kept small).
  const frequencies = new Map<string, number>();

  function chunkCount(): number {
    const now = Date.now();
    // Counting 100k rows costs a few ms: the idf weights can be a few seconds stale.
    if (!totalCache || now - totalCache.at > 5000) totalCache = { n: (total.get() as { n: number }).n, at: now };
    return totalCache.n;
  }

  function frequency(term: string): number {
    let df = frequencies.get(term);
    if (df === undefined) {
      df = (documentFrequency.get(term) as { doc: number } | undefined)?.doc ?? 0;
      if (frequencies.size > 5000) frequencies.clear();
      frequencies.set(term, df);
    }
    return df;
  }

  return {
    invalidate() {
      totalCache = undefined;
      frequencies.clear();
    },
    search(businessId: string, query: QueryTerm[], limit: number): KeywordCandidate[] {
      if (query.length === 0) return [];
      const n = Math.max(chunkCount(), 1);
      // BM25's idf, kept positive; a term the index has never seen weighs the most.
      const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
      // A term the material never uses but whose synonym it does ("open" when the text says "hours") weighs
      // as that synonym.
      const weights = query.map(({ term, alternatives }) => {
        const df = frequency(term);
        if (df > 0 || alternatives.length === 0) return idf(df);
        const known = alternatives.map(frequency).filter((f) => f > 0);
        return idf(known.length ? Math.max(...known) : 0);
      });
      const total = weights.reduce((a, b) => a + b, 0);
      // Terms in a large share of a big index rank almost nothing but make FTS5 score most of its rows:
      // they are left out of the MATCH (not out of the coverage), unless nothing else is left.
      const tooCommon = Math.max(0.2 * n, 500);
      const known = [...new Set(query.flatMap((q) => [q.term, ...q.alternatives]))].map((term) => ({ term, df: frequency(term) })).filter((t) => t.df > 0);
      if (known.length === 0) return [];
      const selective = known.filter((t) => t.df <= tooCommon);
      const matchTerms = selective.length ? selective.map((t) => t.term) : [known.sort((a, b) => a.df - b.df)[0]!.term];
      const rows = search.all(matchAny(matchTerms), businessId, limit) as Array<{ chunkId: number; score: number; terms: string; headingTerms: string }>;
      return rows.map((row, i) => {
        const present = new Set(`${row.headingTerms} ${row.terms}`.split(' '));
        const covered = query.reduce((sum, q, j) => sum + (present.has(q.term) || q.alternatives.some((a) => present.has(a)) ? weights[j]! : 0), 0);
        return { chunkId: row.chunkId, rank: i + 1, bm25: -row.score, coverage: total > 0 ? covered / total : 0 };
      });
    },
  };
}

/**
 * Reciprocal-rank fusion of the keyword and vector lists, where a list's vote counts only for candidates that
 * pass that list's own threshold, ranked among those that pass: a vector neighbour below the similarity bar
 * neither answers nor pushes an answer down. A question the material does not answer gets no relevant
 * candidate, rather than the least bad ones. Candidates that pass nowhere follow, in plain RRF order (the
 * console's test box shows them on request).
 */
export function fuse(keyword: KeywordCandidate[], vector: VectorCandidate[], thresholds: Thresholds, lists: 1 | 2): FusedCandidate[] {
  const byId = new Map<number, FusedCandidate & { weak: number }>();
  const entry = (chunkId: number) => {
    let candidate = byId.get(chunkId);
    if (!candidate) {
      candidate = { chunkId, score: 0, relevant: false, weak: 0 };
      byId.set(chunkId, candidate);
    }
    return candidate;
  };
  const best = lists / (rrfK + 1);
  let passed = 0;
  for (const hit of keyword) {
    const candidate = entry(hit.chunkId);
    candidate.keyword = hit;
    candidate.weak += 1 / (rrfK + hit.rank);
    if (hit.coverage >= thresholds.minCoverage) {
      candidate.relevant = true;
      candidate.score += 1 / (rrfK + ++passed) / best;
    }
  }
  passed = 0;
  for (const hit of vector) {
    const candidate = entry(hit.chunkId);
    candidate.vector = hit;
    candidate.weak += 1 / (rrfK + hit.rank);
    if (hit.similarity >= thresholds.minSimilarity) {
      candidate.relevant = true;
      candidate.score += 1 / (rrfK + ++passed) / best;
    }
  }
  return [...byId.values()]
    .sort((a, b) => Number(b.relevant) - Number(a.relevant) || b.score - a.score || b.weak - a.weak || a.chunkId - b.chunkId)
    .map(({ weak, ...candidate }) => (candidate.relevant ? candidate : { ...candidate, score: Math.round((weak / best) * 10_000) / 10_000 }));
}
