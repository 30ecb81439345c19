import { isoNow, type Clock } from '../clock.js';
import type { Db, Statement } from '../store/database.js';

/** One embedding model at one dimension, and the vec0 table that holds its vectors. */
export interface VectorSpace {
  id: number;
  model: string;
  dimension: number;
}

export interface VectorRow {
  chunkId: number;
  businessId: string;
  vector: Float32Array;
}

/**
 * sqlite-vec storage. A model's vectors live in their own vec0 table, `kb_vectors_<space id>`, created when
 * the model first answers (only then is its dimension known): changing model never mixes two models'
 * vectors, and the old table is dropped once every chunk has moved to the new one.
 * Partitioned by business (`partition key`): a KNN query only ever reads that business's vectors.
 * Primary keys are bound as BigInt: vec0 refuses a JS number ("Only integers are allowed for primary key").
 *
 * Search is two-stage, because sqlite-vec 0.1.9 scans float vectors without SIMD (~30 ms for 10k × 1536
 * here): a KNN over binary-quantised vectors (`bit[N]`, sign of each dimension, hamming distance: ~2 ms)
 * picks an oversampled candidate set, then the exact cosine of each candidate's float vector (kept in an
 * auxiliary column, returned by the same query) ranks it. Below the oversampling size a business's whole
 * knowledge base is a candidate, so small ones are ranked exactly. A dimension that is not a multiple of 8
 * cannot be bit-quantised and gets a plain float KNN.
 */
export function createVectorIndex({ db, clock }: { db: Db; clock: Clock }) {
  const knnStatements = new Map<number, Statement>();
  const insertStatements = new Map<number, Statement>();

  const table = (space: number) => `kb_vectors_${Math.trunc(space)}`;
  const current = db.prepare(`SELECT vector_space AS space FROM kb_chunks WHERE id = ? AND business_id = ?`);
  const mark = db.prepare(`UPDATE kb_chunks SET vector_space = ? WHERE id = ?`);

  const twoStage = (space: VectorSpace) => space.dimension % 8 === 0;

  function ensureTable(space: VectorSpace): void {
    const name = table(space.id);
    const columns = twoStage(space)
      ? `coarse bit[${Math.trunc(space.dimension)}], +embedding blob`
      : `embedding float[${Math.trunc(space.dimension)}] distance_metric=cosine`;
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(
         chunk_id integer primary key,
         business_id text partition key,
         ${columns}
       );
       CREATE TRIGGER IF NOT EXISTS ${name}_delete AFTER DELETE ON kb_chunks WHEN old.vector_space = ${space.id} BEGIN
         DELETE FROM ${name} WHERE chunk_id = old.id;
       END;`,
    );
  }

  return {
    spaces(): VectorSpace[] {
      return db.prepare(`SELECT id, model, dimension FROM kb_vector_spaces ORDER BY id`).all() as VectorSpace[];
    },

    /** The newest space of `model`, if it has answered before. */
    find(model: string): VectorSpace | undefined {
      return db.prepare(`SELECT id, model, dimension FROM kb_vector_spaces WHERE model = ? ORDER BY id DESC LIMIT 1`).get(model) as
        | VectorSpace
        | undefined;
    },

    /** The space for this model and dimension, created with its table on first use. */
    open(model: string, dimension: number): VectorSpace {
      return db.transaction(() => {
        db.prepare(`INSERT OR IGNORE INTO kb_vector_spaces (model, dimension, created_at) VALUES (?, ?, ?)`).run(model, dimension, isoNow(clock));
        const space = db.prepare(`SELECT id, model, dimension FROM kb_vector_spaces WHERE model = ? AND dimension = ?`).get(model, dimension) as VectorSpace;
        ensureTable(space);
        return space;
      })();
    },

    /**
     * Stores vectors for chunks that still exist and are not yet in `space`, moving them out of their old
     * space. Call inside a transaction with the chunk's own update (the caller's `markEmbedded`).
     * Returns how many were stored.
     */
    store(space: VectorSpace, rows: VectorRow[]): number {
      let insert = insertStatements.get(space.id);
      if (!insert) {
        insert = twoStage(space)
          ? db.prepare(`INSERT INTO ${table(space.id)} (chunk_id, business_id, coarse, embedding) VALUES (?, ?, vec_quantize_binary(?), ?)`)
          : db.prepare(`INSERT INTO ${table(space.id)} (chunk_id, business_id, embedding) VALUES (?, ?, ?)`);
        insertStatements.set(space.id, insert);
      }
      let stored = 0;
      return db.transaction(() => {
        for (const row of rows) {
          if (row.vector.length !== space.dimension) throw new Error(`vector of ${row.vector.length} dimensions for a ${space.dimension}-dimension space`);
          const chunk = current.get(row.chunkId, row.businessId) as { space: number | null } | undefined;
          // Deleted meanwhile, or embedded by someone else (the catch-up and a job may overlap): nothing to do.
          if (!chunk || chunk.space === space.id) continue;
          if (chunk.space !== null) db.prepare(`DELETE FROM ${table(chunk.space)} WHERE chunk_id = ?`).run(BigInt(row.chunkId));
          if (twoStage(space)) insert!.run(BigInt(row.chunkId), row.businessId, row.vector, Buffer.from(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength));
          else insert!.run(BigInt(row.chunkId), row.businessId, row.vector);
          mark.run(space.id, row.chunkId);
          stored++;
        }
        return stored;
      })();
    },

    /** The `k` nearest chunks of one business, nearest first, with cosine similarity. */
    nearest(space: VectorSpace, businessId: string, vector: Float32Array, k: number): Array<{ chunkId: number; similarity: number }> {
      let knn = knnStatements.get(space.id);
      if (!knn) {
        knn = twoStage(space)
          ? db.prepare(
              `SELECT chunk_id AS chunkId, embedding FROM ${table(space.id)}
               WHERE coarse MATCH vec_quantize_binary(?) AND k = ? AND business_id = ? ORDER BY distance`,
            )
          : db.prepare(
              `SELECT chunk_id AS chunkId, distance FROM ${table(space.id)}
               WHERE embedding MATCH ? AND k = ? AND business_id = ? ORDER BY distance`,
            );
        knnStatements.set(space.id, knn);
      }
      const want = Math.min(Math.max(k, 1), 4096);
      if (!twoStage(space)) {
        const rows = knn.all(vector, want, businessId) as Array<{ chunkId: number; distance: number }>;
        return rows.map((r) => ({ chunkId: Number(r.chunkId), similarity: 1 - r.distance }));
      }
      // Oversampled 8× (at least 160) in the coarse stage; vec0 caps k at 4096.
      const rows = knn.all(vector, Math.min(Math.max(want * 8, 160), 4096), businessId) as Array<{ chunkId: number; embedding: Buffer }>;
      const queryNorm = norm(vector);
      return rows
        .map((row) => {
          const bytes = row.embedding;
          // A Float32Array view needs 4-byte alignment; a blob that is not aligned is copied.
          const candidate =
            bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : new Float32Array(new Uint8Array(bytes).buffer);
          return { chunkId: Number(row.chunkId), similarity: cosine(vector, queryNorm, candidate) };
        })
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, want);
    },

    /** Drops a space nobody uses any more (after a model change has re-embedded everything). */
    drop(space: VectorSpace): void {
      db.transaction(() => {
        db.exec(`DROP TRIGGER IF EXISTS ${table(space.id)}_delete; DROP TABLE IF EXISTS ${table(space.id)};`);
        db.prepare(`UPDATE kb_chunks SET vector_space = NULL WHERE vector_space = ?`).run(space.id);
        db.prepare(`DELETE FROM kb_vector_spaces WHERE id = ?`).run(space.id);
      })();
      knnStatements.delete(space.id);
      insertStatements.delete(space.id);
    },

    /** How many chunks each space holds. */
    counts(): Map<number | null, number> {
      const rows = db.prepare(`SELECT vector_space AS space, count(*) AS n FROM kb_chunks GROUP BY vector_space`).all() as Array<{ space: number | null; n: number }>;
      return new Map(rows.map((r) => [r.space, r.n]));
    },
  };
}

export type VectorIndex = ReturnType<typeof createVectorIndex>;

function norm(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return Math.sqrt(sum);
}

function cosine(query: Float32Array, queryNorm: number, candidate: Float32Array): number {
  if (candidate.length !== query.length) return -1;
  let dot = 0;
  let sum = 0;
  for (let i = 0; i < query.length; i++) {
    dot += query[i]! * candidate[i]!;
    sum += candidate[i]! * candidate[i]!;
  }
  const denominator = queryNorm * Math.sqrt(sum);
  return denominator > 0 ? dot / denominator : 0;
}
