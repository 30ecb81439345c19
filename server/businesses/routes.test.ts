import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../test-kit/http.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

let numberSeq = 300;
const business = (overrides: Record<string, unknown> = {}) => ({ ...demoBusinessInput, twilioNumber: `+15125550${numberSeq++}`, ...overrides });
const count = (table: string) => (server.services.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('businesses', () => {
  it('creates a business and answers 201 with the stored object', async () => {
    const input = business();
    const created = await server.admin('POST', '/api/businesses', input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'Acme Plumbing',
      industry: 'plumbing',
      plan: 'PRO',
      twilioNumber: input.twilioNumber,
      ownerEmail: 'owner@acme.example',
      backupPhone: null,
      timezone: 'America/Chicago',
      greeting: 'Thanks for calling Acme Plumbing. How can I help you today?',
      widgetOrigins: ['https://acme.example'],
      features: { voiceAgent: true, maxQuestions: null },
      voice: { voice: 'marin', vad: { threshold: 0.5 } },
      widget: { title: 'Acme Plumbing', hideBranding: false },
      alerts: { escalationMinutes: 5 },
    });
    const fetched = await server.admin('GET', `/api/businesses/${created.body.id}`);
    expect(fetched.body).toEqual(created.body);
    const listed = await server.admin('GET', '/api/businesses');
    expect(listed.body.map((b: { id: string }) => b.id)).toContain(created.body.id);
  });

  it('updates part of a business, settings merged one key at a time', async () => {
    const { body: created } = await server.admin('POST', '/api/businesses', business());
    const patched = await server.admin('PATCH', `/api/businesses/${created.id}`, {
      name: 'Acme Rooter',
      voice: { vad: { silenceDurationMs: 800 } },
      widget: { color: '#ff0000' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Acme Rooter',
      voice: { vad: { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 800 } },
      widget: { color: '#ff0000', title: 'Acme Rooter' },
    });
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
  });

  it('deletes a business with its questions and leads', async () => {
    const { body: created } = await server.admin('POST', '/api/businesses', business());
    await server.admin('POST', `/api/businesses/${created.id}/questions`, { text: 'Name?', kind: 'text' });
    await server.admin('POST', '/api/leads', { businessId: created.id });
    expect((await server.admin('DELETE', `/api/businesses/${created.id}`)).status).toBe(204);
    expect((await server.admin('GET', `/api/businesses/${created.id}`)).status).toBe(404);
    const orphans = server.services.db.prepare('SELECT count(*) AS n FROM questions WHERE business_id = ?').get(created.id) as { n: number };
    expect(orphans.n).toBe(0);
  });

  it('keeps Twilio numbers unique', async () => {
    const input = business();
    await server.admin('POST', '/api/businesses', input);
    const again = await server.admin('POST', '/api/businesses', { ...input, name: 'Other' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  describe('refuses bad input with 400 {error:{code,message}} and writes nothing', () => {
    const cases: Array<[string, string | Record<string, unknown>, string]> = [
      ['malformed JSON', '{"name": "Acme", ', 'INVALID_JSON'],
      ['an unknown field', { ...demoBusinessInput, twilioNumber: '+15125550001', isAdmin: true }, 'VALIDATION'],
      ['a wrong type', { ...demoBusinessInput, twilioNumber: '+15125550002', name: 42 }, 'VALIDATION'],
      ['a string where a boolean is expected', { ...demoBusinessInput, twilioNumber: '+15125550003', widget: { hideBranding: 'true' } }, 'VALIDATION'],
      ['an unknown plan', { ...demoBusinessInput, twilioNumber: '+15125550004', plan: 'GOLD' }, 'VALIDATION'],
      ['a phone that is not E.164', { ...demoBusinessInput, twilioNumber: '512-555-0100' }, 'VALIDATION'],
      ['a bad email', { ...demoBusinessInput, twilioNumber: '+15125550005', ownerEmail: 'not-an-email' }, 'VALIDATION'],
      ['an unknown time zone', { ...demoBusinessInput, twilioNumber: '+15125550006', timezone: 'Mars/Olympus' }, 'VALIDATION'],
      ['a widget origin with a path', { ...demoBusinessInput, twilioNumber: '+15125550007', widgetOrigins: ['https://a.example/page'] }, 'VALIDATION'],
      ['a missing required field', { name: 'Half' }, 'VALIDATION'],
      ['an oversize body', { ...demoBusinessInput, twilioNumber: '+15125550008', greeting: 'x'.repeat(300_000) }, 'BODY_TOO_LARGE'],
    ];
    it.each(cases)('%s', async (_name, body, code) => {
      const before = count('businesses');
      const response = await rawRequest(`${server.adminUrl}/api/businesses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
      expect(count('businesses')).toBe(before);
    });

    it('on PATCH too', async () => {
      const { body: created } = await server.admin('POST', '/api/businesses', business());
      const response = await server.admin('PATCH', `/api/businesses/${created.id}`, { name: 'New', voice: { vad: { threshold: 3 } } });
      expect(response.status).toBe(400);
      expect((await server.admin('GET', `/api/businesses/${created.id}`)).body.name).toBe('Acme Plumbing');
    });
  });

  it('answers 404 for an unknown business', async () => {
    const response = await server.admin('GET', '/api/businesses/no-such-id');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('lead questions', () => {
  async function freeBusiness() {
    return (await server.admin('POST', '/api/businesses', business({ plan: 'FREE' }))).body as { id: string };
  }

  it('creates, lists in order, updates and deletes questions', async () => {
    const { id } = await freeBusiness();
    const name = await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'What is your name?', kind: 'text' });
    expect(name.status).toBe(201);
    expect(name.body).toMatchObject({ field: 'name', kind: 'text', required: true, isEssentialForEmergency: false, position: 0, active: true });
    const phone = await server.admin('POST', `/api/businesses/${id}/questions`, {
      text: 'Best number?',
      kind: 'phone',
      isEssentialForEmergency: true,
      position: 0,
    });
    expect(phone.body).toMatchObject({ field: 'phone', position: 0, isEssentialForEmergency: true });
    const list = await server.admin('GET', `/api/businesses/${id}/questions`);
    expect(list.body.map((q: { field: string; position: number }) => [q.field, q.position])).toEqual([
      ['phone', 0],
      ['name', 1],
    ]);
    const updated = await server.admin('PATCH', `/api/businesses/${id}/questions/${name.body.id}`, { text: 'Your full name?', position: 0 });
    expect(updated.body).toMatchObject({ text: 'Your full name?', position: 0 });
    expect((await server.admin('DELETE', `/api/businesses/${id}/questions/${phone.body.id}`)).status).toBe(204);
    const after = await server.admin('GET', `/api/businesses/${id}/questions`);
    expect(after.body).toHaveLength(1);
    expect(after.body[0]).toMatchObject({ id: name.body.id, position: 0 });
  });

  it('reorders with the full list of ids, and refuses a partial one', async () => {
    const { id } = await freeBusiness();
    const ids: string[] = [];
    for (const text of ['A?', 'B?', 'C?']) ids.push((await server.admin('POST', `/api/businesses/${id}/questions`, { text, kind: 'text' })).body.id);
    const reordered = await server.admin('PUT', `/api/businesses/${id}/questions/order`, { ids: [ids[2], ids[0], ids[1]] });
    expect(reordered.body.map((q: { text: string }) => q.text)).toEqual(['C?', 'A?', 'B?']);
    const partial = await server.admin('PUT', `/api/businesses/${id}/questions/order`, { ids: [ids[0]] });
    expect(partial.status).toBe(400);
    expect((await server.admin('GET', `/api/businesses/${id}/questions`)).body.map((q: { text: string }) => q.text)).toEqual(['C?', 'A?', 'B?']);
  });

  it('validates choices and field keys', async () => {
    const { id } = await freeBusiness();
    expect((await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'Which?', kind: 'choice' })).status).toBe(400);
    expect((await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'Which?', kind: 'text', choices: ['a'] })).status).toBe(400);
    expect((await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'X?', kind: 'text', field: 'Bad Field' })).status).toBe(400);
    await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'X?', kind: 'text', field: 'x' });
    const duplicate = await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'Y?', kind: 'text', field: 'x' });
    expect(duplicate.status).toBe(409);
  });

  it('allows at most 5 questions on FREE: the sixth gets 403 PLAN_LIMIT', async () => {
    const { id } = await freeBusiness();
    for (let i = 1; i <= 5; i++) {
      expect((await server.admin('POST', `/api/businesses/${id}/questions`, { text: `Question ${i}?`, kind: 'text' })).status).toBe(201);
    }
    const sixth = await server.admin('POST', `/api/businesses/${id}/questions`, { text: 'Question 6?', kind: 'text' });
    expect(sixth.status).toBe(403);
    expect(sixth.body.error.code).toBe('PLAN_LIMIT');
    expect((await server.admin('GET', `/api/businesses/${id}/questions`)).body).toHaveLength(5);
  });

  it('keeps questions beyond the limit after a downgrade, paused, and brings them back on upgrade', async () => {
    const { body: pro } = await server.admin('POST', '/api/businesses', business({ plan: 'BASIC' }));
    for (let i = 1; i <= 7; i++) await server.admin('POST', `/api/businesses/${pro.id}/questions`, { text: `Q${i}?`, kind: 'text' });
    await server.admin('PATCH', `/api/businesses/${pro.id}`, { plan: 'FREE' });
    const paused = await server.admin('GET', `/api/businesses/${pro.id}/questions`);
    expect(paused.body.map((q: { active: boolean }) => q.active)).toEqual([true, true, true, true, true, false, false]);
    expect(server.services.questions.active(pro.id)).toHaveLength(5);
    const eighth = await server.admin('POST', `/api/businesses/${pro.id}/questions`, { text: 'Q8?', kind: 'text' });
    expect(eighth.status).toBe(403);
    await server.admin('PATCH', `/api/businesses/${pro.id}`, { plan: 'PRO' });
    expect(server.services.questions.active(pro.id)).toHaveLength(7);
  });
});
