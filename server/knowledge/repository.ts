import { createHash, randomUUID } from 'node:crypto';
import { isoNow, type Clock } from '../clock.js';
import type { Db } from '../store/database.js';
import type { Chunk } from './chunker.js';
import { termsOf } from './terms.js';

export type SourceKind = 'text' | 'qa' | 'file' | 'web';
export type SourceStatus = 'processing' | 'ready';

export interface SourceRow {
  id: string;
  businessId: string;
  kind: SourceKind;
  title: string;
  /** The uploaded file's name, or the page's URL. */
  source: string | null;
  url: string | null;
  status: SourceStatus;
  error: string | null;
  bytes: number | null;
  chunks: number;
  embeddedChunks: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewSource {
  businessId: string;
  kind: SourceKind;
  title: string;
  source?: string | null;
  url?: string | null;
  content: string;
  bytes?: number | null;
}

export interface ChunkRow {
  id: number;
  businessId: string;
  documentId: string;
  position: number;
  heading: string | null;
  text: string;
  terms: string;
  headingTerms: string;
  vectorSpace: number | null;
}

export interface CitedChunk extends ChunkRow {
  title: string;
  kind: SourceKind;
  url: string | null;
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content.replace(/\s+/g, ' ').trim()).digest('hex');
}

/**
 * SQL for sources (kb_documents), their chunks and the chunk↔source links. Every write that must be
 * all-or-nothing is a transaction here, so a caller cannot leave half a source behind.
 */
export function createKnowledgeRepository({ db, clock }: { db: Db; clock: Clock }) {
  const sourceColumns = `d.id, d.business_id AS businessId, d.kind, d.title, d.source, d.url, d.status, d.error, d.bytes,
    d.created_at AS createdAt, d.updated_at AS updatedAt,
    (SELECT count(*) FROM kb_chunk_sources s WHERE s.document_id = d.id) AS chunks,
    (SELECT count(*) FROM kb_chunk_sources s JOIN kb_chunks c ON c.id = s.chunk_id
      WHERE s.document_id = d.id AND c.vector_space = @space) AS embeddedChunks`;
  const chunkColumns = `c.id, c.business_id AS businessId, c.document_id AS documentId, c.position, c.heading, c.text,
    c.terms, c.heading_terms AS headingTerms, c.vector_space AS vectorSpace`;

  const statements = {
    listSources: db.prepare(`SELECT ${sourceColumns} FROM kb_documents d WHERE d.business_id = @businessId ORDER BY d.created_at, d.rowid`),
    getSource: db.prepare(`SELECT ${sourceColumns} FROM kb_documents d WHERE d.business_id = @businessId AND d.id = @id`),
    byHash: db.prepare(`SELECT id, title, url FROM kb_documents WHERE business_id = ? AND content_hash = ? LIMIT 1`),
    byUrl: db.prepare(`SELECT id, content_hash AS contentHash FROM kb_documents WHERE business_id = ? AND url = ? ORDER BY created_at DESC LIMIT 1`),
    content: db.prepare(`SELECT content, title FROM kb_documents WHERE business_id = ? AND id = ?`),
    insertSource: db.prepare(
      `INSERT INTO kb_documents (id, business_id, kind, title, source, url, status, content, content_hash, bytes, created_at, updated_at)
       VALUES (@id, @businessId, @kind, @title, @source, @url, 'processing', @content, @contentHash, @bytes, @now, @now)`,
    ),
    setStatus: db.prepare(`UPDATE kb_documents SET status = ?, updated_at = ? WHERE id = ?`),
    insertChunk: db.prepare(
      `INSERT INTO kb_chunks (document_id, business_id, position, heading, text, hash, title_terms, heading_terms, terms, created_at)
       VALUES (@documentId, @businessId, @position, @heading, @text, @hash, @titleTerms, @headingTerms, @terms, @now)
       ON CONFLICT (business_id, hash) DO NOTHING`,
    ),
    chunkIdByHash: db.prepare(`SELECT id FROM kb_chunks WHERE business_id = ? AND hash = ?`),
    link: db.prepare(`INSERT OR IGNORE INTO kb_chunk_sources (chunk_id, document_id, position) VALUES (?, ?, ?)`),
    unlink: db.prepare(`DELETE FROM kb_chunk_sources WHERE document_id = ?`),
    // After a source's links changed: each chunk it cites goes to a source that still has it (itself first),
    // and a chunk no source has any more is deleted (triggers take its FTS row and vector with it).
    handOver: db.prepare(
      `UPDATE kb_chunks SET (document_id, position) = (
         SELECT s.document_id, s.position FROM kb_chunk_sources s WHERE s.chunk_id = kb_chunks.id
         ORDER BY s.document_id = kb_chunks.document_id DESC, s.document_id LIMIT 1)
       WHERE document_id = ? AND EXISTS (SELECT 1 FROM kb_chunk_sources s WHERE s.chunk_id = kb_chunks.id)`,
    ),
    // Chunks this source cites that another source also has: after handOver they cite that one.
    sharedCited: db.prepare(
      `SELECT c.id FROM kb_chunks c WHERE c.document_id = ? AND EXISTS (SELECT 1 FROM kb_chunk_sources s WHERE s.chunk_id = c.id AND s.document_id != c.document_id)`,
    ),
    ownerTitles: db.prepare(`SELECT c.id, d.title FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE c.id = ?`),
    setTitleTerms: db.prepare(`UPDATE kb_chunks SET title_terms = ? WHERE id = ? AND title_terms != ?`),
    deleteOrphans: db.prepare(
      `DELETE FROM kb_chunks WHERE document_id = ? AND NOT EXISTS (SELECT 1 FROM kb_chunk_sources s WHERE s.chunk_id = kb_chunks.id)`,
    ),
    deleteSource: db.prepare(`DELETE FROM kb_documents WHERE id = ?`),
    chunksOfSource: db.prepare(
      `SELECT ${chunkColumns}, s.position AS sourcePosition FROM kb_chunk_sources s JOIN kb_chunks c ON c.id = s.chunk_id
       WHERE s.document_id = ? ORDER BY s.position`,
    ),
    processing: db.prepare(`SELECT id FROM kb_documents WHERE status = 'processing'`),
    chunkCount: db.prepare(`SELECT count(*) AS n FROM kb_chunks`),
  };

  function deleteSourceNow(id: string): void {
    const moving = (statements.sharedCited.all(id) as Array<{ id: number }>).map((r) => r.id);
    statements.unlink.run(id);
    statements.handOver.run(id);
    // A chunk that now cites another source is searched under that source's title.
    for (const chunkId of moving) {
      const owner = statements.ownerTitles.get(chunkId) as { id: number; title: string } | undefined;
      if (owner) {
        const terms = termsOf(owner.title).join(' ');
        statements.setTitleTerms.run(terms, chunkId, terms);
      }
    }
    statements.deleteOrphans.run(id);
    statements.deleteSource.run(id);
  }

  return {
    listSources(businessId: string, space: number | null): SourceRow[] {
      return statements.listSources.all({ businessId, space: space ?? -1 }) as SourceRow[];
    },
    getSource(businessId: string, id: string, space: number | null): SourceRow | undefined {
      return statements.getSource.get({ businessId, id, space: space ?? -1 }) as SourceRow | undefined;
    },
    findByContent(businessId: string, hash: string): { id: string; title: string; url: string | null } | undefined {
      return statements.byHash.get(businessId, hash) as { id: string; title: string; url: string | null } | undefined;
    },
    findByUrl(businessId: string, url: string): { id: string; contentHash: string } | undefined {
      return statements.byUrl.get(businessId, url) as { id: string; contentHash: string } | undefined;
    },
    content(businessId: string, id: string): { content: string | null; title: string } | undefined {
      return statements.content.get(businessId, id) as { content: string | null; title: string } | undefined;
    },

    /** The source and its chunks in one transaction; a chunk the business already has is linked, not copied. */
    insertSource(input: NewSource, chunks: Chunk[]): { id: string; newChunks: number; linkedChunks: number } {
      const id = randomUUID();
      const now = isoNow(clock);
      return db.transaction(() => {
        statements.insertSource.run({
          id,
          businessId: input.businessId,
          kind: input.kind,
          title: input.title,
          source: input.source ?? null,
          url: input.url ?? null,
          content: input.content,
          contentHash: contentHash(input.content),
          bytes: input.bytes ?? Buffer.byteLength(input.content),
          now,
        });
        const counts = addChunks(id, input.businessId, input.title, chunks, now);
        return { id, ...counts };
      })();
    },

    /** Re-chunks a source in place: its links are replaced in one transaction. */
    replaceChunks(businessId: string, id: string, title: string, chunks: Chunk[]): { newChunks: number; linkedChunks: number } {
      const now = isoNow(clock);
      return db.transaction(() => {
        statements.unlink.run(id);
        // Chunks the new chunking still produces are linked again (keeping their vectors); the rest go.
        const counts = addChunks(id, businessId, title, chunks, now);
        statements.handOver.run(id);
        statements.deleteOrphans.run(id);
        statements.setStatus.run('processing', now, id);
        return counts;
      })();
    },

    setStatus(id: string, status: SourceStatus): void {
      statements.setStatus.run(status, isoNow(clock), id);
    },

    deleteSource(id: string): void {
      db.transaction(() => deleteSourceNow(id))();
    },

    /** Swaps a source for its replacement (a re-imported page) at once: `oldId` goes, `newId` is ready. */
    replaceSource(oldId: string, newId: string): void {
      db.transaction(() => {
        deleteSourceNow(oldId);
        statements.setStatus.run('ready', isoNow(clock), newId);
      })();
    },

    chunksOfSource(id: string): Array<ChunkRow & { sourcePosition: number }> {
      return statements.chunksOfSource.all(id) as Array<ChunkRow & { sourcePosition: number }>;
    },

    /** Sources a crash left mid-ingest: their chunks are committed; only embedding may be missing. */
    interruptedSources(): string[] {
      return (statements.processing.all() as Array<{ id: string }>).map((r) => r.id);
    },

    chunkCount(): number {
      return (statements.chunkCount.get() as { n: number }).n;
    },

    /** Chunks with their citation source, for search results. */
    cited(ids: number[]): Map<number, CitedChunk> {
      if (ids.length === 0) return new Map();
      const rows = db
        .prepare(
          `SELECT ${chunkColumns}, d.title, d.kind, d.url FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
           WHERE c.id IN (${ids.map(() => '?').join(',')})`,
        )
        .all(...ids) as CitedChunk[];
      return new Map(rows.map((row) => [row.id, row]));
    },
  };

  function addChunks(documentId: string, businessId: string, title: string, chunks: Chunk[], now: string) {
    let newChunks = 0;
    let linkedChunks = 0;
    for (const chunk of chunks) {
      const inserted = statements.insertChunk.run({
        documentId,
        businessId,
        position: chunk.position,
        heading: chunk.heading,
        text: chunk.text,
        hash: chunk.hash,
        // The source's title is searched too: "Prices" finds the chunks of a document called "Prices".
        titleTerms: termsOf(title).join(' '),
        headingTerms: termsOf(chunk.heading ?? '').join(' '),
        terms: termsOf(chunk.text).join(' '),
        now,
      });
      let chunkId = Number(inserted.lastInsertRowid);
      if (inserted.changes === 0) {
        chunkId = (statements.chunkIdByHash.get(businessId, chunk.hash) as { id: number }).id;
        linkedChunks++;
      } else {
        newChunks++;
      }
      statements.link.run(chunkId, documentId, chunk.position);
    }
    return { newChunks, linkedChunks };
  }
}

export type KnowledgeRepository = ReturnType<typeof createKnowledgeRepository>;
