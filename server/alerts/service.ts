import type { Business, BusinessService } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Conflict, NotFound } from '../errors.js';
import type { BusEvent, EventBus } from '../events/bus.js';
import type { Lead, LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Db } from '../store/database.js';
import type { TwilioRest } from '../twilio/rest-client.js';
import { createDeliveryHandlers, quietMs } from './delivery.js';
import { createDigests } from './digest.js';
import { createMailer, type Mailer } from './mailer.js';
import { createOutbox } from './outbox.js';
import { planEmergency, planLeadEmail, planUpdate, type PlannedStep } from './plan.js';
import { createPreviews, type Previews } from './preview.js';
import { createResponders, type ConnectOwnerToCall, type Responders } from './responders.js';
import { createSenders } from './senders.js';
import { createAlertStore, type AckVia, type Attempt, type Chain, type ChainFilter, type Step } from './store.js';
import { createTemplates, type Templates } from './templates.js';
import { emergencyReasons, freshReasons } from './reasons.js';

export type { ConnectOwnerToCall } from './responders.js';
export { emergencyReasons } from './reasons.js';

export interface StepView extends Step {
  attemptLog: Attempt[];
}
export interface ChainView extends Chain {
  steps: StepView[];
}

export interface AlertsDeps {
  config: Config;
  db: Db;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  businesses: BusinessService;
  leads: LeadService;
  twilio: TwilioRest;
  secrets: SecretStore;
  publicUrl: () => string | undefined;
  /** From the voice service (server/voice) when there is one; without it, "press 1" only acknowledges. */
  connectOwnerToCall?: ConnectOwnerToCall;
  mailer?: Mailer;
}

export interface Alerts extends Responders, Previews {
  acknowledge(chainId: string, via: AckVia, by?: string | null): ChainView;
  chain(id: string): ChainView;
  list(filter: ChainFilter): Chain[];
  templates: Templates;
  /** Sends what is due now and waits for it (tests drive escalation this way with a fake clock). */
  runDue(): Promise<void>;
  /** Waits for the sends in flight. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** New facts on a running chain are gathered for a minute, so a flurry of them becomes one SMS… */
const updateDelayMs = 60_000;
/** …and a chain sends at most one update in this long, each with everything new since the last. */
const updateGapMs = 5 * 60_000;

/**
 * The alert chains. Every emergency verdict (the analyser's or the model's) reaches us as a `lead.updated`
 * event (see isEmergencyVerdict); a lead may also be created URGENT. Each lead has at most one chain: a lead
 * notification (one email) that an emergency upgrades in place. Steps are rows before they are attempted
 * (store.ts), sent by the outbox runner (outbox.ts), and resumed when the server starts again.
 */
export function createAlerts(deps: AlertsDeps): Alerts {
  const { db, bus, clock, log, businesses, leads } = deps;
  const store = createAlertStore({ db, clock });
  const templates = createTemplates({ dataDir: deps.config.dataDir, log });
  const mailer = deps.mailer ?? createMailer({ config: deps.config, secrets: deps.secrets });
  const senders = createSenders({ twilio: deps.twilio, mailer, templates, publicUrl: deps.publicUrl });
  const digests = createDigests({ db, store, clock, canEmail: Boolean(deps.config.smtpUrl) });
  const handlers = createDeliveryHandlers({ db, store, bus, clock, businesses, leads, senders, digests });
  const outbox = createOutbox({ store, clock, log, handlers });

  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = (chain: Chain, planned: PlannedStep[]) =>
    store.addSteps(planned.map((p) => ({ ...p, dueAt: iso(p.dueAt), businessId: chain.businessId, leadId: chain.leadId, chainId: chain.id })));

  /** Starts the lead's emergency chain, upgrades its lead notification to one, or adds new facts to it. */
  const onEmergency = db.transaction((lead: Lead) => {
    const business = businesses.get(lead.businessId);
    const reasons = emergencyReasons(lead);
    const existing = store.chainOfLead(lead.id);
    const now = clock.now();
    if (!existing || existing.kind === 'lead') {
      let chain: Chain;
      if (existing) {
        // Priority rose during the conversation: the same chain, now an emergency. Its pending email is
        // replaced by the emergency one.
        store.cancelPlannedOfChain(existing.id, 'superseded by the emergency alert');
        chain = store.updateChain(existing.id, { kind: 'emergency', status: 'active', reasons, round: 0 });
      } else {
        chain = store.createChain({ businessId: business.id, leadId: lead.id, kind: 'emergency', reasons });
      }
      rows(chain, planEmergency(business, now));
      log.info({ chainId: chain.id, leadId: lead.id, businessId: business.id }, 'emergency alert chain started');
      return;
    }
    const fresh = freshReasons(business, existing.reasons, reasons, new Date(now));
    if (fresh.length === 0) return; // the same emergency again (or in other words): one chain, nothing new to say
    let chain = store.updateChain(existing.id, { reasons: [...existing.reasons, ...fresh] });
    const rearmed = chain.status === 'exhausted';
    if (rearmed) {
      // Every round went unanswered and now there is more: nobody knows yet, so the rounds start again.
      chain = store.updateChain(chain.id, { status: 'active', round: 0 });
      rows(chain, planEmergency(business, now));
      log.warn({ chainId: chain.id, leadId: lead.id, businessId: business.id }, 'unanswered emergency alert chain re-armed by a new emergency');
    } else {
      // Active or acknowledged: the owner knows of the emergency; they get the new facts by SMS and email.
      planUpdateOnce(chain, business, now);
    }
    const { answers: _a, entities: _e, turns: _t, alerts: _al, calls: _c, chats: _ch, ...summary } = leads.detail(lead.id);
    const upgraded = { chainId: chain.id, leadId: lead.id, businessId: business.id, businessName: business.name, reason: fresh.join('; '), reasons: chain.reasons, newReasons: fresh, status: chain.status, rearmed, lead: summary };
    queueMicrotask(() => bus.publish('alert.upgraded', upgraded));
  });

  /** One update at a time: steps not sent yet read the lead when they go, so they carry the new facts anyway. */
  function planUpdateOnce(chain: Chain, business: Business, now: number): void {
    const steps = store.stepsOfChain(chain.id).filter((s) => s.channel !== 'desktop');
    const pending = steps.some((s) => s.status === 'planned' && (s.purpose === 'update' || s.round === 0));
    if (pending) return;
    const updates = steps.filter((s) => s.purpose === 'update' && s.status !== 'cancelled' && s.status !== 'skipped');
    const lastUpdate = Math.max(-Infinity, ...updates.map((s) => Date.parse(s.dueAt)));
    rows(chain, planUpdate(business, chain.round, Math.max(now + updateDelayMs, lastUpdate + updateGapMs)));
  }

  const onNewLead = db.transaction((lead: Lead) => {
    // Without a mail server there is nothing to send, and no reason to slow every new lead with a write.
    if (!deps.config.smtpUrl) return;
    const business = businesses.get(lead.businessId);
    // The lead that turns the digest on is in it: the window starts at its creation, not a moment after.
    if (business.alerts.dailyDigest) return digests.ensure(business, lead.createdAt);
    if (store.chainOfLead(lead.id)) return;
    // A lead taken by hand is complete; a conversation's lead is emailed when it ends or goes quiet.
    const manual = lead.channel === 'manual';
    const planned = planLeadEmail(business, clock.now() + (manual ? 0 : quietMs), !manual);
    if (planned.length === 0) return;
    rows(store.createChain({ businessId: business.id, leadId: lead.id, kind: 'lead', reasons: [] }), planned);
  });

  function onConversationEnded(leadId: string): void {
    const chain = store.chainOfLead(leadId);
    if (!chain || chain.kind !== 'lead' || chain.status !== 'active') return;
    for (const step of store.stepsOfChain(chain.id)) {
      if (step.status === 'planned' && step.purpose === 'lead') store.postpone(step.id, iso(clock.now()), { ...step.payload, waitQuiet: false });
    }
  }

  function onEvent(event: BusEvent): void {
    const data = event.data as { lead?: Lead; changes?: string[]; leadId?: string };
    switch (event.type) {
      case 'lead.created':
        if (data.lead?.priority === 'URGENT') onEmergency(data.lead);
        else if (data.lead) onNewLead(data.lead);
        break;
      case 'lead.updated':
        if (data.lead && isEmergencyVerdict(data.lead, data.changes ?? [])) onEmergency(data.lead);
        break;
      case 'call.ended':
      case 'chat.ended':
        if (typeof data.leadId === 'string') onConversationEnded(data.leadId);
        break;
      default:
        return;
    }
    // After the current synchronous work: the rows above commit with the change that caused them.
    outbox.kick();
  }

  const unsubscribe = bus.subscribe((event) => {
    try {
      onEvent(event);
    } catch (error) {
      log.error({ err: error, event: event.type }, 'alerts could not handle an event');
    }
  });

  function view(chain: Chain): ChainView {
    return { ...chain, steps: store.stepsOfChain(chain.id).map((step) => ({ ...step, attemptLog: store.attemptsOf(step.id) })) };
  }

  function acknowledge(chainId: string, via: AckVia, by: string | null = null): Chain {
    const chain = store.chain(chainId);
    if (!chain) throw new NotFound(`Alert ${chainId}`);
    if (chain.kind !== 'emergency') throw new Conflict('Only an emergency alert can be acknowledged');
    if (chain.status === 'acknowledged') return chain;
    const done = db.transaction(() => {
      const cancelled = store.cancelPlannedOfChain(chainId, `acknowledged by ${via}`);
      return { chain: store.updateChain(chainId, { status: 'acknowledged', acknowledgedAt: iso(clock.now()), acknowledgedVia: via, acknowledgedBy: by }), cancelled };
    })();
    const business = businesses.find(chain.businessId);
    bus.publish('alert.acknowledged', { chainId, leadId: chain.leadId, businessId: chain.businessId, businessName: business?.name, via, by, cancelledSteps: done.cancelled });
    log.info({ chainId, via, cancelledSteps: done.cancelled }, 'emergency alert acknowledged');
    return done.chain;
  }

  const responders = createResponders({
    db,
    store,
    businesses,
    leads,
    templates,
    log,
    publicUrl: deps.publicUrl,
    acknowledge,
    connectOwnerToCall: deps.connectOwnerToCall,
    onDelivery(stepId, status) {
      store.setDelivery(stepId, status);
      const step = store.step(stepId)!;
      bus.publish('alert.delivery', { alertId: stepId, chainId: step.chainId, leadId: step.leadId, businessId: step.businessId, channel: step.channel, status });
    },
  });

  // Start: what a stopped server left mid-send is planned again, digests are planned, and what is due goes.
  const resumed = store.resumeInterrupted();
  if (resumed.length) log.warn({ steps: resumed.map((s) => s.id) }, 'resuming alert steps interrupted by a stop');
  for (const business of businesses.list()) digests.ensure(business);
  outbox.kick();
  // A digest switched on in the settings is planned within the hour, with or without new leads.
  const digestWatch = setInterval(() => businesses.list().forEach((b) => digests.ensure(b)), 3_600_000);
  digestWatch.unref();

  return {
    ...responders,
    ...createPreviews({ businesses, leads, templates, clock, publicUrl: deps.publicUrl, digests }),
    acknowledge: (chainId, via, by) => view(acknowledge(chainId, via, by ?? null)),
    chain(id) {
      const chain = store.chain(id);
      if (!chain) throw new NotFound(`Alert ${id}`);
      return view(chain);
    },
    list: (filter) => store.listChains(filter),
    templates,
    runDue: () => outbox.runDue(),
    settle: () => outbox.settle(),
    async close() {
      unsubscribe();
      clearInterval(digestWatch);
      await outbox.close();
      mailer.close();
    },
  };
}

/**
 * An emergency verdict: a new emergency note on a flagged lead (the analyser or the model saying what is
 * wrong), whatever the priority; or the system raising the lead to URGENT. The model's flag does not raise a
 * priority the owner set by hand (leads/service.ts), yet a gas leak still wakes them. An owner setting URGENT
 * by hand in the console is their own decision, not news to wake them with.
 */
export function isEmergencyVerdict(lead: Lead, changes: string[]): boolean {
  if (!lead.emergency) return false;
  if (changes.includes('emergencyNotes')) return true;
  return lead.priority === 'URGENT' && lead.prioritySetBy === 'system';
}
