import type { Channel, LeadStatus, Priority } from './schemas.js';

export interface LeadFilter {
  businessId?: string;
  priorities?: Priority[];
  statuses?: LeadStatus[];
  channel?: Channel;
  emergency?: boolean;
  /** ISO date or date-time; a date alone means from the start of that day (UTC). */
  from?: string;
  /** ISO date or date-time; a date alone includes the whole day. */
  to?: string;
  /** Words searched in the caller's details, the summary, emergency notes and answers. */
  text?: string;
  limit?: number;
  offset?: number;
}

/** The WHERE clause for a filter, with named parameters only (no value is ever spliced into SQL). */
export function buildLeadQuery(filter: LeadFilter): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.businessId) {
    clauses.push('business_id = @businessId');
    params.businessId = filter.businessId;
  }
  if (filter.priorities?.length) {
    clauses.push(`priority IN (${filter.priorities.map((_, i) => `@priority${i}`).join(', ')})`);
    filter.priorities.forEach((p, i) => (params[`priority${i}`] = p));
  }
  if (filter.statuses?.length) {
    clauses.push(`status IN (${filter.statuses.map((_, i) => `@status${i}`).join(', ')})`);
    filter.statuses.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (filter.channel) {
    clauses.push('channel = @channel');
    params.channel = filter.channel;
  }
  if (filter.emergency !== undefined) {
    clauses.push('emergency = @emergency');
    params.emergency = filter.emergency ? 1 : 0;
  }
  if (filter.from) {
    clauses.push('created_at >= @from');
    params.from = new Date(filter.from).toISOString();
  }
  if (filter.to) {
    const end = new Date(filter.to);
    // A bare date includes the whole of that day.
    if (/^\d{4}-\d{2}-\d{2}$/.test(filter.to)) end.setUTCDate(end.getUTCDate() + 1);
    clauses.push(/^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? 'created_at < @to' : 'created_at <= @to');
    params.to = end.toISOString();
  }
  filter.text
    ?.split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .forEach((word, i) => {
      const name = `text${i}`;
      params[name] = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const like = (column: string) => `${column} LIKE @${name} ESCAPE '\\'`;
      clauses.push(
        `(${['caller_name', 'caller_phone', 'caller_email', 'address', 'summary', 'emergency_notes'].map(like).join(' OR ')}` +
          ` OR EXISTS (SELECT 1 FROM lead_answers a WHERE a.lead_id = leads.id AND ${like('a.value')}))`,
      );
    });
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
