import type { Clock } from '../clock.js';
import { UpstreamError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { AlertStore, Step, StepPayload, StepPurpose } from './store.js';

/** Whether a due step goes now: yes, later (a lead email waiting for the conversation to go quiet), or never. */
export type Gate = { go: true } | { postpone: string; payload: StepPayload } | { drop: 'cancelled' | 'skipped'; reason: string };

export type Outcome =
  | { status: 'sent'; attempt: number; providerId: string | null }
  | { status: 'retrying'; attempt: number; error: string; retryAt: string }
  | { status: 'failed'; attempt: number; error: string }
  | { status: 'dropped'; reason: string };

export interface OutboxHandlers {
  gate(step: Step): Gate;
  /** Sends one step; throws (an UpstreamError says whether trying again may help). */
  deliver(step: Step): Promise<{ providerId: string | null }>;
  settled(step: Step, outcome: Outcome): void;
}

export interface Outbox {
  /** Runs what is due soon (coalesced; after the current synchronous work, so after its commit). */
  kick(): void;
  /** Runs what is due now and waits until every send started has finished (tests, with a fake clock). */
  runDue(): Promise<void>;
  /** Waits for the sends in flight. */
  settle(): Promise<void>;
  close(graceMs?: number): Promise<void>;
}

/**
 * Retries with exponential backoff. An emergency's steps retry fast and give up within about a minute (the
 * next round is minutes away anyway); an email about an ordinary lead or a digest keeps trying for hours.
 */
export function retryDelayMs(purpose: StepPurpose, attemptsMade: number): number | undefined {
  const slow = purpose === 'lead' || purpose === 'digest';
  const policy = slow ? { base: 30_000, cap: 30 * 60_000, max: 12 } : { base: 2_000, cap: 30_000, max: 6 };
  if (attemptsMade >= policy.max) return undefined;
  return Math.min(policy.base * 2 ** (attemptsMade - 1), policy.cap);
}

/** A real timer only wakes the loop; what is due is always decided by `clock`, so tests can move time. */
const maxSleepMs = 30_000;
const batch = 100;

/**
 * The outbox runner. Each step is a row before anything is sent; claiming it opens an attempt in the same
 * commit; the provider's answer closes it. Sends run concurrently (a slow mail server never holds a call).
 */
export function createOutbox({ store, clock, log, handlers }: { store: AlertStore; clock: Clock; log: Logger; handlers: OutboxHandlers }): Outbox {
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let kicked = false;
  /** No new sends once closing; sends still running after the grace period are left to the next start. */
  let closed = false;
  let abandoned = false;

  function tick(): void {
    if (closed) return;
    let due: Step[];
    try {
      due = store.dueSteps(batch);
      const go: Step[] = [];
      for (const step of due) {
        const gate = gateOf(step);
        if ('go' in gate) go.push(step);
        else if ('postpone' in gate) store.postpone(step.id, gate.postpone, gate.payload);
        else if (store.drop(step.id, gate.drop, gate.reason)) settle(step, { status: 'dropped', reason: gate.reason });
      }
      for (const { step, attempt } of store.claim(go)) track(send(step, attempt));
    } catch (error) {
      log.error({ err: error }, 'alert outbox could not run');
      return arm();
    }
    if (due.length === batch) kick();
    arm();
  }

  function gateOf(step: Step): Gate {
    try {
      return handlers.gate(step);
    } catch (error) {
      log.error({ err: error, alertId: step.id }, 'alert step check failed; sending anyway');
      return { go: true };
    }
  }

  async function send(step: Step, attempt: number): Promise<void> {
    let outcome: Outcome;
    try {
      const { providerId } = await handlers.deliver(step);
      if (abandoned) return; // still "sending" in the database: the next start resumes it
      store.recordSent(step.id, attempt, providerId);
      outcome = { status: 'sent', attempt, providerId };
    } catch (error) {
      if (abandoned) return;
      const retryable = error instanceof UpstreamError ? error.retryable : true;
      const delay = retryable ? retryDelayMs(step.purpose, attempt) : undefined;
      const message = (error as Error).message ?? String(error);
      const retryAt = delay === undefined ? undefined : new Date(clock.now() + delay).toISOString();
      if (!(error instanceof UpstreamError)) log.error({ err: error, alertId: step.id }, 'alert step failed unexpectedly');
      store.recordFailure(step.id, attempt, message, error instanceof UpstreamError ? error.upstreamStatus : undefined, retryAt);
      outcome = retryAt ? { status: 'retrying', attempt, error: message, retryAt } : { status: 'failed', attempt, error: message };
    }
    settle({ ...step, status: outcome.status === 'sent' ? 'sent' : outcome.status === 'failed' ? 'failed' : 'planned' }, outcome);
  }

  function settle(step: Step, outcome: Outcome): void {
    try {
      handlers.settled(step, outcome);
    } catch (error) {
      log.error({ err: error, alertId: step.id }, 'alert follow-up failed');
    }
  }

  function track(promise: Promise<void>): void {
    const tracked = promise
      .catch((error: unknown) => log.error({ err: error }, 'alert step could not be recorded'))
      .finally(() => {
        inFlight.delete(tracked);
        arm();
      });
    inFlight.add(tracked);
  }

  function arm(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const next = store.nextDue();
    if (!next) return;
    const wait = Math.min(Math.max(Date.parse(next) - clock.now(), 0), maxSleepMs);
    timer = setTimeout(tick, wait);
    timer.unref();
  }

  function kick(): void {
    if (kicked || closed) return;
    kicked = true;
    queueMicrotask(() => {
      kicked = false;
      tick();
    });
  }

  async function settleAll(): Promise<void> {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  }

  return {
    kick,
    async runDue() {
      tick();
      await settleAll();
    },
    settle: settleAll,
    async close(graceMs = 5_000) {
      closed = true;
      if (timer) clearTimeout(timer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([settleAll(), new Promise<void>((resolve) => (grace = setTimeout(resolve, graceMs)))]);
      clearTimeout(grace);
      abandoned = true;
    },
  };
}
