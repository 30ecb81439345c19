import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlertHarness, type AlertHarness } from '../test-kit/alert-harness.js';

let h: AlertHarness;
beforeEach(async () => {
  h = await startAlertHarness();
});
afterEach(() => h.stop());

describe('/api/alerts', () => {
  it('lists the chains and shows one with each step and every attempt', async () => {
    const business = h.createBusiness();
    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'voice' });
    h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    const list = await h.server.admin('GET', `/api/alerts?businessId=${business.id}&status=active&kind=emergency`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ leadId: lead.id, kind: 'emergency', status: 'active', reasons: ['burst pipe'] })]);
    const chain = await h.server.admin('GET', `/api/alerts/${list.body.items[0].id}`);
    expect(chain.body.steps.filter((s: { round: number }) => s.round === 0).map((s: { channel: string; status: string; attemptLog: unknown[] }) => [s.channel, s.status, s.attemptLog.length])).toEqual([
      ['email', 'cancelled', 0],
      ['desktop', 'sent', 1],
      ['call', 'sent', 1],
      ['sms', 'sent', 1],
      ['email', 'sent', 1],
    ]);
    expect((await h.server.admin('GET', '/api/alerts?status=done')).body.items).toEqual([]);
  });

  it('refuses what it cannot do, and changes nothing', async () => {
    expect((await h.server.admin('GET', '/api/alerts/nope')).status).toBe(404);
    expect((await h.server.admin('POST', '/api/alerts/nope/acknowledge')).status).toBe(404);
    expect((await h.server.admin('GET', '/api/alerts?status=bogus')).body.error.code).toBe('VALIDATION');
    expect((await h.server.admin('GET', '/api/alerts?limit=0')).body.error.code).toBe('VALIDATION');
    const business = h.createBusiness();
    h.server.services.leads.create({ businessId: business.id, channel: 'manual' });
    const [chain] = h.server.services.alerts.list({ limit: 1 });
    const refused = await h.server.admin('POST', `/api/alerts/${chain!.id}/acknowledge`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: 'Only an emergency alert can be acknowledged' } } });
  });

  it('needs the admin token, like the rest of the admin API', async () => {
    const response = await fetch(`${h.server.adminUrl}/api/alerts`);
    expect(response.status).toBe(401);
  });
});

describe('/api/businesses/:id/alert-templates', () => {
  it('lists the templates, each the default until edited', async () => {
    const business = h.createBusiness();
    const { body } = await h.server.admin('GET', `/api/businesses/${business.id}/alert-templates`);
    expect(body.items.map((t: { name: string; format: string; custom: boolean }) => `${t.name}:${t.format}:${t.custom}`)).toEqual([
      'emergency-call:ssml:false',
      'emergency-sms:text:false',
      'emergency-email-text:text:false',
      'emergency-email-html:html:false',
      'lead-email-text:text:false',
      'lead-email-html:html:false',
      'digest-email-text:text:false',
      'digest-email-html:html:false',
    ]);
  });

  it('previews unsaved text, saves it for this business only, uses it, and resets to the default', async () => {
    const business = h.createBusiness();
    const other = h.createBusiness({ name: 'Other Plumbing' });
    const path = `/api/businesses/${business.id}/alert-templates/emergency-sms`;
    const source = 'URGENT {{businessName}}: {{reason}}{{#address}} at {{address}}{{/address}}. Call {{callerPhone}}.';

    const preview = await h.server.admin('POST', `${path}/preview`, { source });
    expect(preview.body).toEqual({ name: 'emergency-sms', text: 'URGENT Acme Plumbing: burst pipe, water coming through the kitchen ceiling at 1420 Oak Street. Call (512) 555-0148.', characters: 115 });

    const saved = await h.server.admin('PUT', path, { source });
    expect(saved.body).toMatchObject({ name: 'emergency-sms', custom: true, source });
    expect(existsSync(join(h.server.dataDir, 'alert-templates', business.id, 'emergency-sms.txt'))).toBe(true);
    expect((await h.server.admin('GET', `/api/businesses/${other.id}/alert-templates/emergency-sms`)).body.custom).toBe(false);

    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
    await h.runDue();
    expect(h.twilio.requests.find((r) => r.path.endsWith('/Messages.json'))!.params.Body).toBe('URGENT Acme Plumbing: burst pipe. Call (512) 555-0148.');

    const reset = await h.server.admin('DELETE', path);
    expect(reset.body).toMatchObject({ custom: false });
    expect(reset.body.source).toContain('{{^update}}EMERGENCY{{/update}} - {{businessName}}');
  });

  it('previews a real lead, the call as TwiML, and an email with its subject', async () => {
    const business = h.createBusiness();
    const lead = h.server.services.leads.create({ businessId: business.id, channel: 'chat', callerName: 'Ana Diaz', address: '9 Elm St' });
    const call = await h.server.admin('POST', `/api/businesses/${business.id}/alert-templates/emergency-call/preview`, { leadId: lead.id, purpose: 'escalation' });
    expect(call.body.ssml).toContain('The caller is Ana Diaz.');
    expect(call.body.ssml).toContain('You are the backup contact.');
    expect(call.body.twiml).toMatch(/^<Response><Gather input="dtmf" numDigits="1"/);
    const email = await h.server.admin('POST', `/api/businesses/${business.id}/alert-templates/lead-email-html/preview`, {});
    expect(email.body).toMatchObject({ name: 'lead-email-html', subject: '[URGENT] New lead for Acme Plumbing: Jordan Rivera' });
    expect(email.body.html).toContain('<!doctype html>');
    const elsewhere = h.createBusiness({ name: 'Other' });
    expect((await h.server.admin('POST', `/api/businesses/${elsewhere.id}/alert-templates/emergency-call/preview`, { leadId: lead.id })).status).toBe(404);
  });

  it('refuses a template that does not render or that Twilio would refuse, and keeps the old one', async () => {
    const business = h.createBusiness();
    const path = `/api/businesses/${business.id}/alert-templates/emergency-call`;
    for (const source of ['<p>{{#reason}}never closed</p>', '<p>Alert</p><Dial>+19005550100</Dial>', 'Fish & chips']) {
      const response = await h.server.admin('PUT', path, { source });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION');
    }
    const preview = await h.server.admin('POST', `${path}/preview`, { source: '<p>unclosed' });
    expect(preview.body.error.message).toBe('Template emergency-call gives SSML Twilio would refuse: <p> is never closed');
    expect((await h.server.admin('GET', path)).body.custom).toBe(false);
    expect((await h.server.admin('PUT', `/api/businesses/${business.id}/alert-templates/nope`, { source: 'x' })).status).toBe(400);
    expect((await h.server.admin('PUT', path, { source: 'x', extra: 1 })).status).toBe(400);
    expect((await h.server.admin('GET', '/api/businesses/missing/alert-templates')).status).toBe(404);
  });
});
