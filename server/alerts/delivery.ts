import type { BusinessService } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { LeadService } from '../leads/service.js';
import type { Db } from '../store/database.js';
import type { Digests } from './digest.js';
import { digestFacts, leadFacts } from './facts.js';
import type { Gate, OutboxHandlers } from './outbox.js';
import type { Senders } from './senders.js';
import type { AlertStore, Step } from './store.js';

/** A lead email waits until nothing has happened on the lead for this long (or the conversation ends)… */
export const quietMs = 10 * 60_000;
/** …but never longer than this after the lead came in. */
const maxWaitMs = 2 * 3_600_000;

export interface DeliveryDeps {
  db: Db;
  store: AlertStore;
  bus: EventBus;
  clock: Clock;
  businesses: BusinessService;
  leads: LeadService;
  senders: Senders;
  digests: Digests;
}

/** What the outbox runner does with each step: whether it goes, how it is sent, and what follows. */
export function createDeliveryHandlers({ db, store, bus, clock, businesses, leads, senders, digests }: DeliveryDeps): OutboxHandlers {
  const lastTurnAt = db.prepare<[string], { at: string | null }>('SELECT max(created_at) AS at FROM turns WHERE lead_id = ?');

  function gate(step: Step): Gate {
    const business = businesses.find(step.businessId);
    if (!business) return { drop: 'cancelled', reason: 'the business no longer exists' };
    if (step.purpose === 'digest') {
      if (!business.alerts.dailyDigest || !business.alerts.email) return { drop: 'cancelled', reason: 'the daily digest was turned off' };
      if (digests.leadIds(business.id, window(step)).length === 0) return { drop: 'skipped', reason: 'no new leads' };
      return { go: true };
    }
    const chain = step.chainId ? store.chain(step.chainId) : undefined;
    // Acknowledging cancels what was planned; an update planned since carries news the owner has not had yet.
    if (chain?.status === 'acknowledged' && step.purpose !== 'update') return { drop: 'cancelled', reason: `acknowledged by ${chain.acknowledgedVia}` };
    if (step.purpose === 'lead' && chain?.kind === 'emergency') return { drop: 'cancelled', reason: 'superseded by the emergency alert' };
    if (step.purpose === 'lead' && step.payload.waitQuiet && step.leadId) {
      const lead = leads.get(step.leadId);
      const now = clock.now();
      const last = Math.max(Date.parse(lead.updatedAt), Date.parse(lastTurnAt.get(lead.id)?.at ?? lead.createdAt));
      const latest = Date.parse(lead.createdAt) + maxWaitMs;
      if (now - last < quietMs && now < latest) {
        return { postpone: new Date(Math.min(last + quietMs, latest)).toISOString(), payload: step.payload };
      }
    }
    return { go: true };
  }

  async function deliver(step: Step): Promise<{ providerId: string | null }> {
    const business = businesses.get(step.businessId);
    if (step.purpose === 'digest') {
      const span = window(step);
      const details = digests.leadIds(business.id, span).map((id) => leads.detail(id));
      return senders.email(step, business, 'digest', digestFacts(business, details, span));
    }
    const lead = leads.detail(step.leadId!);
    const facts = leadFacts(business, lead, { purpose: step.purpose, round: step.round, toBackup: step.payload.backup });
    switch (step.channel) {
      case 'desktop': {
        // The tray and the console banner read `lead`, `reason` and `businessName`.
        const type = step.purpose === 'emergency' ? 'alert.raised' : 'alert.escalated';
        const { answers: _a, entities: _e, turns: _t, alerts: _al, calls: _c, chats: _ch, ...summary } = lead;
        const event = bus.publish(type, { chainId: step.chainId, leadId: lead.id, businessId: business.id, businessName: business.name, reason: facts.reason, round: step.round, lead: summary });
        const chain = step.chainId ? store.chain(step.chainId) : undefined;
        if (chain && step.round > chain.round) store.updateChain(chain.id, { round: step.round });
        return { providerId: event.id };
      }
      case 'call':
        return senders.call(step, business, facts);
      case 'sms':
        return senders.sms(step, business, facts);
      case 'email':
        return senders.email(step, business, step.purpose === 'lead' ? 'lead' : 'emergency', facts);
    }
  }

  function settled(step: Step, outcome: Parameters<OutboxHandlers['settled']>[1]): void {
    const about = { alertId: step.id, chainId: step.chainId, leadId: step.leadId, businessId: step.businessId, channel: step.channel, target: step.target, purpose: step.purpose, round: step.round };
    if (outcome.status === 'sent') bus.publish('alert.sent', { ...about, attempt: outcome.attempt, providerId: outcome.providerId });
    if (outcome.status === 'retrying') bus.publish('alert.failed', { ...about, attempt: outcome.attempt, error: outcome.error, retrying: true, retryAt: outcome.retryAt });
    if (outcome.status === 'failed') bus.publish('alert.failed', { ...about, attempt: outcome.attempt, error: outcome.error, retrying: false });
    if (step.purpose === 'digest' && outcome.status !== 'retrying') {
      const business = businesses.find(step.businessId);
      if (business) digests.ensure(business);
    }
    if (step.chainId && outcome.status !== 'retrying') finishIfDone(step.chainId);
  }

  /** A chain with nothing left to send: a lead email is done; an emergency nobody acknowledged is exhausted. */
  function finishIfDone(chainId: string): void {
    const chain = store.chain(chainId);
    if (!chain || chain.status !== 'active' || store.openStepsOfChain(chainId) > 0) return;
    store.updateChain(chainId, { status: chain.kind === 'lead' ? 'done' : 'exhausted' });
    if (chain.kind === 'emergency') bus.publish('alert.exhausted', { chainId, leadId: chain.leadId, businessId: chain.businessId });
  }

  return { gate, deliver, settled };
}

function window(step: Step): { from: string; to: string } {
  return { from: step.payload.from ?? step.dueAt, to: step.payload.to ?? step.dueAt };
}
