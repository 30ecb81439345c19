import type { ConsoleEvent } from './events-client.js';

interface AlertEventData {
  lead?: { id?: string; callerPhone?: string | null; address?: string | null };
  reason?: string;
  businessName?: string;
  /** alert.upgraded: the chain starts its rounds again, and its alert.raised says so itself. */
  rearmed?: boolean;
}

export interface AlertNotice {
  title: string;
  body: string;
}

const titles: Record<string, string> = {
  'alert.raised': 'Emergency',
  // An escalation is an emergency nobody has acknowledged yet: the owner hears about it again.
  'alert.escalated': 'Still unacknowledged: emergency',
  // A new emergency on a lead already alerted (acknowledged or not): the owner hears what is new.
  'alert.upgraded': 'New details: emergency',
};

/** What the tray notification says about an alert event; undefined for the events it does not show. */
export function alertNotice(event: ConsoleEvent): AlertNotice | undefined {
  const title = titles[event.type];
  if (!title) return undefined;
  const data = (event.data ?? {}) as AlertEventData;
  if (event.type === 'alert.upgraded' && data.rearmed) return undefined;
  const body = [data.reason, data.lead?.address, data.lead?.callerPhone].filter(Boolean).join(' · ');
  return { title: `${title}${data.businessName ? ` at ${data.businessName}` : ''}`, body: body || 'A caller needs help now.' };
}
