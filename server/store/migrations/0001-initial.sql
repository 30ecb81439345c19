-- Leads Agent schema, version 1. Times are ISO-8601 UTC strings; ids are random UUIDs unless noted.

CREATE TABLE businesses (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  industry        TEXT NOT NULL,
  plan            TEXT NOT NULL CHECK (plan IN ('FREE', 'BASIC', 'PRO')),
  twilio_number   TEXT UNIQUE,
  owner_phone     TEXT NOT NULL,
  owner_email     TEXT NOT NULL,
  backup_phone    TEXT,
  timezone        TEXT NOT NULL,
  greeting        TEXT NOT NULL,
  widget_origins  TEXT NOT NULL DEFAULT '[]',
  -- voice, widget, alerts and vocabulary settings: one JSON object, validated by the admin API schema
  settings        TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE questions (
  id                          TEXT PRIMARY KEY,
  business_id                 TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  -- the key the agent records the answer under (record_lead_field)
  field                       TEXT NOT NULL,
  text                        TEXT NOT NULL,
  kind                        TEXT NOT NULL CHECK (kind IN ('text', 'phone', 'email', 'address', 'date', 'choice')),
  choices                     TEXT,
  required                    INTEGER NOT NULL DEFAULT 1,
  is_essential_for_emergency  INTEGER NOT NULL DEFAULT 0,
  position                    INTEGER NOT NULL,
  created_at                  TEXT NOT NULL,
  updated_at                  TEXT NOT NULL,
  UNIQUE (business_id, field)
);
CREATE INDEX questions_by_business ON questions (business_id, position);

CREATE TABLE leads (
  id                TEXT PRIMARY KEY,
  business_id       TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  channel           TEXT NOT NULL CHECK (channel IN ('voice', 'chat', 'manual')),
  status            TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'won', 'lost')),
  priority          TEXT NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
  -- once the owner sets the priority, the analyser no longer changes it
  priority_set_by   TEXT NOT NULL DEFAULT 'system' CHECK (priority_set_by IN ('system', 'owner')),
  priority_reasons  TEXT NOT NULL DEFAULT '[]',
  emergency         INTEGER NOT NULL DEFAULT 0,
  emergency_notes   TEXT,
  intent            TEXT,
  caller_name       TEXT,
  caller_phone      TEXT,
  caller_email      TEXT,
  address           TEXT,
  summary           TEXT,
  -- a call the agent could not take (plan without voice, all lines busy): the owner calls back
  missed            INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX leads_by_business ON leads (business_id, created_at);
CREATE INDEX leads_by_created ON leads (created_at);

CREATE TABLE lead_answers (
  lead_id      TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  field        TEXT NOT NULL,
  question_id  TEXT REFERENCES questions (id) ON DELETE SET NULL,
  value        TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (lead_id, field)
);

CREATE TABLE calls (
  id                TEXT PRIMARY KEY, -- Twilio CallSid
  business_id       TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  lead_id           TEXT REFERENCES leads (id) ON DELETE SET NULL,
  from_number       TEXT,
  to_number         TEXT,
  status            TEXT NOT NULL,
  mode              TEXT NOT NULL DEFAULT 'realtime' CHECK (mode IN ('realtime', 'fallback', 'missed')),
  started_at        TEXT NOT NULL,
  ended_at          TEXT,
  duration_seconds  INTEGER,
  summary           TEXT
);
CREATE INDEX calls_by_lead ON calls (lead_id);

CREATE TABLE chats (
  id           TEXT PRIMARY KEY,
  business_id  TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  lead_id      TEXT REFERENCES leads (id) ON DELETE SET NULL,
  origin       TEXT,
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),
  started_at   TEXT NOT NULL,
  ended_at     TEXT
);
CREATE INDEX chats_by_lead ON chats (lead_id);

CREATE TABLE turns (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  channel     TEXT NOT NULL CHECK (channel IN ('voice', 'chat')),
  call_id     TEXT,
  chat_id     TEXT,
  role        TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'system')),
  text        TEXT NOT NULL,
  -- the analyser's verdict on a customer turn
  priority    TEXT,
  intent      TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX turns_by_lead ON turns (lead_id, id);

CREATE TABLE entities (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  turn_id     INTEGER REFERENCES turns (id) ON DELETE SET NULL,
  type        TEXT NOT NULL,
  value       TEXT NOT NULL,
  text        TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (lead_id, type, value)
);

-- One row per planned notification step (an outbox): written before it is attempted.
CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  business_id  TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  lead_id      TEXT REFERENCES leads (id) ON DELETE CASCADE,
  channel      TEXT NOT NULL CHECK (channel IN ('desktop', 'call', 'sms', 'email')),
  target       TEXT,
  status       TEXT NOT NULL DEFAULT 'planned',
  attempts     INTEGER NOT NULL DEFAULT 0,
  provider_id  TEXT,
  error        TEXT,
  due_at       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX alerts_by_lead ON alerts (lead_id);
CREATE INDEX alerts_due ON alerts (status, due_at);

CREATE TABLE kb_documents (
  id           TEXT PRIMARY KEY,
  business_id  TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  source       TEXT,
  status       TEXT NOT NULL DEFAULT 'pending',
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX kb_documents_by_business ON kb_documents (business_id);

CREATE TABLE kb_chunks (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id  TEXT NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  business_id  TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  heading      TEXT,
  text         TEXT NOT NULL,
  hash         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (business_id, hash)
);
CREATE INDEX kb_chunks_by_document ON kb_chunks (document_id, position);

CREATE VIRTUAL TABLE kb_chunks_fts USING fts5 (heading, text, content = 'kb_chunks', content_rowid = 'id');
CREATE TRIGGER kb_chunks_fts_insert AFTER INSERT ON kb_chunks BEGIN
  INSERT INTO kb_chunks_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
END;
CREATE TRIGGER kb_chunks_fts_delete AFTER DELETE ON kb_chunks BEGIN
  INSERT INTO kb_chunks_fts (kb_chunks_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
END;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
