import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TurnAnalyzer } from '../leads/customer-turns.js';
import { startAlertHarness, testPublicUrl, type AlertHarness } from '../test-kit/alert-harness.js';
import { createAlerts } from './service.js';
import { twilioSignature } from '../twilio/webhook-signature.js';

const minute = 60_000;

/** Stands in for server/understanding: this is about what happens after its verdict. */
const analyzer: TurnAnalyzer = {
  analyze(turn) {
    if (/flood|burst|water everywhere/i.test(turn.text)) {
      return { emergency: true, priority: 'URGENT', reasons: ['burst pipe, water everywhere'], intent: 'emergency', entities: [{ type: 'address', value: '1420 Oak Street' }] };
    }
    if (/gas/i.test(turn.text)) return { emergency: true, priority: 'URGENT', reasons: ['smell of gas'], intent: 'emergency', entities: [] };
    return { emergency: false, priority: 'NORMAL', reasons: [], intent: 'other', entities: [] };
  },
};

let h: AlertHarness;
beforeEach(async () => {
  h = await startAlertHarness({ analyzer });
});
afterEach(() => h.stop());

const calls = () => h.twilio.requests.filter((r) => r.path.endsWith('/Calls.json'));
const texts = () => h.twilio.requests.filter((r) => r.path.endsWith('/Messages.json'));
const ofType = (type: string) => h.events.filter((e) => e.type === type);

describe('an URGENT turn starts the chain', () => {
  it('a chat turn on PRO: desktop event, a call, an SMS and an email to the owner, each recorded on the lead', async () => {
    const { leads, customerTurns } = h.server.services;
    const business = h.createBusiness({ plan: 'PRO' });
    const lead = leads.create({ businessId: business.id, channel: 'chat', callerPhone: '+15125550148', callerName: 'Jordan Rivera' });
    customerTurns.record(lead.id, { channel: 'chat', text: 'The pipe burst and there is water everywhere', chatId: 'chat-1' });
    await h.runDue();

    const [raised] = ofType('alert.raised');
    expect(raised!.data).toMatchObject({
      leadId: lead.id,
      businessId: business.id,
      businessName: 'Acme Plumbing',
      reason: 'burst pipe, water everywhere',
      lead: { id: lead.id, priority: 'URGENT', emergency: true, address: '1420 Oak Street', callerPhone: '+15125550148' },
    });

    expect(calls()).toHaveLength(1);
    const call = calls()[0]!.params;
    expect(call).toMatchObject({ To: '+15125550122', From: business.twilioNumber, Timeout: '30' });
    expect(call.Twiml).toContain('<Gather input="dtmf" numDigits="1"');
    expect(call.Twiml).toContain('The caller is Jordan Rivera.');
    expect(call.Twiml).toContain('<say-as interpret-as="digits">512</say-as>');
    expect(call.Twiml).toContain('The address is 1420 Oak Street.');

    expect(texts().map((t) => t.params)).toEqual([
      expect.objectContaining({ To: '+15125550122', From: business.twilioNumber, Body: expect.stringContaining('EMERGENCY - Acme Plumbing\nburst pipe, water everywhere\nJordan Rivera (512) 555-0148') }),
    ]);

    const [mail] = await h.smtp.waitFor(1);
    expect(mail).toMatchObject({ to: ['owner@acme.example'], subject: '[URGENT] Emergency for Acme Plumbing: burst pipe, water everywhere' });
    expect(mail!.html).toContain('EMERGENCY &middot; Acme Plumbing');
    expect(mail!.headers.get('priority')).toBe('high');

    // The chat's lead email, planned when the lead was created, gave way to the emergency.
    expect(leads.detail(lead.id).alerts[0]).toMatchObject({ purpose: 'lead', status: 'cancelled' });
    const round0 = leads.detail(lead.id).alerts.filter((a) => a.round === 0 && a.purpose === 'emergency');
    expect(round0.map((a) => [a.channel, a.status, a.attempts])).toEqual([
      ['desktop', 'sent', 1],
      ['call', 'sent', 1],
      ['sms', 'sent', 1],
      ['email', 'sent', 1],
    ]);
    const callStep = round0.find((a) => a.channel === 'call')!;
    expect(callStep.providerId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(callStep.attemptLog).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent', providerId: callStep.providerId })]);
    expect(ofType('alert.sent').map((e) => (e.data as { channel: string }).channel).sort()).toEqual(['call', 'desktop', 'email', 'sms']);
  });

  it('a voice turn, the same way (the model flagging it works too)', async () => {
    const { leads, customerTurns } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    customerTurns.record(lead.id, { channel: 'voice', text: 'my basement is flooding', callId: 'CA0001' });
    await h.runDue();
    expect(ofType('alert.raised')).toHaveLength(1);
    expect(calls()).toHaveLength(1);
    expect(texts()).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(1);

    const other = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550149' });
    leads.flagEmergency(other.id, 'no heat, elderly caller');
    await h.runDue();
    expect(ofType('alert.raised').map((e) => (e.data as { reason: string }).reason)).toEqual(['burst pipe, water everywhere', 'no heat, elderly caller']);
  });

  it('a lead created URGENT starts it too', async () => {
    const business = h.createBusiness();
    h.server.services.leads.create({ businessId: business.id, channel: 'manual', priority: 'URGENT', summary: 'Gas smell in the garage' });
    await h.runDue();
    expect(ofType('alert.raised')).toHaveLength(1);
    expect(calls()).toHaveLength(1);
  });
});

describe('each plan', () => {
  it('BASIC: no call; the SMS and a formatted email', async () => {
    const business = h.createBusiness({ plan: 'BASIC' });
    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'chat' });
    h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    expect(calls()).toHaveLength(0);
    expect(texts()).toHaveLength(1);
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.subject).toMatch(/^\[URGENT\] Emergency/);
    expect(mail!.html).toBeDefined();
  });

  it('FREE with a Twilio number: the desktop, the SMS (sent from the number) and the basic email; no call (PRO only)', async () => {
    const business = h.createBusiness({ plan: 'FREE' });
    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'chat', callerPhone: '+15125550148' });
    h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    expect(ofType('alert.raised')).toHaveLength(1);
    expect(calls()).toHaveLength(0);
    expect(texts().map((t) => t.params)).toEqual([expect.objectContaining({ To: '+15125550122', From: business.twilioNumber, Body: expect.stringMatching(/^EMERGENCY - Acme Plumbing\nburst pipe/) })]);
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.subject).toBe('Emergency for Acme Plumbing: burst pipe');
    expect(mail!.html).toBeUndefined();
    // No call step at all: not planned, nor shown as skipped (calls are not in the plan, unlike a PRO without a number).
    expect(h.server.services.leads.detail(lead.id).alerts.filter((a) => a.purpose === 'emergency').map((a) => [a.channel, a.status])).toEqual([
      ['desktop', 'sent'],
      ['sms', 'sent'],
      ['email', 'sent'],
    ]);
  });

  it('FREE without a Twilio number: the desktop and the basic plain-text email, nothing from Twilio', async () => {
    const business = h.createBusiness({ plan: 'FREE', twilioNumber: null });
    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'chat' });
    h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    expect(ofType('alert.raised')).toHaveLength(1);
    expect(calls().length + texts().length).toBe(0);
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.subject).toBe('Emergency for Acme Plumbing: burst pipe');
    expect(mail!.html).toBeUndefined();
    expect(mail!.headers.get('priority')).toBeUndefined();
  });
});

describe('one chain per emergency per lead', () => {
  it('a caller repeating "it\'s flooding" starts one chain and sends nothing twice', async () => {
    const { leads, customerTurns } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    for (let i = 0; i < 5; i++) customerTurns.record(lead.id, { channel: 'voice', text: "it's flooding, water everywhere" });
    leads.flagEmergency(lead.id, 'burst pipe, water everywhere');
    await h.runDue();
    expect(ofType('alert.raised')).toHaveLength(1);
    expect(calls()).toHaveLength(1);
    expect(texts()).toHaveLength(1);
    expect(h.server.services.alerts.list({ limit: 10 })).toHaveLength(1);
  });

  it('a new emergency on a running chain upgrades it: one update by SMS and email a minute later, no second chain', async () => {
    const { leads, customerTurns } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    customerTurns.record(lead.id, { channel: 'voice', text: 'the basement is flooding' });
    await h.runDue();
    // Once URGENT, the analyser has nothing higher to say; the model flags the second emergency (twice).
    customerTurns.record(lead.id, { channel: 'voice', text: 'and now I smell gas' });
    leads.flagEmergency(lead.id, 'smell of gas');
    leads.flagEmergency(lead.id, 'smell of gas');
    h.clock.advance(minute);
    await h.runDue();
    expect(ofType('alert.upgraded').map((e) => (e.data as { newReasons: string[] }).newReasons)).toEqual([['smell of gas']]);
    expect(texts().map((t) => t.params.Body!.split('\n').slice(0, 2).join(' | '))).toEqual([
      'EMERGENCY - Acme Plumbing | burst pipe, water everywhere',
      'UPDATE - Acme Plumbing | burst pipe, water everywhere; smell of gas',
    ]);
    expect(calls()).toHaveLength(1);
    const mails = await h.smtp.waitFor(2);
    expect(mails[1]!.subject).toBe('[URGENT] Update: Emergency for Acme Plumbing: burst pipe, water everywhere; smell of gas');
    expect(h.server.services.alerts.list({ limit: 10 })).toHaveLength(1);
  });

  it('a conversation that turns URGENT upgrades its lead notification in place: the plain lead email is replaced', async () => {
    const { leads, customerTurns } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'chat' });
    customerTurns.record(lead.id, { channel: 'chat', text: 'I need a quote for a water heater' });
    const [chain] = h.server.services.alerts.list({ limit: 10 });
    expect(chain).toMatchObject({ kind: 'lead', status: 'active' });
    customerTurns.record(lead.id, { channel: 'chat', text: 'oh no a pipe just burst' });
    await h.runDue();
    expect(h.server.services.alerts.list({ limit: 10 })).toEqual([expect.objectContaining({ id: chain!.id, kind: 'emergency', status: 'active' })]);
    const steps = leads.detail(lead.id).alerts;
    expect(steps[0]).toMatchObject({ purpose: 'lead', status: 'cancelled', error: 'superseded by the emergency alert' });
    h.clock.advance(30 * minute);
    h.server.services.bus.publish('chat.ended', { leadId: lead.id, chatId: 'chat-1' });
    await h.runDue();
    expect(h.smtp.messages.filter((m) => m.subject.startsWith('New lead'))).toHaveLength(0);
  });
});

describe('the model flagging an emergency', () => {
  it('on a lead whose priority the owner set: the chain starts all the same (the flag leaves the priority as set)', async () => {
    const { leads } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    leads.updateByOwner(lead.id, { priority: 'NORMAL' });
    leads.flagEmergency(lead.id, 'gas leak');
    await h.runDue();
    expect(leads.get(lead.id)).toMatchObject({ priority: 'NORMAL', prioritySetBy: 'owner', emergency: true });
    expect(ofType('alert.raised').map((e) => e.data)).toEqual([expect.objectContaining({ leadId: lead.id, reason: 'gas leak' })]);
    expect(calls().map((c) => c.params.To)).toEqual(['+15125550122']);
    expect(texts()).toHaveLength(1);
    expect((await h.smtp.waitFor(1))[0]!.subject).toBe('[URGENT] Emergency for Acme Plumbing: gas leak');
  });

  it('but an owner setting URGENT by hand starts nothing: it is their own decision, not news', async () => {
    const { leads } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.updateByOwner(lead.id, { priority: 'URGENT' });
    await h.runDue();
    expect(leads.get(lead.id)).toMatchObject({ priority: 'URGENT', emergency: true });
    expect(ofType('alert.raised')).toHaveLength(0);
    expect(h.twilio.requests).toHaveLength(0);
    expect(h.server.services.alerts.list({ kind: 'emergency', limit: 10 })).toHaveLength(0);
  });
});

describe('a new emergency once the chain has stopped', () => {
  it('acknowledged: the owner gets the new facts by SMS and email (no calls, no rounds), and the desktop is told', async () => {
    const { leads } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148', address: '1420 Oak Street' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const chainId = (ofType('alert.raised')[0]!.data as { chainId: string }).chainId;
    expect((await h.server.admin('POST', `/api/alerts/${chainId}/acknowledge`)).status).toBe(200);

    leads.flagEmergency(lead.id, 'smell of gas');
    await h.runDue();
    expect(ofType('alert.upgraded').map((e) => e.data)).toEqual([
      expect.objectContaining({
        chainId,
        businessName: 'Acme Plumbing',
        reason: 'smell of gas',
        newReasons: ['smell of gas'],
        status: 'acknowledged',
        rearmed: false,
        lead: expect.objectContaining({ id: lead.id, address: '1420 Oak Street', callerPhone: '+15125550148', emergency: true }),
      }),
    ]);
    h.clock.advance(minute);
    await h.runDue();
    expect(texts().map((t) => [t.params.To, t.params.Body!.split('\n').slice(0, 2).join(' | ')])).toEqual([
      ['+15125550122', 'EMERGENCY - Acme Plumbing | burst pipe'],
      ['+15125550122', 'UPDATE - Acme Plumbing | burst pipe; smell of gas'],
    ]);
    const mails = await h.smtp.waitFor(2);
    expect(mails[1]!.subject).toBe('[URGENT] Update: Emergency for Acme Plumbing: burst pipe; smell of gas');
    expect(calls()).toHaveLength(1);
    expect(h.server.services.alerts.chain(chainId)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'console' });

    const before = h.twilio.requests.length;
    h.clock.advance(60 * minute);
    await h.runDue();
    expect(h.twilio.requests.length).toBe(before);
  });

  it('exhausted: nobody answered, so a new emergency starts the rounds again', async () => {
    const { leads, businesses } = h.server.services;
    const business = h.createBusiness();
    businesses.update(business.id, { alerts: { escalationMinutes: 5, repeatMinutes: 10, maxRepeats: 0 } });
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    h.clock.advance(5 * minute);
    await h.runDue();
    const to = () => calls().map((r) => r.params.To);
    expect(to()).toEqual(['+15125550122', '+15125550133']);
    const [chain] = h.server.services.alerts.list({ limit: 1 });
    expect(chain).toMatchObject({ status: 'exhausted' });

    leads.flagEmergency(lead.id, 'smell of gas');
    await h.runDue();
    expect(h.server.services.alerts.chain(chain!.id)).toMatchObject({ status: 'active', round: 0, reasons: ['burst pipe', 'smell of gas'] });
    expect(ofType('alert.upgraded').map((e) => e.data)).toEqual([expect.objectContaining({ chainId: chain!.id, reason: 'smell of gas', rearmed: true, status: 'active' })]);
    expect(ofType('alert.raised')).toHaveLength(2);
    expect(to()).toEqual(['+15125550122', '+15125550133', '+15125550122']);
    expect(texts().at(-1)!.params.Body).toMatch(/^EMERGENCY - Acme Plumbing\nburst pipe; smell of gas/);

    h.clock.advance(5 * minute);
    await h.runDue();
    expect(to()).toEqual(['+15125550122', '+15125550133', '+15125550122', '+15125550133']);
    expect(h.server.services.alerts.chain(chain!.id).status).toBe('exhausted');
    expect(ofType('alert.exhausted')).toHaveLength(2);
    // It is still one chain: the lead shows both runs.
    expect(h.server.services.alerts.list({ limit: 10 })).toHaveLength(1);
  });
});

describe('updates stay calm', () => {
  const analyserSays = (leadId: string, reason: string) =>
    h.server.services.leads.applyAnalysis(leadId, undefined, { priority: 'URGENT', reasons: [reason], intent: 'emergency', entities: [] });

  it('the model rewording what the analyser said is not news: no update SMS or email', async () => {
    const { leads } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    analyserSays(lead.id, 'active flooding');
    await h.runDue();
    expect(texts()).toHaveLength(1);
    leads.flagEmergency(lead.id, 'Basement flooding from burst pipe');
    h.clock.advance(minute);
    await h.runDue();
    h.clock.advance(10 * minute);
    await h.runDue();
    expect(ofType('alert.upgraded')).toHaveLength(0);
    expect(texts().filter((t) => t.params.Body!.startsWith('UPDATE'))).toHaveLength(0);
    expect(h.smtp.messages.filter((m) => m.subject.includes('Update'))).toHaveLength(0);

    // A different emergency still is news.
    leads.flagEmergency(lead.id, 'smell of gas');
    h.clock.advance(minute);
    await h.runDue();
    expect(ofType('alert.upgraded').map((e) => (e.data as { newReasons: string[] }).newReasons)).toEqual([['smell of gas']]);
    expect(texts().filter((t) => t.params.Body!.startsWith('UPDATE'))).toHaveLength(1);
  });

  it('at most one update in five minutes, with everything new since the last', async () => {
    const { leads } = h.server.services;
    const business = h.createBusiness();
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    leads.flagEmergency(lead.id, 'smell of gas');
    h.clock.advance(minute);
    await h.runDue();
    const updates = () => texts().filter((t) => t.params.Body!.startsWith('UPDATE')).map((t) => t.params.Body!.split('\n')[1]);
    expect(updates()).toEqual(['burst pipe; smell of gas']);

    leads.flagEmergency(lead.id, 'sparks from the outlet');
    h.clock.advance(minute);
    leads.flagEmergency(lead.id, 'elderly resident cannot get out');
    // Five minutes after the first update went, not a minute after the new facts came.
    h.clock.advance(4 * minute - 1);
    await h.runDue();
    expect(updates()).toHaveLength(1);
    h.clock.advance(1);
    await h.runDue();
    expect(updates()).toEqual(['burst pipe; smell of gas', 'burst pipe; smell of gas; sparks from the outlet; elderly resident cannot get out']);
    expect(ofType('alert.upgraded')).toHaveLength(3);
  });
});

describe('escalation', () => {
  it('nothing more before N minutes; then the backup gets the call and the SMS; repeats to both, up to the limit', async () => {
    const { leads, businesses } = h.server.services;
    const business = h.createBusiness();
    businesses.update(business.id, { alerts: { escalationMinutes: 5, repeatMinutes: 10, maxRepeats: 2 } });
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const to = (list: typeof calls) => list().map((r) => r.params.To);
    expect(to(calls)).toEqual(['+15125550122']);

    h.clock.advance(5 * minute - 1);
    await h.runDue();
    expect(to(calls)).toEqual(['+15125550122']);
    expect(ofType('alert.escalated')).toHaveLength(0);

    h.clock.advance(1);
    await h.runDue();
    expect(to(calls)).toEqual(['+15125550122', '+15125550133']);
    expect(to(texts)).toEqual(['+15125550122', '+15125550133']);
    expect(texts()[1]!.params.Body).toContain('You are the backup contact');
    expect(calls()[1]!.params.Twiml).toContain('You are the backup contact.');
    expect(ofType('alert.escalated').map((e) => e.data)).toEqual([expect.objectContaining({ leadId: lead.id, round: 1, businessName: 'Acme Plumbing', reason: 'burst pipe' })]);

    h.clock.advance(10 * minute);
    await h.runDue();
    expect(to(calls)).toEqual(['+15125550122', '+15125550133', '+15125550122', '+15125550133']);
    h.clock.advance(10 * minute);
    await h.runDue();
    expect(calls()).toHaveLength(6);
    expect(ofType('alert.exhausted')).toHaveLength(1);
    h.clock.advance(60 * minute);
    await h.runDue();
    expect(calls()).toHaveLength(6);
    expect(h.server.services.alerts.list({ limit: 1 })[0]).toMatchObject({ status: 'exhausted', round: 3 });
  });
});

describe('acknowledgement', () => {
  async function emergency() {
    const business = h.createBusiness();
    const { leads } = h.server.services;
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const chainId = (ofType('alert.raised')[0]!.data as { chainId: string }).chainId;
    return { business, lead, chainId, callStep: leads.detail(lead.id).alerts.find((a) => a.channel === 'call' && a.round === 0)! };
  }

  async function expectNoMoreAlerts() {
    const before = h.twilio.requests.length;
    h.clock.advance(60 * minute);
    await h.runDue();
    expect(h.twilio.requests.length).toBe(before);
  }

  it('from the console: the chain stops, the planned steps are cancelled and shown so', async () => {
    const { lead, chainId } = await emergency();
    const response = await h.server.admin('POST', `/api/alerts/${chainId}/acknowledge`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: chainId, status: 'acknowledged', acknowledgedVia: 'console' });
    expect(ofType('alert.acknowledged').map((e) => e.data)).toEqual([expect.objectContaining({ chainId, leadId: lead.id, via: 'console', cancelledSteps: 18 })]);
    const later = h.server.services.leads.detail(lead.id).alerts.filter((a) => a.round > 0);
    expect(new Set(later.map((a) => `${a.status}: ${a.error}`))).toEqual(new Set(['cancelled: acknowledged by console']));
    await expectNoMoreAlerts();
    // Twice is fine, and changes nothing.
    expect((await h.server.admin('POST', `/api/alerts/${chainId}/acknowledge`)).body).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'console' });
    expect(ofType('alert.acknowledged')).toHaveLength(1);
  });

  it('by pressing 2 on the alert call', async () => {
    const { chainId, callStep } = await emergency();
    const response = await h.twilioPost(`/twilio/alerts/gather?alert=${callStep.id}`, { CallSid: callStep.providerId!, Digits: '2', From: '+15125550100', To: '+15125550122', AccountSid: h.twilio.accountSid });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toContain('The alert is acknowledged.');
    expect(h.server.services.alerts.chain(chainId)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'call', acknowledgedBy: '+15125550122' });
    await expectNoMoreAlerts();
  });

  it('by pressing 1 when the customer is not on a call: says so, and acknowledges', async () => {
    const { chainId, callStep } = await emergency();
    const response = await h.twilioPost(`/twilio/alerts/gather?alert=${callStep.id}`, { CallSid: callStep.providerId!, Digits: '1' });
    // The voice service can connect a live call; this lead has none, and the call says so.
    expect(response.text).toContain('The customer is not on a call right now, so connecting is not available. The alert is acknowledged.');
    expect(h.server.services.alerts.chain(chainId)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'call' });
  });

  it('by pressing 1 with no way to connect (alerts built without the voice service): says so, and acknowledges', async () => {
    const { chainId, callStep } = await emergency();
    // The server always wires the voice service's connector; the alerts alone, on the same database, have none.
    const services = h.server.services;
    const alone = createAlerts({ ...services, connectOwnerToCall: undefined });
    try {
      const twiml = await alone.keypress({ alertId: callStep.id, callSid: callStep.providerId!, digits: '1' });
      expect(twiml).toMatch(/<Say [^>]*>Connecting is not available. The alert is acknowledged. Goodbye.<\/Say><Hangup\/>/);
    } finally {
      await alone.close();
    }
    expect(services.alerts.chain(chainId)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'call', acknowledgedBy: '+15125550122' });
  });

  it('a key other than 1 or 2 repeats the message and changes nothing', async () => {
    const { chainId, callStep } = await emergency();
    const response = await h.twilioPost(`/twilio/alerts/gather?alert=${callStep.id}`, { CallSid: callStep.providerId!, Digits: '7' });
    expect(response.text).toContain('Press 1 to be connected to the caller, or 2 to acknowledge.');
    expect(response.text).toContain('<Gather input="dtmf" numDigits="1"');
    expect(h.server.services.alerts.chain(chainId).status).toBe('active');
  });

  it('by replying OK to the SMS', async () => {
    const { business, chainId } = await emergency();
    const response = await h.twilioPost('/twilio/sms', { From: '+15125550122', To: business.twilioNumber!, Body: 'Ok, on my way', MessageSid: `SM${'1'.repeat(32)}` });
    expect(response.status).toBe(200);
    expect(response.text).toBe('<Response><Message>Acknowledged: the emergency alert about +15125550148. No more calls or texts about it.</Message></Response>');
    expect(h.server.services.alerts.chain(chainId)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'sms', acknowledgedBy: '+15125550122' });
    await expectNoMoreAlerts();
  });

  it('an SMS that is not OK, or from a number we did not alert, acknowledges nothing', async () => {
    const { business, chainId } = await emergency();
    const hint = await h.twilioPost('/twilio/sms', { From: '+15125550122', To: business.twilioNumber!, Body: 'what?' });
    expect(hint.text).toBe('<Response><Message>Reply OK to acknowledge the emergency alert.</Message></Response>');
    const stranger = await h.twilioPost('/twilio/sms', { From: '+15125559999', To: business.twilioNumber!, Body: 'OK' });
    expect(stranger.text).toBe('<Response/>');
    expect(h.server.services.alerts.chain(chainId).status).toBe('active');
  });

  it('a status callback records what became of the call', async () => {
    const { lead, callStep } = await emergency();
    const response = await h.twilioPost(`/twilio/alerts/status?alert=${callStep.id}`, { CallSid: callStep.providerId!, CallStatus: 'no-answer' });
    expect(response.status).toBe(204);
    expect(h.server.services.leads.detail(lead.id).alerts.find((a) => a.id === callStep.id)).toMatchObject({ delivery: 'no-answer' });
  });
});

describe('webhooks refuse what Twilio did not sign, and change nothing', () => {
  it.each<[string, { signature?: string | null; contentType?: string; body?: string }]>([
    ['unsigned', { signature: null }],
    ['wrongly signed', { signature: 'bm90IGEgc2lnbmF0dXJl' }],
    ['signed for other parameters', { signature: 'sign-other' }],
    ['JSON instead of a form', { contentType: 'application/json', body: '{"Digits":"2"}' }],
    ['signed for a form other than the one sent', { contentType: 'application/x-www-form-urlencoded', body: '%%%&&&==' }],
  ])('%s → 403', async (_name, options) => {
    const business = h.createBusiness();
    const { leads } = h.server.services;
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const callStep = leads.detail(lead.id).alerts.find((a) => a.channel === 'call')!;
    const params = { CallSid: callStep.providerId!, Digits: '2' };
    const signature =
      options.signature === 'sign-other'
        ? twilioSignature(h.twilio.authToken, `${testPublicUrl}/twilio/alerts/gather?alert=${callStep.id}`, { ...params, Digits: '1' })
        : options.signature;
    const before = JSON.stringify(leads.detail(lead.id).alerts);
    for (const path of [`/twilio/alerts/gather?alert=${callStep.id}`, '/twilio/sms', `/twilio/alerts/status?alert=${callStep.id}`]) {
      const body = path === '/twilio/sms' ? { From: '+15125550122', To: business.twilioNumber!, Body: 'OK' } : params;
      const response = await h.twilioPost(path, body, { ...options, signature });
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ error: { code: 'TWILIO_SIGNATURE', message: 'Invalid Twilio signature' } });
    }
    expect(h.server.services.alerts.list({ limit: 5 })[0]!.status).toBe('active');
    expect(JSON.stringify(leads.detail(lead.id).alerts)).toBe(before);
  });

  it.each<[string, (alertId: number, twilioNumber: string) => [string, Record<string, string>], RegExp]>([
    ['a keypress whose CallSid is not a call', (id) => [`/twilio/alerts/gather?alert=${id}`, { CallSid: 'not-a-call', Digits: '2' }], /CallSid/],
    ['a keypress without an alert id', () => ['/twilio/alerts/gather?alert=two', { CallSid: `CA${'a'.repeat(32)}`, Digits: '2' }], /alert/],
    ['a status callback whose CallSid is not a call', (id) => [`/twilio/alerts/status?alert=${id}`, { CallSid: 'CA123', CallStatus: 'completed' }], /CallSid/],
    ['a status callback for no alert', () => ['/twilio/alerts/status', { CallSid: `CA${'a'.repeat(32)}`, CallStatus: 'completed' }], /alert/],
    ['an inbound SMS without To', () => ['/twilio/sms', { From: '+15125550122', Body: 'OK' }], /To/],
  ])('signed but malformed: %s → 403 saying what is wrong, nothing changes', async (_name, request, says) => {
    const business = h.createBusiness();
    const { leads } = h.server.services;
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const callStep = leads.detail(lead.id).alerts.find((a) => a.channel === 'call')!;
    const before = JSON.stringify(leads.detail(lead.id).alerts);
    const [path, params] = request(callStep.id, business.twilioNumber!);
    const response = await h.twilioPost(path, params);
    expect(response.status).toBe(403);
    const { error } = response.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('TWILIO_WEBHOOK_MALFORMED');
    expect(error.message).toMatch(/^Not a well-formed Twilio webhook: /);
    expect(error.message).toMatch(says);
    expect(h.server.services.alerts.list({ limit: 5 })[0]!.status).toBe('active');
    expect(JSON.stringify(leads.detail(lead.id).alerts)).toBe(before);
  });

  it('a keypress signed by Twilio but about another call is not an acknowledgement', async () => {
    const business = h.createBusiness();
    const { leads } = h.server.services;
    const lead = leads.create({ businessId: business.id, channel: 'voice' });
    leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const callStep = leads.detail(lead.id).alerts.find((a) => a.channel === 'call')!;
    const response = await h.twilioPost(`/twilio/alerts/gather?alert=${callStep.id}`, { CallSid: `CA${'f'.repeat(32)}`, Digits: '2' });
    expect(response.text).toContain('This alert is not recognised.');
    expect(h.server.services.alerts.list({ limit: 5 })[0]!.status).toBe('active');
  });
});
