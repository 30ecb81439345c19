import type { EventBus } from '../events/bus.js';
import type { CustomerTurns } from '../leads/customer-turns.js';
import type { Lead, LeadDetail, LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { Clock } from '../clock.js';
import type { CallMode, CallRecords } from './call-records.js';

/**
 * Everything that happens on a call, written where it belongs at the moment it happens: turns, answers and
 * the emergency flag on the lead in SQLite (no lead waits for the hang-up), the call row, the live session,
 * and a `call.*` event on the bus for the console's live monitor.
 */
export interface CallJournal {
  started(call: { callSid: string; businessId: string; leadId: string; from: string | null; to: string | null; mode: CallMode; status: string }): void;
  /** A final caller turn: stored, analysed (priority, entities), published. Returns the analyser's emergency verdict. */
  callerSaid(call: CallRef, text: string): { emergency: boolean; reasons: string[] };
  agentSaid(call: CallRef, text: string): void;
  /** Validated and written at once; throws ValidationFailed with a message the agent can read back. */
  fieldRecorded(call: CallRef, field: string, value: string): { field: string; value: string };
  emergency(call: CallRef, reason: string): Lead;
  /** The call is over: record finished once (duration, status, summary), session released, `call.ended` published. */
  ended(call: CallRef, status: string, durationSeconds?: number): void;
}

export interface CallRef {
  callSid: string;
  leadId: string;
}

const historyTurns = 8;

export function createCallJournal({
  bus,
  leads,
  customerTurns,
  sessions,
  calls,
  log,
  clock,
}: {
  bus: EventBus;
  leads: LeadService;
  customerTurns: CustomerTurns;
  sessions: SessionStore;
  calls: CallRecords;
  log: Logger;
  clock: Clock;
}): CallJournal {
  /** Session writes are best effort: a store hiccup must never cost the caller their call. */
  const session = (what: string, write: () => Promise<unknown>) => write().catch((error: Error) => log.warn({ err: error, what }, 'session store write failed'));

  function history(leadId: string, callSid: string): Array<{ text: string; role: 'customer' | 'agent' }> {
    return leads
      .detail(leadId)
      .turns.filter((t) => t.callId === callSid && t.role !== 'system')
      .slice(-historyTurns)
      .map((t) => ({ text: t.text, role: t.role as 'customer' | 'agent' }));
  }

  return {
    started(call) {
      calls.start({ ...call });
      bus.publish('call.started', { callSid: call.callSid, businessId: call.businessId, leadId: call.leadId, from: call.from, to: call.to, mode: call.mode });
    },
    callerSaid({ callSid, leadId }, text) {
      const earlier = history(leadId, callSid);
      const { turn, analysis } = customerTurns.record(leadId, { channel: 'voice', text, callId: callSid, history: earlier });
      bus.publish('call.turn', { callSid, leadId, role: 'customer', text, turnId: turn.id });
      void session('caller turn', () => sessions.appendTurn(callSid, { role: 'customer', text, at: clock.now() }));
      return { emergency: analysis?.emergency ?? false, reasons: analysis?.reasons ?? [] };
    },
    agentSaid({ callSid, leadId }, text) {
      const turn = leads.addTurn(leadId, { channel: 'voice', role: 'agent', text, callId: callSid });
      bus.publish('call.turn', { callSid, leadId, role: 'agent', text, turnId: turn.id });
      void session('agent turn', () => sessions.appendTurn(callSid, { role: 'agent', text, at: clock.now() }));
    },
    fieldRecorded({ callSid, leadId }, field, value) {
      const stored = leads.recordField(leadId, field, value);
      bus.publish('call.lead', { callSid, leadId, field: stored.field, value: stored.value });
      return { field: stored.field, value: stored.value };
    },
    emergency({ callSid, leadId }, reason) {
      const lead = leads.flagEmergency(leadId, reason);
      bus.publish('call.lead', { callSid, leadId, field: 'emergency', value: reason });
      return lead;
    },
    ended({ callSid, leadId }, status, durationSeconds) {
      const detail = leads.detail(leadId);
      const summary = summarise(detail, callSid);
      const record = calls.finish(callSid, { status, summary, durationSeconds });
      if (!record) return;
      if (!detail.summary) leads.setSummary(leadId, summary);
      void session('end', () => sessions.end(callSid));
      bus.publish('call.ended', { callSid, leadId, status: record.status, durationSeconds: record.durationSeconds, summary });
    },
  };
}

/** A short, factual summary of the call from what the lead holds (no model needed, nothing invented). */
export function summarise(lead: LeadDetail, callSid: string): string {
  const answers = new Map(lead.answers.map((a) => [a.field, a.value]));
  const firstWords = lead.turns.find((t) => t.callId === callSid && t.role === 'customer')?.text;
  const about = answers.get('issue') ?? firstWords;
  const who = [lead.callerName, lead.callerPhone].filter(Boolean).join(', ');
  const parts = [
    lead.emergency ? `EMERGENCY${lead.emergencyNotes ? ` (${lead.emergencyNotes.split('\n')[0]})` : ''}.` : '',
    about ? `${clip(about, 140)}.` : 'Caller did not say what they needed.',
    who ? `Caller: ${who}.` : '',
    lead.address ? `Address: ${lead.address}.` : '',
    `${lead.answers.length} answer${lead.answers.length === 1 ? '' : 's'} recorded.`,
  ];
  return clip(parts.filter(Boolean).join(' ').replace(/\.\./g, '.'), 400);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
