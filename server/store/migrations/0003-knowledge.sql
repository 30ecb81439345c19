-- Knowledge base: what ingest, hybrid retrieval and re-embedding need on top of the 0001 tables.

-- The extracted text (markdown-like) is kept, so a source can be re-chunked and re-embedded without the
-- original file; its hash finds a source added twice.
ALTER TABLE kb_documents ADD COLUMN url TEXT;
ALTER TABLE kb_documents ADD COLUMN content TEXT;
ALTER TABLE kb_documents ADD COLUMN content_hash TEXT;
ALTER TABLE kb_documents ADD COLUMN bytes INTEGER;
CREATE INDEX kb_documents_by_hash ON kb_documents (business_id, content_hash);
CREATE INDEX kb_documents_by_url ON kb_documents (business_id, url);

-- Stemmed, stop-word-free terms of the source's title, the chunk's heading and its text: the FTS index covers these, not the raw text, so
-- the query side (which stems the same way in JS) can weigh each of its terms by the index's own document
-- frequencies (fts5vocab) and tell a chunk that answers from one that shares a single word.
ALTER TABLE kb_chunks ADD COLUMN title_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_chunks ADD COLUMN heading_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_chunks ADD COLUMN terms TEXT NOT NULL DEFAULT '';
-- The kb_vector_spaces row whose vec0 table holds this chunk's embedding; NULL: not embedded yet.
ALTER TABLE kb_chunks ADD COLUMN vector_space INTEGER;
CREATE INDEX kb_chunks_by_space ON kb_chunks (business_id, vector_space);

-- A chunk is stored once per business (UNIQUE (business_id, hash) in 0001) but may appear in several sources:
-- a footer on every page of a site, the same answer in a PDF and a pasted FAQ. Each appearance is a row here;
-- deleting a source removes its rows, hands a shared chunk to a source that still has it, and deletes only
-- the chunks no source has any more. kb_chunks.document_id and position name the chunk's citation source.
CREATE TABLE kb_chunk_sources (
  chunk_id     INTEGER NOT NULL REFERENCES kb_chunks (id) ON DELETE CASCADE,
  document_id  TEXT NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  PRIMARY KEY (document_id, chunk_id)
) WITHOUT ROWID;
CREATE INDEX kb_chunk_sources_by_chunk ON kb_chunk_sources (chunk_id);
INSERT INTO kb_chunk_sources (chunk_id, document_id, position) SELECT id, document_id, position FROM kb_chunks;

DROP TRIGGER kb_chunks_fts_insert;
DROP TRIGGER kb_chunks_fts_delete;
DROP TABLE kb_chunks_fts;
CREATE VIRTUAL TABLE kb_chunks_fts USING fts5 (
  title_terms, heading_terms, terms, content = 'kb_chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE kb_chunks_vocab USING fts5vocab (kb_chunks_fts, 'row');
CREATE TRIGGER kb_chunks_fts_insert AFTER INSERT ON kb_chunks BEGIN
  INSERT INTO kb_chunks_fts (rowid, title_terms, heading_terms, terms) VALUES (new.id, new.title_terms, new.heading_terms, new.terms);
END;
CREATE TRIGGER kb_chunks_fts_delete AFTER DELETE ON kb_chunks BEGIN
  INSERT INTO kb_chunks_fts (kb_chunks_fts, rowid, title_terms, heading_terms, terms) VALUES ('delete', old.id, old.title_terms, old.heading_terms, old.terms);
END;
CREATE TRIGGER kb_chunks_fts_update AFTER UPDATE OF title_terms, heading_terms, terms ON kb_chunks BEGIN
  INSERT INTO kb_chunks_fts (kb_chunks_fts, rowid, title_terms, heading_terms, terms) VALUES ('delete', old.id, old.title_terms, old.heading_terms, old.terms);
  INSERT INTO kb_chunks_fts (rowid, title_terms, heading_terms, terms) VALUES (new.id, new.title_terms, new.heading_terms, new.terms);
END;
INSERT INTO kb_chunks_fts (kb_chunks_fts) VALUES ('rebuild');

-- One row per embedding model and dimension. Its vectors live in the vec0 table `kb_vectors_<id>`, created
-- by the knowledge service once the model has answered (the dimension is only known then), together with a
-- trigger that deletes a chunk's vector with the chunk (cascades from a deleted business included).
CREATE TABLE kb_vector_spaces (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  model       TEXT NOT NULL,
  dimension   INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (model, dimension)
);

-- Ingest jobs: the job resource of the admin API. Items (one per file or page) are a JSON array.
CREATE TABLE kb_jobs (
  id           TEXT PRIMARY KEY,
  business_id  TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('text', 'qa', 'upload', 'website', 'reindex')),
  status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  phase        TEXT,
  total        INTEGER NOT NULL DEFAULT 0,
  done         INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  items        TEXT NOT NULL DEFAULT '[]',
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE INDEX kb_jobs_by_business ON kb_jobs (business_id, created_at);
