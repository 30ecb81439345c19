/**
 * The admin API's shapes. Business, question and lead types come from the server itself (types only), so
 * the console and the API cannot drift apart.
 */
export type { Business, Question } from '../../server/businesses/business';
export type { Lead, LeadDetail } from '../../server/leads/lead-row';
export type { LeadStatus, Priority } from '../../server/leads/schemas';
export type { Plan, PlanFeatures } from '../../server/plans';

export interface Health {
  status: 'healthy' | 'degraded' | 'unhealthy';
  memory: { heapUsed: number; heapTotal: number; heapUsedPercent: number };
  redis: { connected: boolean; reconnectAttempts: number; consecutiveFailures: number };
  sessions: { activeVoiceSessions: number; totalActiveSessions: number; averageSessionDuration: number };
  components: Record<string, { status: string; latencyMs: number | null; [key: string]: unknown }>;
}
