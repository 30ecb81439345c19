import { randomUUID } from 'node:crypto';
import type { QuestionService } from '../businesses/questions.js';
import type { BusinessService } from '../businesses/service.js';
import { isoNow, systemClock, type Clock } from '../clock.js';
import { NotFound, ValidationFailed } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { Db, Statement } from '../store/database.js';
import { normaliseAnswer, standardFields } from './field-values.js';
import { buildLeadQuery, type LeadFilter } from './lead-query.js';
import { toLead, type Lead, type LeadDetail, type LeadRow } from './lead-row.js';
import type { Channel, LeadStatus, Priority } from './schemas.js';

/** Leads per query of a CSV export. */
const exportPageSize = 500;

export type { Lead, LeadDetail } from './lead-row.js';
export type { LeadFilter } from './lead-query.js';

export interface NewLead {
  businessId: string;
  channel: Channel;
  callerPhone?: string | null;
  callerName?: string | null;
  callerEmail?: string | null;
  address?: string | null;
  summary?: string | null;
  priority?: Priority;
  /** A call the agent could not take: the owner should call back. */
  missed?: boolean;
  /** Answers known at creation; all are validated first, and a bad one creates nothing. */
  answers?: Record<string, string>;
}

export interface NewTurn {
  channel: 'voice' | 'chat';
  role: 'customer' | 'agent' | 'system';
  text: string;
  callId?: string;
  chatId?: string;
}

export interface TurnRecord extends NewTurn {
  id: number;
  leadId: string;
  createdAt: string;
}

/** What the analyser (server/understanding) says about a customer turn; only the parts a lead keeps. */
export interface TurnAnalysis {
  priority: Priority;
  reasons: string[];
  intent?: string;
  entities: Array<{ type: string; value: string; text?: string }>;
}

export interface LeadService {
  create(input: NewLead): Lead;
  get(id: string): Lead;
  detail(id: string): LeadDetail;
  list(filter: LeadFilter): { items: Lead[]; total: number };
  /** Every matching lead with its answers flattened, oldest first, without loading them all at once. */
  exportRows(filter: LeadFilter): IterableIterator<Lead & { answers: string }>;
  /** Validates and stores one answer at once (no lead waits for the end of a conversation). */
  recordField(leadId: string, field: string, value: string): { lead: Lead; field: string; value: string };
  addTurn(leadId: string, turn: NewTurn): TurnRecord;
  /** Stores the turn's entities and raises (never lowers) the priority, unless the owner has set it. */
  applyAnalysis(leadId: string, turnId: number | undefined, analysis: TurnAnalysis): Lead;
  /** The agent (or a person) says this is an emergency. */
  flagEmergency(leadId: string, reason: string): Lead;
  setSummary(leadId: string, summary: string): Lead;
  /** The owner's changes from the console: status, and a priority that then stays as set. */
  updateByOwner(leadId: string, patch: { status?: LeadStatus; priority?: Priority }): Lead;
}

const rank: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };

/** Where a recorded field also fills the lead's own columns, so lists and alerts show it without joins. */
const columnForKind: Partial<Record<string, keyof LeadRow>> = { phone: 'caller_phone', email: 'caller_email', address: 'address' };

export function createLeadService({
  db,
  bus,
  businesses,
  questions,
  clock = systemClock,
}: {
  db: Db;
  bus: EventBus;
  businesses: BusinessService;
  questions: QuestionService;
  clock?: Clock;
}): LeadService {
  const byId = db.prepare<[string], LeadRow>('SELECT * FROM leads WHERE id = ?');
  const insertLead = db.prepare(
    `INSERT INTO leads (id, business_id, channel, priority, caller_name, caller_phone, caller_email, address, summary, missed, created_at, updated_at)
     VALUES (@id, @business_id, @channel, @priority, @caller_name, @caller_phone, @caller_email, @address, @summary, @missed, @now, @now)`,
  );
  const upsertAnswer = db.prepare(
    `INSERT INTO lead_answers (lead_id, field, question_id, value, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (lead_id, field) DO UPDATE SET value = excluded.value, question_id = excluded.question_id, updated_at = excluded.updated_at`,
  );
  const insertTurn = db.prepare(
    `INSERT INTO turns (lead_id, channel, call_id, chat_id, role, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const markTurn = db.prepare<[string, string | null, number]>('UPDATE turns SET priority = ?, intent = ? WHERE id = ?');
  const insertEntity = db.prepare(
    `INSERT INTO entities (lead_id, turn_id, type, value, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (lead_id, type, value) DO NOTHING`,
  );
  const answersOf = db.prepare<[string], { field: string; question_id: string | null; question: string | null; value: string; updated_at: string }>(
    `SELECT a.field, a.question_id, q.text AS question, a.value, a.updated_at
     FROM lead_answers a LEFT JOIN questions q ON q.id = a.question_id WHERE a.lead_id = ?
     ORDER BY coalesce(q.position, 1e9), a.updated_at`,
  );
  const entitiesOf = db.prepare('SELECT id, turn_id AS turnId, type, value, text, created_at AS createdAt FROM entities WHERE lead_id = ? ORDER BY id');
  const turnsOf = db.prepare(
    `SELECT id, channel, call_id AS callId, chat_id AS chatId, role, text, priority, intent, created_at AS createdAt
     FROM turns WHERE lead_id = ? ORDER BY id`,
  );
  // Every alert step of the lead (server/alerts) with each attempt: when, what the provider said.
  const alertsOf = db.prepare<[string], LeadDetail['alerts'][number] & { attemptLog: string }>(
    `SELECT id, chain_id AS chainId, channel, target, purpose, round, status, attempts, provider_id AS providerId, error, delivery,
       due_at AS dueAt, sent_at AS sentAt, created_at AS createdAt, updated_at AS updatedAt,
       (SELECT json_group_array(json_object('attempt', attempt, 'startedAt', started_at, 'finishedAt', finished_at, 'outcome', outcome,
          'providerId', provider_id, 'error', error, 'upstreamStatus', upstream_status))
        FROM (SELECT * FROM alert_attempts WHERE alert_id = alerts.id ORDER BY attempt)) AS attemptLog
     FROM alerts WHERE lead_id = ? ORDER BY id`,
  );
  const callsOf = db.prepare(
    `SELECT id, from_number AS fromNumber, to_number AS toNumber, status, mode, started_at AS startedAt, ended_at AS endedAt,
       duration_seconds AS durationSeconds, summary FROM calls WHERE lead_id = ? ORDER BY started_at`,
  );
  const chatsOf = db.prepare(
    'SELECT id, origin, status, started_at AS startedAt, ended_at AS endedAt FROM chats WHERE lead_id = ? ORDER BY started_at',
  );

  function row(id: string): LeadRow {
    const found = byId.get(id);
    if (!found) throw new NotFound(`Lead ${id}`);
    return found;
  }

  const updates = new Map<string, Statement>();
  /** One UPDATE of the given columns (statements cached per column set); returns the new updated_at. */
  function writeColumns(id: string, changes: Partial<LeadRow>): string {
    const keys = Object.keys(changes);
    const sql = `UPDATE leads SET ${[...keys, 'updated_at'].map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`;
    let statement = updates.get(sql);
    if (!statement) updates.set(sql, (statement = db.prepare(sql)));
    const now = isoNow(clock);
    statement.run({ ...changes, updated_at: now, id });
    return now;
  }

  /** Validates an answer for its question (or a standard field) and stores it; returns the lead columns it fills. */
  function storeAnswer(current: LeadRow, field: string, raw: string): { value: string; changes: Partial<LeadRow> } {
    const question = questions.list(current.business_id).find((q) => q.field === field);
    const kind = question?.kind ?? standardFields[field];
    if (!kind) {
      const known = [...new Set([...questions.active(current.business_id).map((q) => q.field), ...Object.keys(standardFields)])];
      throw new ValidationFailed(`Unknown field "${field}"; expected one of: ${known.join(', ')}`);
    }
    const value = normaliseAnswer(field, kind, raw, question?.choices);
    upsertAnswer.run(current.id, field, question?.id ?? null, value, isoNow(clock));
    const column = field === 'name' ? 'caller_name' : columnForKind[kind];
    return { value, changes: column ? { [column]: value } : {} };
  }

  /** Records an entity as the answer to the business's question of that kind, if it has one still unanswered. */
  function answerFromEntity(current: LeadRow, kind: 'phone' | 'email', value: string): void {
    const question = questions.active(current.business_id).find((q) => q.kind === kind);
    if (!question || answersOf.all(current.id).some((a) => a.field === question.field)) return;
    try {
      upsertAnswer.run(current.id, question.field, question.id, normaliseAnswer(question.field, kind, value), isoNow(clock));
    } catch {
      /* an entity the question would not accept stays an entity only */
    }
  }

  /** Writes the changed columns and tells subscribers; one statement, one commit. */
  function change(current: LeadRow, changes: Partial<LeadRow>): Lead {
    const keys = Object.keys(changes).filter((k) => changes[k as keyof LeadRow] !== current[k as keyof LeadRow]);
    if (keys.length === 0) return toLead(current);
    const now = writeColumns(current.id, pick(changes, keys));
    const lead = toLead({ ...current, ...changes, updated_at: now });
    bus.publish('lead.updated', { lead, changes: keys.map(camel), previousPriority: current.priority });
    return lead;
  }

  const applyAnalysis = db.transaction((leadId: string, turnId: number | undefined, analysis: TurnAnalysis): Lead => {
    const current = row(leadId);
    const now = isoNow(clock);
    for (const entity of analysis.entities) {
      insertEntity.run(leadId, turnId ?? null, entity.type, entity.value, entity.text ?? null, now);
    }
    if (turnId !== undefined) markTurn.run(analysis.priority, analysis.intent ?? null, turnId);
    const changes: Partial<LeadRow> = {};
    // The caller's contact details fill the lead at once (an alert can name the address), and a phone or an
    // email, which normalise to the same value whoever writes them down, answer the matching question too.
    // An address is answered in the customer's own words (with the city, the gate code), and names are left
    // to the conversation: "the estimate Chris sent" names the business's staff, not the caller.
    for (const type of ['phone', 'email', 'address'] as const) {
      const value = analysis.entities.find((e) => e.type === type)?.value;
      const column = columnForKind[type]!;
      if (!value || current[column]) continue;
      Object.assign(changes, { [column]: value });
      if (type !== 'address') answerFromEntity(current, type, value);
    }
    if (!current.intent && analysis.intent && analysis.intent !== 'other') changes.intent = analysis.intent;
    if (current.priority_set_by === 'system' && rank[analysis.priority] > rank[current.priority]) {
      changes.priority = analysis.priority;
      changes.priority_reasons = JSON.stringify([...new Set([...JSON.parse(current.priority_reasons), ...analysis.reasons])]);
      if (analysis.priority === 'URGENT') {
        changes.emergency = 1;
        changes.emergency_notes = appendNote(current.emergency_notes, analysis.reasons.join('; '));
      }
    }
    return change(current, changes);
  });

  return {
    create(input) {
      businesses.get(input.businessId);
      const id = randomUUID();
      db.transaction(() => {
        insertLead.run({
          id,
          business_id: input.businessId,
          channel: input.channel,
          priority: input.priority ?? 'NORMAL',
          caller_name: input.callerName ?? null,
          caller_phone: input.callerPhone ?? null,
          caller_email: input.callerEmail ?? null,
          address: input.address ?? null,
          summary: input.summary ?? null,
          missed: input.missed ? 1 : 0,
          now: isoNow(clock),
        });
        for (const [field, value] of Object.entries(input.answers ?? {})) {
          const changes = storeAnswer(row(id), field, value).changes;
          if (Object.keys(changes).length) writeColumns(id, changes);
        }
      })();
      const lead = toLead(row(id));
      bus.publish('lead.created', { lead });
      return lead;
    },
    get: (id) => toLead(row(id)),
    detail(id) {
      const lead = toLead(row(id));
      return {
        ...lead,
        answers: answersOf.all(id).map((a) => ({
          field: a.field,
          questionId: a.question_id,
          question: a.question,
          value: a.value,
          updatedAt: a.updated_at,
        })),
        entities: entitiesOf.all(id) as LeadDetail['entities'],
        turns: turnsOf.all(id) as LeadDetail['turns'],
        alerts: alertsOf.all(id).map((a) => ({ ...a, attemptLog: JSON.parse(a.attemptLog) as LeadDetail['alerts'][number]['attemptLog'] })),
        calls: callsOf.all(id) as LeadDetail['calls'],
        chats: chatsOf.all(id) as LeadDetail['chats'],
      };
    },
    list(filter) {
      const { where, params } = buildLeadQuery(filter);
      const total = (db.prepare(`SELECT count(*) AS n FROM leads ${where}`).get(params) as { n: number }).n;
      const items = db
        .prepare<Record<string, unknown>, LeadRow>(`SELECT * FROM leads ${where} ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: filter.limit ?? 50, offset: filter.offset ?? 0 })
        .map(toLead);
      return { items, total };
    },
    *exportRows(filter) {
      // Page by page (keyset), never an open cursor: the one connection must stay free for lead writes while
      // the owner's download is slow, or abandoned half-way.
      const { where, params } = buildLeadQuery(filter);
      const page = db.prepare<Record<string, unknown>, LeadRow & { answers: string | null; page_rowid: number }>(
        `SELECT leads.rowid AS page_rowid, leads.*,
           (SELECT group_concat(field || ': ' || value, '; ') FROM lead_answers WHERE lead_id = leads.id) AS answers
         FROM leads ${where ? `${where} AND` : 'WHERE'} (created_at, leads.rowid) > (@afterAt, @afterRowid)
         ORDER BY created_at, leads.rowid LIMIT ${exportPageSize}`,
      );
      let after = { afterAt: '', afterRowid: 0 };
      for (;;) {
        const rows = page.all({ ...params, ...after });
        for (const { page_rowid: _rowid, ...r } of rows) yield { ...toLead(r), answers: r.answers ?? '' };
        if (rows.length < exportPageSize) return;
        const last = rows[rows.length - 1]!;
        after = { afterAt: last.created_at, afterRowid: last.page_rowid };
      }
    },
    recordField: db.transaction((leadId: string, field: string, raw: string) => {
      const current = row(leadId);
      const { value, changes } = storeAnswer(current, field, raw);
      const lead = Object.keys(changes).length ? change(current, changes) : touch(current, field);
      return { lead, field, value };
    }),
    addTurn(leadId, turn) {
      row(leadId);
      const createdAt = isoNow(clock);
      const info = insertTurn.run(leadId, turn.channel, turn.callId ?? null, turn.chatId ?? null, turn.role, turn.text, createdAt);
      return { ...turn, id: Number(info.lastInsertRowid), leadId, createdAt };
    },
    applyAnalysis: (leadId, turnId, analysis) => applyAnalysis(leadId, turnId, analysis),
    flagEmergency: db.transaction((leadId: string, reason: string) => {
      const current = row(leadId);
      const changes: Partial<LeadRow> = { emergency: 1, emergency_notes: appendNote(current.emergency_notes, reason) };
      if (current.priority_set_by === 'system') {
        changes.priority = 'URGENT';
        changes.priority_reasons = JSON.stringify([...new Set([...JSON.parse(current.priority_reasons), reason])]);
      }
      return change(current, changes);
    }),
    setSummary: (leadId, summary) => change(row(leadId), { summary }),
    updateByOwner(leadId, patch) {
      const changes: Partial<LeadRow> = {};
      if (patch.status) changes.status = patch.status;
      if (patch.priority) Object.assign(changes, { priority: patch.priority, priority_set_by: 'owner', emergency: patch.priority === 'URGENT' ? 1 : 0 });
      return change(row(leadId), changes);
    },
  };

  /** An answer that fills no lead column still changes the lead: say so to subscribers. */
  function touch(current: LeadRow, field: string): Lead {
    const now = writeColumns(current.id, {});
    const lead = toLead({ ...current, updated_at: now });
    bus.publish('lead.updated', { lead, changes: [`answers.${field}`], previousPriority: current.priority });
    return lead;
  }
}

function appendNote(notes: string | null, note: string): string {
  if (!note) return notes ?? '';
  if (notes?.split('\n').includes(note)) return notes;
  return notes ? `${notes}\n${note}` : note;
}

function pick<T extends object>(object: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, object[k as keyof T]]));
}

function camel(column: string): string {
  return column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}
