import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlertHarness, type AlertHarness } from '../test-kit/alert-harness.js';

const minute = 60_000;
let h: AlertHarness;
beforeEach(async () => {
  h = await startAlertHarness();
});
afterEach(() => h.stop());

describe('an email per new lead', () => {
  it('a lead taken by hand: at once; PRO gets the formatted email', async () => {
    const business = h.createBusiness({ plan: 'PRO' });
    const response = await h.server.admin('POST', '/api/leads', { businessId: business.id, callerName: 'Sam Lee', callerPhone: '+15125550177', summary: 'Quote for a water heater', priority: 'HIGH' });
    expect(response.status).toBe(201);
    await h.runDue();
    const [mail] = await h.smtp.waitFor(1);
    expect(mail).toMatchObject({ to: ['owner@acme.example'], subject: '[HIGH PRIORITY] New lead for Acme Plumbing: Sam Lee' });
    expect(mail!.text).toContain('Priority: HIGH');
    expect(mail!.text).toContain('Summary: Quote for a water heater');
    expect(mail!.html).toContain('HIGH PRIORITY');
    expect(mail!.headers.get('priority')).toBe('high');
    expect(h.twilio.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    const detail = await h.server.admin('GET', `/api/leads/${response.body.id}`);
    expect(detail.body.alerts).toEqual([expect.objectContaining({ channel: 'email', purpose: 'lead', status: 'sent', attemptLog: [expect.objectContaining({ outcome: 'sent' })] })]);
  });

  it('FREE: the basic alert, plain text, no priority markers', async () => {
    const business = h.createBusiness({ plan: 'FREE', twilioNumber: null });
    h.server.services.leads.create({ businessId: business.id, channel: 'manual', callerName: 'Sam Lee', priority: 'HIGH' });
    await h.runDue();
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.subject).toBe('New lead for Acme Plumbing: Sam Lee');
    expect(mail!.html).toBeUndefined();
    expect(mail!.headers.get('priority')).toBeUndefined();
  });

  it('a chat: when it ends, with everything the chat gathered', async () => {
    const business = h.createBusiness();
    const { leads, bus } = h.server.services;
    const lead = leads.create({ businessId: business.id, channel: 'chat' });
    leads.recordField(lead.id, 'name', 'Sam Lee');
    h.clock.advance(3 * minute);
    await h.runDue();
    expect(h.smtp.messages).toHaveLength(0);
    leads.recordField(lead.id, 'phone', '+15125550177');
    leads.setSummary(lead.id, 'Wants a quote for a water heater');
    bus.publish('chat.ended', { chatId: 'chat-1', leadId: lead.id });
    await h.runDue();
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.subject).toBe('New lead for Acme Plumbing: Sam Lee');
    expect(mail!.text).toContain('Phone:   (512) 555-0177');
    expect(mail!.text).toContain('Summary: Wants a quote for a water heater');
  });

  it('a call that never says it ended: once the lead has been quiet for ten minutes', async () => {
    const business = h.createBusiness();
    const { leads } = h.server.services;
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550177' });
    h.clock.advance(8 * minute);
    leads.recordField(lead.id, 'name', 'Sam Lee');
    h.clock.advance(2 * minute);
    await h.runDue();
    expect(h.smtp.messages).toHaveLength(0);
    expect(leads.detail(lead.id).alerts[0]).toMatchObject({ status: 'planned', dueAt: '2026-11-25T15:18:00.000Z', attempts: 0 });
    h.clock.advance(8 * minute);
    await h.runDue();
    expect((await h.smtp.waitFor(1))[0]!.subject).toBe('New lead for Acme Plumbing: Sam Lee');
    h.server.services.bus.publish('call.ended', { callSid: 'CA1', leadId: lead.id });
    await h.runDue();
    expect(h.smtp.messages).toHaveLength(1);
  });

  it('nothing when the business turned email alerts off', async () => {
    const business = h.createBusiness({ alerts: { email: false } });
    h.server.services.leads.create({ businessId: business.id, channel: 'manual', callerName: 'Sam Lee' });
    await h.runDue();
    expect(h.server.services.alerts.list({ limit: 5 })).toEqual([]);
  });
});

describe('the daily digest', () => {
  it('instead of one email per lead: the day’s leads at 18:00 on the business’s clock, then the next day', async () => {
    const business = h.createBusiness({ plan: 'BASIC', alerts: { dailyDigest: true } });
    const { leads, bus } = h.server.services;
    const one = leads.create({ businessId: business.id, channel: 'manual', callerName: 'Sam Lee', summary: 'Water heater quote' });
    const two = leads.create({ businessId: business.id, channel: 'chat', callerName: 'Ana Diaz' });
    leads.setSummary(two.id, 'Dripping tap');
    bus.publish('chat.ended', { leadId: two.id });
    await h.runDue();
    expect(h.smtp.messages).toHaveLength(0);

    // 09:00 in Chicago now; 18:00 there is midnight UTC.
    h.clock.advance(9 * 60 * minute - 1);
    await h.runDue();
    expect(h.smtp.messages).toHaveLength(0);
    h.clock.advance(1);
    await h.runDue();
    const [digest] = await h.smtp.waitFor(1);
    expect(digest!.subject).toBe('Acme Plumbing: 2 new leads today');
    expect(digest!.text).toContain('[NORMAL]: Sam Lee, lead entered by hand\n  Water heater quote');
    expect(digest!.text).toContain('[NORMAL]: Ana Diaz, website chat\n  Dripping tap');
    expect(digest!.html).toContain('2 new leads');
    // The digest replaced the email per lead: neither lead has one of its own.
    expect([...leads.detail(one.id).alerts, ...leads.detail(two.id).alerts]).toEqual([]);

    // A day without leads sends nothing; the day after covers only its own leads.
    h.clock.advance(24 * 60 * minute);
    await h.runDue();
    expect(h.smtp.messages).toHaveLength(1);
    leads.create({ businessId: business.id, channel: 'manual', callerName: 'Lee Park' });
    h.clock.advance(24 * 60 * minute);
    await h.runDue();
    const mails = await h.smtp.waitFor(2);
    expect(mails[1]!.subject).toBe('Acme Plumbing: 1 new lead today');
    expect(mails[1]!.text).toContain('Lee Park');
    expect(mails[1]!.text).not.toContain('Sam Lee');
  });

  it('emergencies still alert at once, and are listed in the digest too', async () => {
    const business = h.createBusiness({ alerts: { dailyDigest: true } });
    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'voice' });
    h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    expect(h.smtp.messages.map((m) => m.subject)).toEqual(['[URGENT] Emergency for Acme Plumbing: burst pipe']);
    h.clock.advance(9 * 60 * minute);
    await h.runDue();
    const mails = await h.smtp.waitFor(2);
    expect(mails[1]!.subject).toBe('Acme Plumbing: 1 new lead today (1 emergency)');
  });
});
