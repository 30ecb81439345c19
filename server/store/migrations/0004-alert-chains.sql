-- Alert chains (server/alerts). One chain per lead: a lead notification (an email), upgraded in place to an
-- emergency chain (desktop, call, SMS, email, then escalation) when the lead turns URGENT. Each step of a
-- chain is a row of `alerts` (the outbox), written before it is attempted; every attempt is a row of
-- `alert_attempts`, so the lead shows what was tried, when, and what the provider said.

CREATE TABLE alert_chains (
  id                TEXT PRIMARY KEY,
  business_id       TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  lead_id           TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('lead', 'emergency')),
  -- active: steps still to come; acknowledged: someone took it; done: the lead email went out;
  -- exhausted: every round was tried and nobody acknowledged
  status            TEXT NOT NULL CHECK (status IN ('active', 'acknowledged', 'done', 'exhausted')),
  -- the emergency reasons the chain has told the owner about (JSON array): a new one upgrades the chain
  reasons           TEXT NOT NULL DEFAULT '[]',
  -- the highest round started: 0 the owner, 1 the backup contact, 2… the repeats
  round             INTEGER NOT NULL DEFAULT 0,
  acknowledged_at   TEXT,
  acknowledged_via  TEXT CHECK (acknowledged_via IN ('console', 'call', 'sms')),
  acknowledged_by   TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
-- Exactly one chain per lead: a caller repeating "it's flooding" cannot start a second one.
CREATE UNIQUE INDEX alert_chains_one_per_lead ON alert_chains (lead_id);
CREATE INDEX alert_chains_by_status ON alert_chains (status, business_id);

-- The chain a step belongs to (NULL for a daily digest, which belongs to the business).
ALTER TABLE alerts ADD COLUMN chain_id TEXT REFERENCES alert_chains (id) ON DELETE CASCADE;
-- emergency (round 0) | escalation (round 1) | repeat (round 2…) | update (new facts) | lead | digest
ALTER TABLE alerts ADD COLUMN purpose TEXT NOT NULL DEFAULT 'emergency';
ALTER TABLE alerts ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
-- step details as JSON: a digest's window, whether a lead email waits for the conversation to go quiet
ALTER TABLE alerts ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';
ALTER TABLE alerts ADD COLUMN sent_at TEXT;
-- what the provider reported later (Twilio status callbacks): completed, no-answer, busy, delivered…
ALTER TABLE alerts ADD COLUMN delivery TEXT;
CREATE INDEX alerts_by_chain ON alerts (chain_id);
CREATE INDEX alerts_by_business_purpose ON alerts (business_id, purpose, status);

CREATE TABLE alert_attempts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  attempt          INTEGER NOT NULL,
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  -- pending while the provider has not answered; interrupted when the server stopped meanwhile
  outcome          TEXT NOT NULL CHECK (outcome IN ('pending', 'sent', 'retrying', 'failed', 'interrupted')),
  provider_id      TEXT,
  error            TEXT,
  upstream_status  INTEGER,
  UNIQUE (alert_id, attempt)
);
