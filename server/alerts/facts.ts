import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Business } from '../businesses/service.js';
import type { LeadDetail } from '../leads/service.js';
import { localLabel } from './local-time.js';
import type { StepPurpose } from './store.js';

/**
 * What a template can say about a lead: the view every call, SMS and email template is rendered with.
 * Values are plain text; the template's format decides the escaping (see templates.ts).
 */
export interface LeadFacts {
  businessName: string;
  leadId: string;
  emergency: boolean;
  priority: string;
  urgent: boolean;
  high: boolean;
  /** What is wrong, in one line: the emergency notes, else the priority reasons, else the summary. */
  reason: string;
  reasons: string[];
  callerName: string | null;
  /** As a person writes it in the caller's country: (512) 555-0148. */
  callerPhone: string | null;
  callerPhoneE164: string | null;
  /** The number in its natural groups, for `<say-as interpret-as="digits">` with a pause between groups. */
  callerDigitGroups: Array<{ digits: string }>;
  callerEmail: string | null;
  address: string | null;
  summary: string | null;
  channel: string;
  channelLabel: string;
  viaPhone: boolean;
  viaChat: boolean;
  answers: Array<{ question: string; value: string }>;
  createdAt: string;
  /** BASIC and PRO: formatted, priority-marked email; FREE: the basic lead alert. */
  formatted: boolean;
  escalation: boolean;
  repeat: boolean;
  update: boolean;
  round: number;
  /** This message goes to the backup contact, not the owner. */
  toBackup: boolean;
  /** The owner can acknowledge by replying OK to the business's number. */
  canReplyOk: boolean;
}

export interface DigestFacts {
  businessName: string;
  formatted: boolean;
  from: string;
  to: string;
  count: number;
  emergencies: number;
  leads: Array<Pick<LeadFacts, 'leadId' | 'callerName' | 'callerPhone' | 'priority' | 'urgent' | 'high' | 'emergency' | 'reason' | 'summary' | 'channelLabel' | 'createdAt' | 'address'>>;
}

const channelLabels: Record<string, string> = { voice: 'phone call', chat: 'website chat', manual: 'lead entered by hand' };

export interface StepContext {
  purpose: StepPurpose;
  round: number;
  toBackup?: boolean;
}

export function leadFacts(business: Business, lead: LeadDetail, step: StepContext): LeadFacts {
  const notes = (lead.emergencyNotes ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  const reasons = notes.length ? notes : lead.priorityReasons;
  const reason = clip(reasons.join('; ') || lead.summary || (lead.emergency ? 'an emergency' : 'a new enquiry'), 300);
  const phone = lead.callerPhone ? parsePhoneNumberFromString(lead.callerPhone, 'US') : undefined;
  const national = phone?.formatNational() ?? lead.callerPhone;
  return {
    businessName: business.name,
    leadId: lead.id,
    emergency: lead.emergency,
    priority: lead.priority,
    urgent: lead.priority === 'URGENT',
    high: lead.priority === 'HIGH',
    reason,
    reasons: reasons.map((r) => clip(r, 300)),
    callerName: lead.callerName,
    callerPhone: national ?? null,
    callerPhoneE164: phone?.number ?? lead.callerPhone,
    callerDigitGroups: (national ?? '').split(/\D+/).filter(Boolean).map((digits) => ({ digits })),
    callerEmail: lead.callerEmail,
    address: lead.address ? clip(lead.address, 200) : null,
    summary: lead.summary ? clip(lead.summary, 1000) : null,
    channel: lead.channel,
    channelLabel: channelLabels[lead.channel] ?? lead.channel,
    viaPhone: lead.channel === 'voice',
    viaChat: lead.channel === 'chat',
    answers: lead.answers.map((a) => ({ question: a.question ?? a.field, value: clip(a.value, 500) })),
    createdAt: localLabel(lead.createdAt, business.timezone),
    formatted: business.features.priorityEmail,
    escalation: step.purpose === 'escalation',
    repeat: step.purpose === 'repeat',
    update: step.purpose === 'update',
    round: step.round,
    toBackup: step.toBackup ?? false,
    canReplyOk: business.twilioNumber !== null,
  };
}

export function digestFacts(business: Business, leads: LeadDetail[], window: { from: string; to: string }): DigestFacts {
  const items = leads.map((lead) => {
    const facts = leadFacts(business, lead, { purpose: 'digest', round: 0 });
    return {
      leadId: facts.leadId,
      callerName: facts.callerName,
      callerPhone: facts.callerPhone,
      priority: facts.priority,
      urgent: facts.urgent,
      high: facts.high,
      emergency: facts.emergency,
      reason: facts.reason,
      summary: facts.summary,
      channelLabel: facts.channelLabel,
      createdAt: facts.createdAt,
      address: facts.address,
    };
  });
  return {
    businessName: business.name,
    formatted: business.features.priorityEmail,
    from: localLabel(window.from, business.timezone),
    to: localLabel(window.to, business.timezone),
    count: items.length,
    emergencies: items.filter((i) => i.emergency).length,
    leads: items,
  };
}

/** A made-up lead for previews in the console, so a template can be seen before any real lead exists. */
export function sampleLead(business: Business, createdAt: string): LeadDetail {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    businessId: business.id,
    channel: 'voice',
    status: 'new',
    priority: 'URGENT',
    prioritySetBy: 'system',
    priorityReasons: ['burst pipe'],
    emergency: true,
    emergencyNotes: 'burst pipe, water coming through the kitchen ceiling',
    intent: 'emergency',
    callerName: 'Jordan Rivera',
    callerPhone: '+15125550148',
    callerEmail: 'jordan@example.com',
    address: '1420 Oak Street',
    summary: 'Burst pipe upstairs; water coming through the kitchen ceiling. Main valve not found yet.',
    missed: false,
    createdAt,
    updatedAt: createdAt,
    answers: [
      { field: 'name', questionId: null, question: 'What is your name?', value: 'Jordan Rivera', updatedAt: createdAt },
      { field: 'address', questionId: null, question: 'What is the address of the property?', value: '1420 Oak Street', updatedAt: createdAt },
    ],
    entities: [],
    turns: [],
    alerts: [],
    calls: [],
    chats: [],
  };
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
