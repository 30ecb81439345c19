import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../businesses/defaults.js';
import type { Business } from '../businesses/service.js';
import { featuresOf, type Plan } from '../plans.js';
import { retryDelayMs } from './outbox.js';
import { planEmergency, planLeadEmail, planUpdate } from './plan.js';

function business(plan: Plan, overrides: Partial<Business> = {}): Business {
  return {
    id: 'b1',
    name: 'Acme Plumbing',
    industry: 'plumbing',
    plan,
    twilioNumber: '+15125550111',
    ownerPhone: '+15125550122',
    ownerEmail: 'owner@acme.example',
    backupPhone: '+15125550133',
    timezone: 'America/Chicago',
    greeting: 'Hi',
    widgetOrigins: [],
    ...defaultSettings('Acme Plumbing'),
    features: { ...featuresOf(plan) },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const min = 60_000;
const brief = (steps: ReturnType<typeof planEmergency>) => steps.map((s) => `${s.dueAt / min}m ${s.purpose} ${s.channel}→${s.target}${s.skipped ? ' (skipped)' : ''}`);

describe('an emergency chain', () => {
  it('on PRO: desktop, a call, an SMS and an email at once; the backup at 5 min; then owner and backup every 10 min, 3 times', () => {
    expect(brief(planEmergency(business('PRO'), 0))).toEqual([
      '0m emergency desktop→desktop',
      '0m emergency call→+15125550122',
      '0m emergency sms→+15125550122',
      '0m emergency email→owner@acme.example',
      '5m escalation desktop→desktop',
      '5m escalation call→+15125550133',
      '5m escalation sms→+15125550133',
      '15m repeat desktop→desktop',
      '15m repeat call→+15125550122',
      '15m repeat sms→+15125550122',
      '15m repeat call→+15125550133',
      '15m repeat sms→+15125550133',
      '25m repeat desktop→desktop',
      '25m repeat call→+15125550122',
      '25m repeat sms→+15125550122',
      '25m repeat call→+15125550133',
      '25m repeat sms→+15125550133',
      '35m repeat desktop→desktop',
      '35m repeat call→+15125550122',
      '35m repeat sms→+15125550122',
      '35m repeat call→+15125550133',
      '35m repeat sms→+15125550133',
    ]);
  });

  it('on BASIC: no call (emergency calls are PRO); the SMS and the escalation by SMS', () => {
    const steps = planEmergency(business('BASIC', { alerts: { ...defaultSettings('x').alerts, maxRepeats: 0 } }), 0);
    expect(brief(steps)).toEqual([
      '0m emergency desktop→desktop',
      '0m emergency sms→+15125550122',
      '0m emergency email→owner@acme.example',
      '5m escalation desktop→desktop',
      '5m escalation sms→+15125550133',
    ]);
  });

  it('on FREE without a Twilio number: desktop and email; later rounds email the owner again', () => {
    const steps = planEmergency(business('FREE', { twilioNumber: null, alerts: { ...defaultSettings('x').alerts, maxRepeats: 1 } }), 0);
    expect(brief(steps)).toEqual([
      '0m emergency desktop→desktop',
      '0m emergency email→owner@acme.example',
      '5m escalation desktop→desktop',
      '5m escalation email→owner@acme.example',
      '15m repeat desktop→desktop',
      '15m repeat email→owner@acme.example',
    ]);
  });

  it('follows the business settings: escalation and repeat intervals, switches, and no backup means the owner again', () => {
    const settings = { ...defaultSettings('x').alerts, escalationMinutes: 2, repeatMinutes: 3, maxRepeats: 1, sms: false };
    const steps = planEmergency(business('PRO', { backupPhone: null, alerts: settings }), 0);
    expect(brief(steps)).toEqual([
      '0m emergency desktop→desktop',
      '0m emergency call→+15125550122',
      '0m emergency email→owner@acme.example',
      '2m escalation desktop→desktop',
      '2m escalation call→+15125550122',
      '5m repeat desktop→desktop',
      '5m repeat call→+15125550122',
    ]);
  });

  it('writes a PRO call it cannot place (no number to call from) as skipped, so the lead shows why', () => {
    const steps = planEmergency(business('PRO', { twilioNumber: null, alerts: { ...defaultSettings('x').alerts, maxRepeats: 0 } }), 0);
    expect(brief(steps)).toEqual([
      '0m emergency desktop→desktop',
      '0m emergency call→+15125550122 (skipped)',
      '0m emergency email→owner@acme.example',
      '5m escalation desktop→desktop',
      '5m escalation email→owner@acme.example',
    ]);
    expect(steps[1]!.skipped).toBe('The business has no Twilio number to call from');
  });

  it('marks steps to the backup contact, whose messages say so', () => {
    const toBackup = planEmergency(business('PRO'), 0).filter((s) => s.payload?.backup);
    expect(new Set(toBackup.map((s) => s.target))).toEqual(new Set(['+15125550133']));
  });
});

describe('other notifications', () => {
  it('an update (new facts) goes to the owner by SMS and email, never by call', () => {
    expect(planUpdate(business('PRO'), 1, 60_000).map((s) => `${s.channel}→${s.target}`)).toEqual(['sms→+15125550122', 'email→owner@acme.example']);
  });

  it('a lead email only when email alerts are on', () => {
    expect(planLeadEmail(business('FREE'), 0, true)).toEqual([{ channel: 'email', target: 'owner@acme.example', purpose: 'lead', round: 0, dueAt: 0, payload: { waitQuiet: true } }]);
    expect(planLeadEmail(business('FREE', { alerts: { ...defaultSettings('x').alerts, email: false } }), 0, true)).toEqual([]);
  });
});

describe('retries', () => {
  it('back off exponentially: an emergency step within a minute, an ordinary email for hours', () => {
    const emergency = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs('emergency', n));
    expect(emergency).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, undefined]);
    const lead = Array.from({ length: 12 }, (_, i) => retryDelayMs('lead', i + 1));
    expect(lead.slice(0, 3)).toEqual([30_000, 60_000, 120_000]);
    expect(lead.at(-2)).toBe(30 * 60_000);
    expect(lead.at(-1)).toBeUndefined();
  });
});
