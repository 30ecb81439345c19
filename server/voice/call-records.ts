import { isoNow, systemClock, type Clock } from '../clock.js';
import type { Db } from '../store/database.js';

/** One row of `calls` (0001): the CallSid is the id. */
export interface CallRecord {
  id: string;
  businessId: string;
  leadId: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  status: string;
  mode: CallMode;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  summary: string | null;
}

export type CallMode = 'realtime' | 'fallback' | 'missed';

export interface CallRecords {
  /** Written when the call is answered (or placed), before the agent says a word. A second start keeps the first row. */
  start(call: { callSid: string; businessId: string; leadId: string; from: string | null; to: string | null; status: string; mode: CallMode }): void;
  get(callSid: string): CallRecord | undefined;
  setStatus(callSid: string, status: string, mode?: CallMode): void;
  /** Ends the call once: returns the finished record the first time, undefined after. */
  finish(callSid: string, end: { status: string; summary: string | null; durationSeconds?: number }): CallRecord | undefined;
  /** Twilio's own duration (status callback) is the authoritative one. */
  setDuration(callSid: string, durationSeconds: number): void;
}

interface CallRow {
  id: string;
  business_id: string;
  lead_id: string | null;
  from_number: string | null;
  to_number: string | null;
  status: string;
  mode: CallMode;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number | null;
  summary: string | null;
}

export function createCallRecords({ db, clock = systemClock }: { db: Db; clock?: Clock }): CallRecords {
  const insert = db.prepare(
    `INSERT INTO calls (id, business_id, lead_id, from_number, to_number, status, mode, started_at)
     VALUES (@id, @business_id, @lead_id, @from_number, @to_number, @status, @mode, @started_at)
     ON CONFLICT (id) DO NOTHING`,
  );
  const byId = db.prepare<[string], CallRow>('SELECT * FROM calls WHERE id = ?');
  const status = db.prepare<[string, string, string]>('UPDATE calls SET status = ?, mode = ? WHERE id = ? AND ended_at IS NULL');
  const end = db.prepare<[string, string, number, string | null, string]>(
    'UPDATE calls SET status = ?, ended_at = ?, duration_seconds = ?, summary = ? WHERE id = ? AND ended_at IS NULL',
  );
  const duration = db.prepare<[number, string]>('UPDATE calls SET duration_seconds = ? WHERE id = ?');

  const get = (callSid: string) => {
    const row = byId.get(callSid);
    return row && toRecord(row);
  };

  return {
    start(call) {
      insert.run({
        id: call.callSid,
        business_id: call.businessId,
        lead_id: call.leadId,
        from_number: call.from,
        to_number: call.to,
        status: call.status,
        mode: call.mode,
        started_at: isoNow(clock),
      });
    },
    get,
    setStatus(callSid, next, mode) {
      const current = byId.get(callSid);
      if (current) status.run(next, mode ?? current.mode, callSid);
    },
    finish(callSid, { status: finalStatus, summary, durationSeconds }) {
      const current = byId.get(callSid);
      if (!current || current.ended_at) return undefined;
      const now = clock.now();
      const seconds = durationSeconds ?? Math.max(0, Math.round((now - Date.parse(current.started_at)) / 1000));
      const changed = end.run(finalStatus, new Date(now).toISOString(), seconds, summary, callSid).changes;
      return changed ? get(callSid) : undefined;
    },
    setDuration(callSid, seconds) {
      duration.run(seconds, callSid);
    },
  };
}

function toRecord(row: CallRow): CallRecord {
  return {
    id: row.id,
    businessId: row.business_id,
    leadId: row.lead_id,
    fromNumber: row.from_number,
    toNumber: row.to_number,
    status: row.status,
    mode: row.mode,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationSeconds: row.duration_seconds,
    summary: row.summary,
  };
}
