import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../events/bus.js';
import { startRedisServer, type RedisServer } from '../test-kit/redis-server.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';

const minute = 60_000;
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function server(env: Record<string, string> = {}) {
  let now = Date.parse('2026-11-25T10:00:00.000Z');
  const clock = { now: () => now };
  const handle: TestServer = await startTestServer({ SESSION_TIMEOUT: '30m', ...env }, { clock });
  cleanup.push(() => handle.stop());
  const events: BusEvent[] = [];
  handle.services.bus.subscribe((event) => events.push(event));
  const business = handle.services.businesses.create({ ...demoBusinessInput, widgetOrigins: [...demoBusinessInput.widgetOrigins] });
  const lead = () => handle.services.leads.create({ businessId: business.id, channel: 'voice' }).id;
  const iso = () => new Date(now).toISOString();
  const insertCall = handle.services.db.prepare(
    'INSERT INTO calls (id, business_id, lead_id, status, started_at, ended_at, duration_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertChat = handle.services.db.prepare("INSERT INTO chats (id, business_id, lead_id, status, started_at) VALUES (?, ?, ?, 'open', ?)");
  return {
    handle,
    events,
    advance: (ms: number) => (now += ms),
    iso,
    call(callSid: string, status: string, ended?: { at: string; seconds: number }) {
      const leadId = lead();
      insertCall.run(callSid, business.id, leadId, status, iso(), ended?.at ?? null, ended?.seconds ?? null);
      return leadId;
    },
    chat(chatId: string) {
      const leadId = lead();
      insertChat.run(chatId, business.id, leadId, iso());
      return leadId;
    },
    row: (table: 'calls' | 'chats', id: string) => handle.services.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>,
  };
}

describe.each([
  ['memory', false],
  ['Redis', true],
])('an idle session expiring in the %s store', (_, withRedis) => {
  let redis: RedisServer | undefined;

  async function start() {
    if (!withRedis) return server();
    redis = await startRedisServer();
    cleanup.push(() => redis!.stop());
    const s = await server({ REDIS_URL: redis.url });
    expect(s.handle.services.sessions.status()).toMatchObject({ backend: 'redis', connected: true });
    return s;
  }

  it('finalises its call or chat in SQLite first: ended, and a call in progress completed with its duration', async () => {
    const s = await start();
    const { sessions } = s.handle.services;
    const startedAt = s.iso();
    const callLead = s.call('CA-open', 'in-progress');
    const busyLead = s.call('CA-busy', 'busy');
    s.call('CA-done', 'completed', { at: startedAt, seconds: 42 });
    const chatLead = s.chat('chat-open');
    for (const [id, kind, leadId] of [
      ['CA-open', 'voice', callLead],
      ['CA-busy', 'voice', busyLead],
      ['CA-done', 'voice', 'x'],
      ['chat-open', 'chat', chatLead],
    ] as const) {
      await sessions.create({ id, kind, businessId: 'b', leadId });
    }
    s.advance(2 * minute);
    await sessions.appendTurn('CA-open', { role: 'customer', text: 'water everywhere', at: 0 });
    await sessions.appendTurn('chat-open', { role: 'customer', text: 'hello', at: 0 });
    const lastWord = s.iso();

    s.advance(29 * minute);
    expect(await sessions.sweep()).toBe(2); // CA-busy and CA-done: no write for 31 minutes
    s.advance(2 * minute);
    expect(await sessions.sweep()).toBe(2);
    expect(await sessions.get('CA-open')).toBeUndefined();

    expect(s.row('calls', 'CA-open')).toMatchObject({ status: 'completed', ended_at: lastWord, duration_seconds: 120 });
    expect(s.row('calls', 'CA-busy')).toMatchObject({ status: 'busy', ended_at: startedAt, duration_seconds: null });
    expect(s.row('calls', 'CA-done')).toMatchObject({ status: 'completed', ended_at: startedAt, duration_seconds: 42 });
    expect(s.row('chats', 'chat-open')).toMatchObject({ status: 'ended', ended_at: lastWord });
    expect(s.handle.services.leads.detail(callLead).calls).toMatchObject([{ status: 'completed', durationSeconds: 120 }]);

    const ended = s.events.filter((e) => e.type === 'call.ended' || e.type === 'chat.ended').map((e) => ({ type: e.type, data: e.data }));
    expect(ended).toEqual(
      expect.arrayContaining([
        { type: 'call.ended', data: { callSid: 'CA-open', leadId: callLead, status: 'completed', durationSeconds: 120, reason: 'expired' } },
        { type: 'call.ended', data: { callSid: 'CA-busy', leadId: busyLead, status: 'busy', durationSeconds: null, reason: 'expired' } },
        { type: 'chat.ended', data: { chatId: 'chat-open', leadId: chatLead, reason: 'expired' } },
      ]),
    );
    // The call that was already finished stays as its channel left it, and says nothing.
    expect(ended).toHaveLength(3);
  });
});
