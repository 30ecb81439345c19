import type { Channel, LeadStatus, Priority } from './schemas.js';

export interface LeadRow {
  id: string;
  business_id: string;
  channel: Channel;
  status: LeadStatus;
  priority: Priority;
  priority_set_by: 'system' | 'owner';
  priority_reasons: string;
  emergency: number;
  emergency_notes: string | null;
  intent: string | null;
  caller_name: string | null;
  caller_phone: string | null;
  caller_email: string | null;
  address: string | null;
  summary: string | null;
  missed: number;
  created_at: string;
  updated_at: string;
}

export interface Lead {
  id: string;
  businessId: string;
  channel: Channel;
  status: LeadStatus;
  priority: Priority;
  prioritySetBy: 'system' | 'owner';
  priorityReasons: string[];
  emergency: boolean;
  emergencyNotes: string | null;
  intent: string | null;
  callerName: string | null;
  callerPhone: string | null;
  callerEmail: string | null;
  address: string | null;
  summary: string | null;
  missed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LeadDetail extends Lead {
  answers: Array<{ field: string; questionId: string | null; question: string | null; value: string; updatedAt: string }>;
  entities: Array<{ id: number; turnId: number | null; type: string; value: string; text: string | null; createdAt: string }>;
  turns: Array<{
    id: number;
    channel: 'voice' | 'chat';
    callId: string | null;
    chatId: string | null;
    role: 'customer' | 'agent' | 'system';
    text: string;
    priority: Priority | null;
    intent: string | null;
    createdAt: string;
  }>;
  /** The lead's alert steps (server/alerts): one per planned notification, each with every attempt. */
  alerts: Array<{
    id: number;
    chainId: string | null;
    channel: string;
    target: string | null;
    /** emergency, escalation, repeat, update, lead */
    purpose: string;
    round: number;
    /** planned, sending, sent, failed, cancelled, skipped */
    status: string;
    attempts: number;
    providerId: string | null;
    error: string | null;
    /** What the provider reported afterwards: completed, no-answer, busy, delivered… */
    delivery: string | null;
    dueAt: string;
    sentAt: string | null;
    createdAt: string;
    updatedAt: string;
    attemptLog: Array<{
      attempt: number;
      startedAt: string;
      finishedAt: string | null;
      outcome: 'pending' | 'sent' | 'retrying' | 'failed' | 'interrupted';
      providerId: string | null;
      error: string | null;
      upstreamStatus: number | null;
    }>;
  }>;
  calls: Array<{
    id: string;
    fromNumber: string | null;
    toNumber: string | null;
    status: string;
    mode: string;
    startedAt: string;
    endedAt: string | null;
    durationSeconds: number | null;
    summary: string | null;
  }>;
  chats: Array<{ id: string; origin: string | null; status: string; startedAt: string; endedAt: string | null }>;
}

export function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    businessId: row.business_id,
    channel: row.channel,
    status: row.status,
    priority: row.priority,
    prioritySetBy: row.priority_set_by,
    priorityReasons: JSON.parse(row.priority_reasons) as string[],
    emergency: row.emergency === 1,
    emergencyNotes: row.emergency_notes,
    intent: row.intent,
    callerName: row.caller_name,
    callerPhone: row.caller_phone,
    callerEmail: row.caller_email,
    address: row.address,
    summary: row.summary,
    missed: row.missed === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
