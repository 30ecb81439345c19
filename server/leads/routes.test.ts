import { get as httpGet, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.js';
import { rawRequest } from '../test-kit/http.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';

let server: TestServer;
let businessId: string;
let otherBusinessId: string;
beforeAll(async () => {
  server = await startTestServer();
  businessId = seedDemo(server.services).businessId;
  otherBusinessId = (await server.admin('POST', '/api/businesses', demoBusinessInput)).body.id;
});
afterAll(() => server.stop());

describe('/api/leads', () => {
  it('creates a manual lead with answers, validated and normalised', async () => {
    const created = await server.admin('POST', '/api/leads', {
      businessId,
      callerName: 'Maria Lopez',
      answers: { phone: '(512) 555-0148', address: '1420 Oak Street', issue: 'Water heater leaking' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'manual',
      status: 'new',
      priority: 'NORMAL',
      callerName: 'Maria Lopez',
      callerPhone: '+15125550148',
      address: '1420 Oak Street',
      answers: [
        { field: 'phone', question: 'What is the best number to reach you?', value: '+15125550148' },
        { field: 'address', value: '1420 Oak Street' },
        { field: 'issue', value: 'Water heater leaking' },
      ],
    });
  });

  it('creates nothing when one answer is invalid', async () => {
    const before = (await server.admin('GET', `/api/leads?businessId=${businessId}`)).body.total;
    const response = await server.admin('POST', '/api/leads', { businessId, answers: { name: 'Ok', phone: '12' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'VALIDATION', message: 'phone is not a valid phone number' });
    expect((await server.admin('GET', `/api/leads?businessId=${businessId}`)).body.total).toBe(before);
  });

  it('refuses an unknown field', async () => {
    const response = await server.admin('POST', '/api/leads', { businessId, answers: { shoe_size: '9' } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/Unknown field "shoe_size"/);
  });

  it('shows one lead with its answers, entities, turns and alerts', async () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'chat' });
    const turn = leads.addTurn(lead.id, { channel: 'chat', role: 'customer', text: 'water everywhere at 1420 Oak St' });
    leads.applyAnalysis(lead.id, turn.id, {
      priority: 'URGENT',
      reasons: ['active flooding'],
      intent: 'emergency',
      entities: [{ type: 'address', value: '1420 Oak St', text: '1420 Oak St' }],
    });
    const detail = await server.admin('GET', `/api/leads/${lead.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      priority: 'URGENT',
      emergency: true,
      emergencyNotes: 'active flooding',
      intent: 'emergency',
      address: '1420 Oak St',
      turns: [{ role: 'customer', text: 'water everywhere at 1420 Oak St', priority: 'URGENT', intent: 'emergency' }],
      entities: [{ type: 'address', value: '1420 Oak St', turnId: turn.id }],
      // The emergency started the alert chain (server/alerts): its steps show on the lead.
      alerts: expect.arrayContaining([expect.objectContaining({ channel: 'desktop', purpose: 'emergency', round: 0 })]),
      answers: [],
    });
  });

  it('filters by business, priority, status, channel, date range and text', async () => {
    const { leads } = server.services;
    const a = leads.create({ businessId: otherBusinessId, channel: 'voice', callerPhone: '+15125550177', priority: 'HIGH' });
    const b = leads.create({ businessId: otherBusinessId, channel: 'chat', callerName: 'Zed Quinn' });
    leads.recordField(b.id, 'issue', 'gurgling drain in the basement');
    await server.admin('PATCH', `/api/leads/${b.id}`, { status: 'contacted' });
    const ids = async (query: string) =>
      (await server.admin('GET', `/api/leads?businessId=${otherBusinessId}&${query}`)).body.items.map((l: { id: string }) => l.id);
    expect(await ids('priority=HIGH')).toEqual([a.id]);
    expect(await ids('priority=HIGH,NORMAL')).toEqual([b.id, a.id]);
    expect(await ids('status=contacted')).toEqual([b.id]);
    expect(await ids('channel=voice')).toEqual([a.id]);
    expect(await ids('q=gurgling')).toEqual([b.id]);
    expect(await ids('q=Quinn')).toEqual([b.id]);
    expect(await ids('q=5550177')).toEqual([a.id]);
    expect(await ids('q=100%25_')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids(`from=${today}&to=${today}`)).toEqual([b.id, a.id]);
    expect(await ids('to=2000-01-01')).toEqual([]);
    const page = await server.admin('GET', `/api/leads?businessId=${otherBusinessId}&limit=1&offset=1`);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: a.id }] });
  });

  it('refuses bad filters', async () => {
    for (const query of ['priority=SOON', 'limit=0', 'limit=abc', 'from=yesterday', 'colour=red']) {
      const response = await server.admin('GET', `/api/leads?${query}`);
      expect(response.status, query).toBe(400);
    }
  });

  it('lets the owner set status and a priority that the analyser then leaves alone', async () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'chat' });
    const patched = await server.admin('PATCH', `/api/leads/${lead.id}`, { status: 'won', priority: 'LOW' });
    expect(patched.body).toMatchObject({ status: 'won', priority: 'LOW', prioritySetBy: 'owner' });
    leads.applyAnalysis(lead.id, undefined, { priority: 'URGENT', reasons: ['gas smell'], entities: [] });
    expect(leads.get(lead.id).priority).toBe('LOW');
    expect((await server.admin('PATCH', `/api/leads/${lead.id}`, { status: 'maybe' })).status).toBe(400);
    expect((await server.admin('PATCH', `/api/leads/${lead.id}`, {})).status).toBe(400);
  });

  it('exports CSV, streamed, with formulas defused', async () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'chat', callerName: '=HYPERLINK("http://evil")' });
    leads.recordField(lead.id, 'issue', 'leak, "bad" one\nsecond line');
    const response = await rawRequest(`${server.adminUrl}/api/leads/export.csv?businessId=${businessId}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,business_id,channel,status,priority,emergency,caller_name,caller_phone,caller_email,address,summary,emergency_notes,answers',
    );
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(response.text).toContain('"issue: leak, ""bad"" one\nsecond line"');
    expect(response.text).not.toContain(otherBusinessId);
  });

  it('keeps taking leads while an export is downloading slowly, or abandoned half-way', async () => {
    const { db, leads } = server.services;
    const bulk = (await server.admin('POST', '/api/businesses', { ...demoBusinessInput, twilioNumber: '+15125550177' })).body.id as string;
    // More CSV than the loopback socket buffers hold, so the export cannot finish while the client stalls.
    const summary = 'A long story about a dripping tap. '.repeat(40);
    db.transaction(() => {
      for (let i = 0; i < 12_345; i++) leads.setSummary(leads.create({ businessId: bulk, channel: 'chat', callerName: `Caller ${i}` }).id, summary);
    })();
    const url = `${server.adminUrl}/api/leads/export.csv?businessId=${bulk}`;
    const headers = { authorization: `Bearer ${server.adminToken}` };

    // A download that reads one chunk and stalls, then is given up.
    const stalled = await new Promise<{ response: IncomingMessage; abort(): void }>((resolve, reject) => {
      const request = httpGet(url, { headers }, (response) => {
        response.once('data', () => {
          response.pause();
          resolve({ response, abort: () => request.destroy() });
        });
      });
      request.on('error', () => {});
      request.once('error', reject);
    });
    expect((await server.admin('POST', '/api/leads', { businessId: bulk, callerName: 'During the download' })).status).toBe(201);
    stalled.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await server.admin('POST', '/api/leads', { businessId: bulk, callerName: 'After it was abandoned' })).status).toBe(201);

    // A whole export has every lead exactly once, across its pages.
    const whole = await rawRequest(url, { headers });
    const ids = whole.text.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(ids).toHaveLength(12_347);
    expect(new Set(ids).size).toBe(12_347);
    expect(whole.text).toContain('After it was abandoned');
  });

  it('answers 404 for an unknown lead', async () => {
    expect((await server.admin('GET', '/api/leads/nope')).status).toBe(404);
  });
});
