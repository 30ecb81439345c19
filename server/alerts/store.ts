import { randomUUID } from 'node:crypto';
import { isoNow, type Clock } from '../clock.js';
import type { Db } from '../store/database.js';

export const alertChannels = ['desktop', 'call', 'sms', 'email'] as const;
export type AlertChannel = (typeof alertChannels)[number];
/** Why a step exists: round 0 of an emergency, the backup contact, a repeat, new facts, a lead email, a digest. */
export type StepPurpose = 'emergency' | 'escalation' | 'repeat' | 'update' | 'lead' | 'digest';
export type StepStatus = 'planned' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'skipped';
export type ChainKind = 'lead' | 'emergency';
export type ChainStatus = 'active' | 'acknowledged' | 'done' | 'exhausted';
export type AckVia = 'console' | 'call' | 'sms';

export interface StepPayload {
  /** A lead email waits until the conversation has been quiet for a while (or has ended). */
  waitQuiet?: boolean;
  /** A digest covers the leads created in [from, to). */
  from?: string;
  to?: string;
  /** The escalation/repeat step goes to the backup contact rather than the owner. */
  backup?: boolean;
}

/** One planned notification (a row of the `alerts` outbox). */
export interface Step {
  id: number;
  businessId: string;
  leadId: string | null;
  chainId: string | null;
  channel: AlertChannel;
  target: string | null;
  purpose: StepPurpose;
  round: number;
  status: StepStatus;
  attempts: number;
  providerId: string | null;
  error: string | null;
  dueAt: string;
  payload: StepPayload;
  sentAt: string | null;
  delivery: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewStep {
  businessId: string;
  leadId: string | null;
  chainId: string | null;
  channel: AlertChannel;
  target: string | null;
  purpose: StepPurpose;
  round: number;
  dueAt: string;
  payload?: StepPayload;
  /** A step that cannot be attempted (no number to send from): written so the lead shows why. */
  skipped?: string;
}

export interface Attempt {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'pending' | 'sent' | 'retrying' | 'failed' | 'interrupted';
  providerId: string | null;
  error: string | null;
  upstreamStatus: number | null;
}

export interface Chain {
  id: string;
  businessId: string;
  leadId: string;
  kind: ChainKind;
  status: ChainStatus;
  reasons: string[];
  round: number;
  acknowledgedAt: string | null;
  acknowledgedVia: AckVia | null;
  acknowledgedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

interface StepRow {
  id: number;
  business_id: string;
  lead_id: string | null;
  chain_id: string | null;
  channel: AlertChannel;
  target: string | null;
  purpose: StepPurpose;
  round: number;
  status: StepStatus;
  attempts: number;
  provider_id: string | null;
  error: string | null;
  due_at: string;
  payload: string;
  sent_at: string | null;
  delivery: string | null;
  created_at: string;
  updated_at: string;
}

interface ChainRow {
  id: string;
  business_id: string;
  lead_id: string;
  kind: ChainKind;
  status: ChainStatus;
  reasons: string;
  round: number;
  acknowledged_at: string | null;
  acknowledged_via: AckVia | null;
  acknowledged_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ChainFilter {
  businessId?: string;
  statuses?: ChainStatus[];
  kind?: ChainKind;
  limit: number;
}

export interface AlertStore {
  createChain(input: { businessId: string; leadId: string; kind: ChainKind; reasons: string[] }): Chain;
  chain(id: string): Chain | undefined;
  chainOfLead(leadId: string): Chain | undefined;
  updateChain(id: string, patch: Partial<Pick<Chain, 'kind' | 'status' | 'reasons' | 'round' | 'acknowledgedAt' | 'acknowledgedVia' | 'acknowledgedBy'>>): Chain;
  addSteps(steps: NewStep[]): Step[];
  step(id: number): Step | undefined;
  /** Planned steps due by now, oldest first. */
  dueSteps(limit?: number): Step[];
  nextDue(): string | undefined;
  /** Marks the steps as being sent and opens an attempt for each, in one commit; returns those claimed. */
  claim(steps: Step[]): Array<{ step: Step; attempt: number }>;
  recordSent(id: number, attempt: number, providerId: string | null): void;
  /** A failed attempt: tried again at `retryAt`, or given up when it is undefined. */
  recordFailure(id: number, attempt: number, error: string, upstreamStatus: number | undefined, retryAt: string | undefined): void;
  postpone(id: number, dueAt: string, payload: StepPayload): void;
  /** A planned step that will not be attempted: cancelled (no longer wanted) or skipped (nothing to send). */
  drop(id: number, status: 'cancelled' | 'skipped', reason: string): boolean;
  cancelPlannedOfChain(chainId: string, reason: string): number;
  /**
   * Steps left "sending" by a server that stopped before the provider answered: we cannot know whether it
   * went out, so the attempt is recorded as interrupted and the step planned again at once (a duplicate
   * beats a missed emergency). Steps confirmed as sent are never touched.
   */
  resumeInterrupted(): Step[];
  stepsOfChain(chainId: string): Step[];
  openStepsOfChain(chainId: string): number;
  attemptsOf(alertId: number): Attempt[];
  setDelivery(id: number, delivery: string): void;
  openDigest(businessId: string): Step | undefined;
  lastDigest(businessId: string): Step | undefined;
  /** Active emergency chains that called or texted this number: what an "OK" from it acknowledges. */
  chainsAlerting(businessId: string, phone: string): Chain[];
  listChains(filter: ChainFilter): Chain[];
}

/** The outbox's SQL, and nothing else: the chain rules live in the service, the sending in the runner. */
export function createAlertStore({ db, clock }: { db: Db; clock: Clock }): AlertStore {
  const insertChain = db.prepare(
    `INSERT INTO alert_chains (id, business_id, lead_id, kind, status, reasons, created_at, updated_at)
     VALUES (@id, @business_id, @lead_id, @kind, 'active', @reasons, @now, @now)`,
  );
  const chainById = db.prepare<[string], ChainRow>('SELECT * FROM alert_chains WHERE id = ?');
  const chainOfLead = db.prepare<[string], ChainRow>('SELECT * FROM alert_chains WHERE lead_id = ?');
  const insertStep = db.prepare(
    `INSERT INTO alerts (business_id, lead_id, chain_id, channel, target, purpose, round, status, error, due_at, payload, created_at, updated_at)
     VALUES (@business_id, @lead_id, @chain_id, @channel, @target, @purpose, @round, @status, @error, @due_at, @payload, @now, @now)`,
  );
  const stepById = db.prepare<[number], StepRow>('SELECT * FROM alerts WHERE id = ?');
  const dueSteps = db.prepare<[string, number], StepRow>(
    `SELECT * FROM alerts WHERE status = 'planned' AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
  );
  const nextDue = db.prepare<[], { due: string | null }>(`SELECT min(due_at) AS due FROM alerts WHERE status = 'planned'`);
  const claimStep = db.prepare<[string, number]>(
    `UPDATE alerts SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'planned'`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO alert_attempts (alert_id, attempt, started_at, outcome) VALUES (?, ?, ?, 'pending')`,
  );
  const finishAttempt = db.prepare(
    `UPDATE alert_attempts SET finished_at = @now, outcome = @outcome, provider_id = @provider_id, error = @error,
       upstream_status = @upstream_status WHERE alert_id = @alert_id AND attempt = @attempt`,
  );
  const setStep = db.prepare(
    `UPDATE alerts SET status = @status, provider_id = coalesce(@provider_id, provider_id), error = @error,
       due_at = coalesce(@due_at, due_at), sent_at = coalesce(@sent_at, sent_at), updated_at = @now WHERE id = @id`,
  );
  const postponeStep = db.prepare<[string, string, string, number]>(
    `UPDATE alerts SET due_at = ?, payload = ?, updated_at = ? WHERE id = ? AND status = 'planned'`,
  );
  const cancelStep = db.prepare<[string, string, string, number]>(
    `UPDATE alerts SET status = ?, error = ?, updated_at = ? WHERE id = ? AND status = 'planned'`,
  );
  const cancelPlannedOfChain = db.prepare<[string, string, string]>(
    `UPDATE alerts SET status = 'cancelled', error = ?, updated_at = ? WHERE chain_id = ? AND status = 'planned'`,
  );
  const interruptedSteps = db.prepare<[], StepRow>(`SELECT * FROM alerts WHERE status = 'sending'`);
  const stepsOfChain = db.prepare<[string], StepRow>('SELECT * FROM alerts WHERE chain_id = ? ORDER BY id');
  const openStepsOfChain = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM alerts WHERE chain_id = ? AND status IN ('planned', 'sending')`,
  );
  const attemptsOf = db.prepare<[number], { attempt: number; started_at: string; finished_at: string | null; outcome: Attempt['outcome']; provider_id: string | null; error: string | null; upstream_status: number | null }>(
    'SELECT * FROM alert_attempts WHERE alert_id = ? ORDER BY attempt',
  );
  const setDelivery = db.prepare<[string, string, number]>('UPDATE alerts SET delivery = ?, updated_at = ? WHERE id = ?');
  const openDigest = db.prepare<[string], StepRow>(
    `SELECT * FROM alerts WHERE business_id = ? AND purpose = 'digest' AND status IN ('planned', 'sending') ORDER BY id DESC LIMIT 1`,
  );
  const lastDigest = db.prepare<[string], StepRow>(
    `SELECT * FROM alerts WHERE business_id = ? AND purpose = 'digest' ORDER BY id DESC LIMIT 1`,
  );
  const chainsAlerting = db.prepare<[string, string], ChainRow>(
    `SELECT DISTINCT c.* FROM alert_chains c JOIN alerts a ON a.chain_id = c.id
     WHERE c.business_id = ? AND c.status = 'active' AND c.kind = 'emergency' AND a.target = ? AND a.channel IN ('sms', 'call')
       AND a.status IN ('sent', 'sending')
     ORDER BY c.created_at DESC`,
  );

  const now = () => isoNow(clock);

  return {
    createChain(input: { businessId: string; leadId: string; kind: ChainKind; reasons: string[] }): Chain {
      const id = randomUUID();
      insertChain.run({ id, business_id: input.businessId, lead_id: input.leadId, kind: input.kind, reasons: JSON.stringify(input.reasons), now: now() });
      return toChain(chainById.get(id)!);
    },
    chain(id: string): Chain | undefined {
      const row = chainById.get(id);
      return row && toChain(row);
    },
    chainOfLead(leadId: string): Chain | undefined {
      const row = chainOfLead.get(leadId);
      return row && toChain(row);
    },
    updateChain(id: string, patch: Partial<Pick<Chain, 'kind' | 'status' | 'reasons' | 'round' | 'acknowledgedAt' | 'acknowledgedVia' | 'acknowledgedBy'>>): Chain {
      const columns: Record<string, unknown> = {};
      if (patch.kind !== undefined) columns.kind = patch.kind;
      if (patch.status !== undefined) columns.status = patch.status;
      if (patch.reasons !== undefined) columns.reasons = JSON.stringify(patch.reasons);
      if (patch.round !== undefined) columns.round = patch.round;
      if (patch.acknowledgedAt !== undefined) columns.acknowledged_at = patch.acknowledgedAt;
      if (patch.acknowledgedVia !== undefined) columns.acknowledged_via = patch.acknowledgedVia;
      if (patch.acknowledgedBy !== undefined) columns.acknowledged_by = patch.acknowledgedBy;
      const keys = [...Object.keys(columns), 'updated_at'];
      db.prepare(`UPDATE alert_chains SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...columns, updated_at: now(), id });
      return toChain(chainById.get(id)!);
    },
    addSteps(steps: NewStep[]): Step[] {
      const at = now();
      return steps.map((step) => {
        const info = insertStep.run({
          business_id: step.businessId,
          lead_id: step.leadId,
          chain_id: step.chainId,
          channel: step.channel,
          target: step.target,
          purpose: step.purpose,
          round: step.round,
          status: step.skipped ? 'skipped' : 'planned',
          error: step.skipped ?? null,
          due_at: step.dueAt,
          payload: JSON.stringify(step.payload ?? {}),
          now: at,
        });
        return toStep(stepById.get(Number(info.lastInsertRowid))!);
      });
    },
    step(id: number): Step | undefined {
      const row = stepById.get(id);
      return row && toStep(row);
    },
    dueSteps(limit = 100): Step[] {
      return dueSteps.all(now(), limit).map(toStep);
    },
    nextDue(): string | undefined {
      return nextDue.get()?.due ?? undefined;
    },
    claim: db.transaction((steps: Step[]): Array<{ step: Step; attempt: number }> => {
      const at = now();
      const claimed: Array<{ step: Step; attempt: number }> = [];
      for (const step of steps) {
        if (claimStep.run(at, step.id).changes === 0) continue;
        const attempt = step.attempts + 1;
        insertAttempt.run(step.id, attempt, at);
        claimed.push({ step: { ...step, status: 'sending', attempts: attempt, updatedAt: at }, attempt });
      }
      return claimed;
    }),
    recordSent: db.transaction((id: number, attempt: number, providerId: string | null) => {
      const at = now();
      finishAttempt.run({ now: at, outcome: 'sent', provider_id: providerId, error: null, upstream_status: null, alert_id: id, attempt });
      setStep.run({ id, status: 'sent', provider_id: providerId, error: null, due_at: null, sent_at: at, now: at });
    }),
    recordFailure: db.transaction((id: number, attempt: number, error: string, upstreamStatus: number | undefined, retryAt: string | undefined) => {
      const at = now();
      finishAttempt.run({ now: at, outcome: retryAt ? 'retrying' : 'failed', provider_id: null, error, upstream_status: upstreamStatus ?? null, alert_id: id, attempt });
      setStep.run({ id, status: retryAt ? 'planned' : 'failed', provider_id: null, error, due_at: retryAt ?? null, sent_at: null, now: at });
    }),
    postpone(id: number, dueAt: string, payload: StepPayload): void {
      postponeStep.run(dueAt, JSON.stringify(payload), now(), id);
    },
    drop(id: number, status: 'cancelled' | 'skipped', reason: string): boolean {
      return cancelStep.run(status, reason, now(), id).changes > 0;
    },
    cancelPlannedOfChain(chainId: string, reason: string): number {
      return cancelPlannedOfChain.run(reason, now(), chainId).changes;
    },
    resumeInterrupted: db.transaction((): Step[] => {
      const at = now();
      const rows = interruptedSteps.all();
      for (const row of rows) {
        finishAttempt.run({ now: at, outcome: 'interrupted', provider_id: null, error: 'The server stopped before the provider answered', upstream_status: null, alert_id: row.id, attempt: row.attempts });
        setStep.run({ id: row.id, status: 'planned', provider_id: null, error: 'interrupted by a restart', due_at: at, sent_at: null, now: at });
      }
      return rows.map((row) => toStep(stepById.get(row.id)!));
    }),
    stepsOfChain(chainId: string): Step[] {
      return stepsOfChain.all(chainId).map(toStep);
    },
    openStepsOfChain(chainId: string): number {
      return openStepsOfChain.get(chainId)!.n;
    },
    attemptsOf(alertId: number): Attempt[] {
      return attemptsOf.all(alertId).map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at,
        finishedAt: a.finished_at,
        outcome: a.outcome,
        providerId: a.provider_id,
        error: a.error,
        upstreamStatus: a.upstream_status,
      }));
    },
    setDelivery(id: number, delivery: string): void {
      setDelivery.run(delivery, now(), id);
    },
    openDigest(businessId: string): Step | undefined {
      const row = openDigest.get(businessId);
      return row && toStep(row);
    },
    lastDigest(businessId: string): Step | undefined {
      const row = lastDigest.get(businessId);
      return row && toStep(row);
    },
    chainsAlerting(businessId: string, phone: string): Chain[] {
      return chainsAlerting.all(businessId, phone).map(toChain);
    },
    listChains(filter: ChainFilter): Chain[] {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: filter.limit };
      if (filter.businessId) {
        where.push('business_id = @businessId');
        params.businessId = filter.businessId;
      }
      if (filter.kind) {
        where.push('kind = @kind');
        params.kind = filter.kind;
      }
      if (filter.statuses?.length) {
        where.push(`status IN (${filter.statuses.map((_, i) => `@s${i}`).join(', ')})`);
        filter.statuses.forEach((s, i) => (params[`s${i}`] = s));
      }
      const sql = `SELECT * FROM alert_chains ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT @limit`;
      return db.prepare<Record<string, unknown>, ChainRow>(sql).all(params).map(toChain);
    },
  };
}

function toStep(row: StepRow): Step {
  return {
    id: row.id,
    businessId: row.business_id,
    leadId: row.lead_id,
    chainId: row.chain_id,
    channel: row.channel,
    target: row.target,
    purpose: row.purpose,
    round: row.round,
    status: row.status,
    attempts: row.attempts,
    providerId: row.provider_id,
    error: row.error,
    dueAt: row.due_at,
    payload: JSON.parse(row.payload) as StepPayload,
    sentAt: row.sent_at,
    delivery: row.delivery,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toChain(row: ChainRow): Chain {
  return {
    id: row.id,
    businessId: row.business_id,
    leadId: row.lead_id,
    kind: row.kind,
    status: row.status,
    reasons: JSON.parse(row.reasons) as string[],
    round: row.round,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedVia: row.acknowledged_via,
    acknowledgedBy: row.acknowledged_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
