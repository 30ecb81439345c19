import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../events/bus.js';
import { request, startVisitor } from '../test-kit/chat-client.js';
import { startChatCompletionsStandin } from '../test-kit/chat-completions-standin.js';
import { createChatBusiness, evilOrigin, shopOrigin } from '../test-kit/chat-fixtures.js';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';
import { openSse } from '../test-kit/sse-client.js';
import { chatLimits } from './routes.js';

// No OPENAI_API_KEY: every reply comes from the scripted flow.
let server: TestServer;
let businessId: string;
const events: BusEvent[] = [];
let ipCount = 0;
/** Each test is its own visitor IP, so the per-IP limits of one do not touch another. */
const visitor = (origin = shopOrigin) => ({ origin, ip: `203.0.113.${++ipCount}` });

beforeAll(async () => {
  server = await startTestServer();
  server.services.bus.subscribe((event) => events.push(event));
  businessId = await createChatBusiness(server);
});
afterAll(() => server.stop());

describe('a chat without a model key (scripted flow)', () => {
  it('walks the lead questions, validates the phone number and captures the lead', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    expect(await chat.ask('Hi, my kitchen sink is leaking under the cabinet')).toBe('Thanks for the details. What is your name?');
    expect(await chat.ask('Dana Smith')).toMatch(/What phone number can we reach you on\?$/);
    expect(await chat.ask('call me maybe')).toBe("That doesn't look like a phone number I can call. What phone number can we reach you on?");
    expect(await chat.ask('(512) 555-0199')).toMatch(/What is your email address\?$/);
    expect(await chat.ask('Dana@Example.com')).toMatch(/What is the address of the property\?$/);
    expect(await chat.ask('12 Oak Street, Austin TX')).toMatch(/Someone from Acme Plumbing will get back to you shortly\.$/);
    chat.close();

    const leadId = events.find((e) => e.type === 'chat.started' && (e.data as { chatId: string }).chatId === chat.chatId)!.data as { leadId: string };
    const lead = (await server.admin('GET', `/api/leads/${leadId.leadId}`)).body;
    expect(lead.channel).toBe('chat');
    expect(lead.callerName).toBe('Dana Smith');
    expect(lead.callerPhone).toBe('+15125550199');
    expect(lead.callerEmail).toBe('dana@example.com');
    expect(Object.fromEntries(lead.answers.map((a: { field: string; value: string }) => [a.field, a.value]))).toMatchObject({
      issue: 'Hi, my kitchen sink is leaking under the cabinet',
      address: '12 Oak Street, Austin TX',
    });
    // Every turn stored: six from the visitor, six answers.
    expect(lead.turns.filter((t: { role: string }) => t.role === 'customer')).toHaveLength(6);
    expect(lead.turns.filter((t: { role: string }) => t.role === 'agent')).toHaveLength(6);
    expect(lead.chats).toEqual([expect.objectContaining({ id: chat.chatId, origin: shopOrigin, status: 'open' })]);

    const mine = events.filter((e) => (e.data as { chatId?: string }).chatId === chat.chatId);
    expect(mine.filter((e) => e.type === 'chat.turn')).toHaveLength(12);
    expect(mine.filter((e) => e.type === 'chat.lead').map((e) => (e.data as { field: string }).field)).toEqual(['issue', 'name', 'phone', 'email', 'address']);
  });

  it('says honestly that it does not know, and notes the question for the owner', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    expect(await chat.ask('Do you work on weekends?')).toBe(
      "I don't have the answer to that here, but I've noted your question for the team. What is your name?",
    );
    chat.close();
    const leadId = (events.find((e) => e.type === 'chat.started' && (e.data as { chatId: string }).chatId === chat.chatId)!.data as { leadId: string }).leadId;
    const lead = (await server.admin('GET', `/api/leads/${leadId}`)).body;
    expect(lead.answers).toContainEqual(expect.objectContaining({ field: 'notes', value: 'Question: Do you work on weekends?' }));
  });

  it('streams the reply as events a dropped connection resumes from (Last-Event-ID)', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    await chat.ask('My water heater makes a noise');
    const firstEnd = chat.stream.events.find((e) => e.event === 'reply.end')!;
    expect(chat.stream.events.map((e) => e.event)).toEqual(['reset', 'message', 'reply.start', 'reply.delta', 'reply.end']);
    await chat.ask('Sam');
    chat.close();

    const url = `${server.publicUrl}/widget/chats/${chat.chatId}/events?token=${encodeURIComponent(chat.token)}`;
    const resumed = await openSse(url, { origin: shopOrigin, 'last-event-id': firstEnd.id! });
    const end = await resumed.waitFor((e) => e.event === 'reply.end');
    expect(resumed.events.map((e) => e.event)).toEqual(['message', 'reply.start', 'reply.end']);
    expect(end.data.text).toMatch(/phone number/);
    resumed.close();

    // A reloaded page has no id: everything again, the deltas of finished replies folded into their ends.
    const replay = await openSse(url, { origin: shopOrigin });
    await replay.waitFor((e) => e.event === 'reply.end' && /phone/.test(e.data.text));
    expect(replay.events.map((e) => e.event)).toEqual(['reset', 'message', 'reply.start', 'reply.end', 'message', 'reply.start', 'reply.end']);
    expect(replay.events[1]!.data).toMatchObject({ role: 'customer', text: 'My water heater makes a noise' });
    replay.close();
  });

  it('echoes the widget message id so the message is not shown twice', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    expect((await chat.send('Hello there', 'm1')).status).toBe(202);
    const echo = await chat.stream.waitFor((e) => e.event === 'message');
    expect(echo.data).toMatchObject({ role: 'customer', text: 'Hello there', clientId: 'm1' });
    await chat.stream.waitFor((e) => e.event === 'reply.end');
    chat.close();
  });
});

describe('the chat API refuses', () => {
  it('pages on origins the business has not listed, and gives them no CORS access', async () => {
    const headers = { origin: evilOrigin, 'x-forwarded-for': '198.51.100.1' };
    const config = await request(`${server.publicUrl}/widget/businesses/${businessId}/config`, { headers });
    expect(config.status).toBe(403);
    expect(config.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(config.headers.get('access-control-allow-origin')).toBeNull();
    const start = await request(`${server.publicUrl}/widget/businesses/${businessId}/chats`, { method: 'POST', body: {}, headers });
    expect(start.status).toBe(403);
    const noOrigin = await request(`${server.publicUrl}/widget/businesses/${businessId}/chats`, { method: 'POST', body: {}, headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(noOrigin.status).toBe(403);

    const preflight = (origin: string) =>
      request(`${server.publicUrl}/widget/businesses/${businessId}/chats`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight(evilOrigin)).headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await preflight(shopOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(shopOrigin);

    const ok = await request(`${server.publicUrl}/widget/businesses/${businessId}/config`, { headers: { origin: shopOrigin } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(shopOrigin);
    expect(ok.body).toEqual({ title: 'Acme Plumbing', greeting: 'Hi! How can we help you today?', color: '#1f6feb', position: 'bottom-right', branding: true });
  });

  it('a token that is forged, tampered with or from another chat', async () => {
    const other = await createChatBusiness(server, { name: 'Other Co', widgetOrigins: [shopOrigin] });
    const mine = await startVisitor(server.publicUrl, businessId, visitor());
    const theirs = await startVisitor(server.publicUrl, other, visitor());
    const post = (chatId: string, token: string | undefined) =>
      request(`${server.publicUrl}/widget/chats/${chatId}/messages`, {
        method: 'POST',
        body: { text: 'hello' },
        headers: { origin: shopOrigin, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    expect((await post(mine.chatId, undefined)).body.error.code).toBe('CHAT_TOKEN');
    expect((await post(mine.chatId, theirs.token)).status).toBe(401);
    const [v, chatId, , signature] = mine.token.split('.');
    expect((await post(mine.chatId, `${v}.${chatId}.${other}.${signature}`)).status).toBe(401);
    expect((await post(mine.chatId, mine.token.slice(0, -2) + 'xx')).status).toBe(401);
    expect((await post(mine.chatId, mine.token)).status).toBe(202);
    mine.close();
    theirs.close();
  });

  it('messages that are too long, with clear answers', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    const long = await chat.send('x'.repeat(1001));
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('VALIDATION');
    const huge = await chat.call('messages', { text: 'x'.repeat(20_000) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('BODY_TOO_LARGE');
    chat.close();
  });

  it('too many messages in one chat: the per-chat limit, each reply awaited so no reply is pending', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    for (let i = 0; i < chatLimits.messagesPerChat.max; i++) await chat.ask(`message ${i}`);
    const limited = await chat.send('one more');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toEqual({ code: 'RATE_LIMITED', message: 'Too many requests; please wait 1 minute and try again' });
    chat.close();
    await server.services.chat.idle();
  });

  it('too many messages from one IP across chats: the per-IP limit, each chat under its own limit', async () => {
    const ip = visitor();
    const perChat = chatLimits.messagesPerChat.max;
    let sent = 0;
    while (sent < chatLimits.messagesPerIp.max) {
      const chat = await startVisitor(server.publicUrl, businessId, ip);
      for (let i = 0; i < perChat && sent < chatLimits.messagesPerIp.max; i++, sent++) await chat.ask(`message ${sent}`);
      chat.close();
    }
    const fresh = await startVisitor(server.publicUrl, businessId, ip);
    const limited = await fresh.send('hello');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests; please wait \d+ seconds and try again$/) });
    // The same chat from another IP still talks: the count was the IP's.
    const elsewhere = await request(`${server.publicUrl}/widget/chats/${fresh.chatId}/messages`, {
      method: 'POST',
      body: { text: 'hello again' },
      headers: { origin: shopOrigin, 'x-forwarded-for': visitor().ip, authorization: `Bearer ${fresh.token}` },
    });
    expect(elsewhere.status).toBe(202);
    fresh.close();
    await server.services.chat.idle();
  });

  it('call-backs: limited per chat, and per IP across chats', async () => {
    const refusedNot429 = (status: number) => status !== 429 && status >= 400;
    const one = await startVisitor(server.publicUrl, businessId, visitor());
    for (let i = 0; i < chatLimits.callbacksPerChat.max; i++) expect(refusedNot429((await one.call('callback', {})).status)).toBe(true);
    expect((await one.call('callback', {})).body.error).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests; please wait 10 minutes/) });
    one.close();

    const ip = visitor();
    const statuses: number[] = [];
    while (statuses.length <= chatLimits.callbacksPerIp.max) {
      const chat = await startVisitor(server.publicUrl, businessId, ip);
      // One call fewer than the per-chat limit, so only the per-IP count can refuse.
      for (let i = 0; i < chatLimits.callbacksPerChat.max - 1 && statuses.length <= chatLimits.callbacksPerIp.max; i++) statuses.push((await chat.call('callback', {})).status);
      chat.close();
    }
    expect(statuses.slice(0, chatLimits.callbacksPerIp.max).every(refusedNot429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('ending chats is limited per IP', async () => {
    const headers = { origin: shopOrigin, 'x-forwarded-for': visitor().ip };
    const statuses: number[] = [];
    for (let i = 0; i <= chatLimits.endsPerIp.max; i++) {
      statuses.push((await request(`${server.publicUrl}/widget/chats/${randomUUID()}/end`, { method: 'POST', body: {}, headers })).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('chats beyond the per-IP start limit', async () => {
    const headers = { origin: shopOrigin, 'x-forwarded-for': '192.0.2.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await request(`${server.publicUrl}/widget/businesses/${businessId}/chats`, { method: 'POST', body: {}, headers })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('the visitor ends the chat', () => {
  it('POST /widget/chats/:id/end ends it: 204, chat.ended on the bus, ended on the stream, no more messages', async () => {
    const chat = await startVisitor(server.publicUrl, businessId, visitor());
    await chat.ask('My water heater is leaking');
    const ended = new Promise<BusEvent>((resolve) => server.services.bus.subscribe((e) => e.type === 'chat.ended' && (e.data as { chatId: string }).chatId === chat.chatId && resolve(e)));
    const res = await chat.call('end', {});
    expect(res.status).toBe(204);
    expect((await ended).data).toMatchObject({ chatId: chat.chatId, reason: 'visitor' });
    await chat.stream.waitFor((e) => e.event === 'ended');
    expect((await chat.send('hello?')).body.error.code).toBe('CHAT_ENDED');
    const leadId = (events.find((e) => e.type === 'chat.started' && (e.data as { chatId: string }).chatId === chat.chatId)!.data as { leadId: string }).leadId;
    expect((await server.admin('GET', `/api/leads/${leadId}`)).body.chats[0].status).toBe('ended');
    // Another visitor's token cannot end it, and a forged one is refused.
    const other = await startVisitor(server.publicUrl, businessId, visitor());
    const forged = await request(`${server.publicUrl}/widget/chats/${other.chatId}/end`, { method: 'POST', body: {}, headers: { origin: shopOrigin, authorization: `Bearer ${chat.token}` } });
    expect(forged.status).toBe(401);
    chat.close();
    other.close();
  });
});

describe('a reply still pending', () => {
  it('refuses a fourth message while three wait for their answers: the pending-replies cap, not a rate limit', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const standin = await startChatCompletionsStandin({ scenario: async () => (await held, { text: 'Thanks!' }) });
    const slow = await startTestServer({ OPENAI_API_KEY: standin.apiKey, OPENAI_BASE_URL: standin.baseUrl });
    try {
      const id = await createChatBusiness(slow);
      const chat = await startVisitor(slow.publicUrl, id, { origin: shopOrigin });
      for (let i = 0; i < 3; i++) expect((await chat.send(`message ${i}`)).status).toBe(202);
      const fourth = await chat.send('message 3');
      expect(fourth.status).toBe(429);
      expect(fourth.body.error).toEqual({ code: 'RATE_LIMITED', message: 'Please wait for the answer before sending more' });
      release();
      await slow.services.chat.idle();
      expect((await chat.send('message 4')).status).toBe(202);
      chat.close();
    } finally {
      release();
      await slow.stop();
      await standin.close();
    }
  });
});

describe('a full appliance', () => {
  it('answers 503 CHAT_FULL when every line is busy, and writes nothing', async () => {
    const small = await startTestServer({ MAX_IN_MEMORY_SESSIONS: '1' });
    try {
      const id = await createChatBusiness(small);
      const first = await startVisitor(small.publicUrl, id, { origin: shopOrigin });
      const refused = await request(`${small.publicUrl}/widget/businesses/${id}/chats`, { method: 'POST', body: {}, headers: { origin: shopOrigin } });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toEqual({ code: 'CHAT_FULL', message: 'All our lines are busy right now; please try again in a minute' });
      expect((await small.admin('GET', `/api/leads?businessId=${id}`)).body.total).toBe(1);
      first.close();
    } finally {
      await small.stop();
    }
  });

  it('ends idle chats (the owner then gets the new-lead email) and tells the widget', async () => {
    const quick = await startTestServer({ SESSION_TIMEOUT: '1s' });
    try {
      const id = await createChatBusiness(quick);
      const ended = new Promise<BusEvent>((resolve) => quick.services.bus.subscribe((e) => e.type === 'chat.ended' && resolve(e)));
      const chat = await startVisitor(quick.publicUrl, id, { origin: shopOrigin });
      await chat.ask('Is anyone there');
      const event = await ended;
      expect(event.data).toMatchObject({ chatId: chat.chatId, reason: 'idle' });
      await chat.stream.waitFor((e) => e.event === 'ended');
      const lead = (await quick.admin('GET', `/api/leads/${(event.data as { leadId: string }).leadId}`)).body;
      expect(lead.chats[0].status).toBe('ended');
      expect((await chat.send('hello?')).body.error.code).toBe('CHAT_ENDED');
    } finally {
      await quick.stop();
    }
  });
});

describe('a chat with a knowledge base and no model key', () => {
  it('answers questions about the business from it by keywords, for that business only', async () => {
    const asked: Array<{ businessId: string; query: string }> = [];
    const withKnowledge = await startTestServer(
      {},
      {
        knowledge: {
          async search(businessId, query) {
            asked.push({ businessId, query });
            return {
              mode: 'keyword',
              hits: /weekend/i.test(query)
                ? [{ chunkId: 1, text: 'We work 7 days a week, weekends included, at no extra charge.', heading: 'Hours', score: 3.2, source: { documentId: 'd1', title: 'Opening hours', kind: 'faq', position: 0 } }]
                : [],
            };
          },
        },
      },
    );
    try {
      const id = await createChatBusiness(withKnowledge);
      const chat = await startVisitor(withKnowledge.publicUrl, id, { origin: shopOrigin });
      expect(await chat.ask('Do you work on weekends?')).toBe(
        'From "Opening hours": We work 7 days a week, weekends included, at no extra charge. What is your name?',
      );
      expect(await chat.ask('How much is a <b>new boiler</b>?')).toBe(
        "I don't have the answer to that here, but I've noted your question for the team. What is your name?",
      );
      expect(asked.map((a) => a.businessId)).toEqual([id, id]);
      chat.close();
    } finally {
      await withKnowledge.stop();
    }
  });
});
