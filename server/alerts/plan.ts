import type { Business } from '../businesses/service.js';
import type { AlertChannel, StepPayload, StepPurpose } from './store.js';

/** A step before it has a chain and a row: what to send, to whom, and when. */
export interface PlannedStep {
  channel: AlertChannel;
  target: string | null;
  purpose: StepPurpose;
  round: number;
  dueAt: number;
  payload?: StepPayload;
  skipped?: string;
}

const minute = 60_000;

/** What the business's plan and alert settings allow, and what is there to send from. */
export function reach(business: Business): { calls: boolean; callsBlocked?: string; texts: boolean; email: boolean } {
  const settings = business.alerts;
  const callsWanted = business.features.emergencyCalls && settings.call;
  return {
    calls: callsWanted && business.twilioNumber !== null,
    callsBlocked: callsWanted && business.twilioNumber === null ? 'The business has no Twilio number to call from' : undefined,
    // An SMS needs a number of the business's own to come from (seed 4.3; issue 8: "when the business has a Twilio number").
    texts: settings.sms && business.twilioNumber !== null,
    email: settings.email,
  };
}

/**
 * Every round of an emergency chain, written as rows when the chain starts so the lead shows what is coming:
 *
 * - round 0, at once: the desktop (every plan), a call to the owner's mobile (PRO), an SMS (when the business
 *   has a Twilio number), an email (every plan);
 * - round 1, after `escalationMinutes` unacknowledged: the backup contact gets the call and the SMS;
 * - rounds 2…, every `repeatMinutes`, `maxRepeats` times: the owner and the backup again.
 *
 * With neither calls nor SMS available a later round emails the owner again, so something still reaches
 * them away from the desk. Acknowledging cancels whatever is still planned.
 */
export function planEmergency(business: Business, startMs: number): PlannedStep[] {
  const settings = business.alerts;
  const can = reach(business);
  const owner = business.ownerPhone;
  const backup = business.backupPhone ?? owner;
  const steps: PlannedStep[] = [{ channel: 'desktop', target: 'desktop', purpose: 'emergency', round: 0, dueAt: startMs }];
  if (can.calls) steps.push({ channel: 'call', target: owner, purpose: 'emergency', round: 0, dueAt: startMs });
  else if (can.callsBlocked) steps.push({ channel: 'call', target: owner, purpose: 'emergency', round: 0, dueAt: startMs, skipped: can.callsBlocked });
  if (can.texts) steps.push({ channel: 'sms', target: owner, purpose: 'emergency', round: 0, dueAt: startMs });
  if (can.email) steps.push({ channel: 'email', target: business.ownerEmail, purpose: 'emergency', round: 0, dueAt: startMs });

  for (let round = 1; round <= 1 + settings.maxRepeats; round++) {
    const dueAt = startMs + settings.escalationMinutes * minute + (round - 1) * settings.repeatMinutes * minute;
    const purpose: StepPurpose = round === 1 ? 'escalation' : 'repeat';
    const phones = round === 1 ? [backup] : [...new Set([owner, backup])];
    steps.push({ channel: 'desktop', target: 'desktop', purpose, round, dueAt });
    for (const phone of phones) {
      const payload = phone !== owner ? { backup: true } : undefined;
      if (can.calls) steps.push({ channel: 'call', target: phone, purpose, round, dueAt, payload });
      if (can.texts) steps.push({ channel: 'sms', target: phone, purpose, round, dueAt, payload });
    }
    if (!can.calls && !can.texts && can.email) steps.push({ channel: 'email', target: business.ownerEmail, purpose, round, dueAt });
  }
  return steps;
}

/** New facts for a running chain (a second emergency, an address): the owner gets them by SMS and email. */
export function planUpdate(business: Business, round: number, dueAt: number): PlannedStep[] {
  const can = reach(business);
  const steps: PlannedStep[] = [];
  if (can.texts) steps.push({ channel: 'sms', target: business.ownerPhone, purpose: 'update', round, dueAt });
  if (can.email) steps.push({ channel: 'email', target: business.ownerEmail, purpose: 'update', round, dueAt });
  return steps;
}

/**
 * The email about a new, non-emergency lead. A lead taken by hand is complete at once; a conversation's
 * lead waits for the conversation to end (or to go quiet), so the email has the whole story.
 */
export function planLeadEmail(business: Business, dueAt: number, waitQuiet: boolean): PlannedStep[] {
  if (!business.alerts.email) return [];
  return [{ channel: 'email', target: business.ownerEmail, purpose: 'lead', round: 0, dueAt, payload: { waitQuiet } }];
}
