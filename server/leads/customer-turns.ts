import type { BusinessService } from '../businesses/service.js';
import { systemClock, type Clock } from '../clock.js';
import type { LeadService, TurnAnalysis, TurnRecord } from './service.js';
import type { Lead } from './lead-row.js';

/** The analyser's shape (server/understanding): what chat and voice need of it, and no more. */
export interface TurnAnalyzer {
  analyze(
    turn: { text: string; channel: 'chat' | 'voice'; at?: string | Date },
    context: {
      industry: string;
      timeZone: string;
      now: string | Date;
      history?: Array<{ text: string; channel: 'chat' | 'voice'; role?: 'customer' | 'agent' }>;
      vocabulary?: { urgent?: string[]; high?: string[] };
    },
  ): TurnAnalysis & { emergency: boolean; intentConfidence?: number };
}

export interface CustomerTurn {
  channel: 'chat' | 'voice';
  text: string;
  callId?: string;
  chatId?: string;
  /** Earlier turns of this conversation, oldest first (an address said two turns ago still counts). */
  history?: Array<{ text: string; role: 'customer' | 'agent' }>;
}

export interface CustomerTurns {
  /**
   * Stores a customer's turn (a chat message or a final voice transcript line), runs the analyser on it and
   * applies the verdict to the lead: entities stored, priority raised. An emergency verdict shows up as a
   * `lead.updated` event with priority URGENT, which starts the alert chain.
   */
  record(leadId: string, turn: CustomerTurn): { turn: TurnRecord; analysis: ReturnType<TurnAnalyzer['analyze']> | undefined; lead: Lead };
}

export function createCustomerTurns({
  leads,
  businesses,
  analyzer,
  clock = systemClock,
}: {
  leads: LeadService;
  businesses: BusinessService;
  /** Without one (a test of the plumbing), turns are stored but not analysed. */
  analyzer: TurnAnalyzer | undefined;
  clock?: Clock;
}): CustomerTurns {
  return {
    record(leadId, input) {
      const stored = leads.addTurn(leadId, { channel: input.channel, role: 'customer', text: input.text, callId: input.callId, chatId: input.chatId });
      if (!analyzer) return { turn: stored, analysis: undefined, lead: leads.get(leadId) };
      const lead = leads.get(leadId);
      const business = businesses.get(lead.businessId);
      const analysis = analyzer.analyze(
        { text: input.text, channel: input.channel, at: stored.createdAt },
        {
          industry: business.industry,
          timeZone: business.timezone,
          now: new Date(clock.now()),
          history: input.history?.map((t) => ({ text: t.text, role: t.role, channel: input.channel })),
          vocabulary: business.vocabulary,
        },
      );
      return { turn: stored, analysis, lead: leads.applyAnalysis(leadId, stored.id, analysis) };
    },
  };
}
