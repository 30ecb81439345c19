import { describe, expect, it } from 'vitest';
import { Conflict, NotFound, SessionsFull, Unavailable } from '../errors.js';
import { createEventBus, type BusEvent } from '../events/bus.js';
import { createMemorySessionStore } from './memory-store.js';
import { createMemoryWatch } from './memory-watch.js';
import { maxSessionTurns, type Session } from './session-store.js';

const minute = 60_000;

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const voice = (id: string) => ({ id, kind: 'voice' as const, businessId: 'b1', leadId: `lead-${id}` });
const chat = (id: string) => ({ id, kind: 'chat' as const, businessId: 'b1', leadId: `lead-${id}` });

describe('memory session store', () => {
  it('keeps what was written, with a version that rises on every write', async () => {
    const clock = fakeClock();
    const store = createMemorySessionStore({ maxSessions: 10, clock, sweepIntervalMs: 0 });
    const created = await store.create({ ...voice('CA1'), state: { step: 'greeting' } });
    expect(created).toMatchObject({ id: 'CA1', kind: 'voice', live: true, state: { step: 'greeting' }, turns: [] });
    clock.advance(1000);
    const updated = await store.update('CA1', (s) => {
      s.state.step = 'address';
    });
    expect(updated.version).toBeGreaterThan(created.version);
    const withTurn = await store.appendTurn('CA1', { role: 'customer', text: 'my basement is flooding', at: clock.now() });
    expect(withTurn.version).toBeGreaterThan(updated.version);
    expect(await store.get('CA1')).toEqual(withTurn);
    await store.end('CA1');
    expect(await store.get('CA1')).toMatchObject({ live: false, endedAt: clock.now(), state: { step: 'address' } });
    await expect(store.update('nope', () => undefined)).rejects.toBeInstanceOf(NotFound);
    await store.end('nope');
    await store.close();
  });

  it('reports every session it drops for good (evicted or expired) with its final version, and not copies removed on request', async () => {
    const clock = fakeClock();
    const drops: Array<[string, string, number]> = [];
    const store = createMemorySessionStore({
      maxSessions: 2,
      clock,
      sessionTimeoutMs: 30 * minute,
      sweepIntervalMs: 0,
      onDrop: (session, reason) => drops.push([session.id, reason, session.version]),
    });
    await store.create(chat('c1'));
    await store.end('c1');
    const ended = store.peek('c1')!.version;
    await store.create(voice('CA1'));
    await store.create(voice('CA2'));
    expect(drops).toEqual([['c1', 'evicted', ended]]);
    clock.advance(31 * minute);
    const last = store.peek('CA1')!.version;
    store.remove('CA2');
    expect(await store.sweep()).toBe(1);
    expect(drops).toEqual([
      ['c1', 'evicted', ended],
      ['CA1', 'expired', last],
    ]);
    await store.close();
  });

  it('hands out copies: changing a returned session changes nothing stored', async () => {
    const store = createMemorySessionStore({ maxSessions: 10, sweepIntervalMs: 0 });
    const session = await store.create(chat('c1'));
    session.state.hacked = true;
    (await store.get('c1'))!.turns.push({ role: 'agent', text: 'x', at: 0 });
    expect(await store.get('c1')).toMatchObject({ state: {}, turns: [] });
    await store.close();
  });

  it('keeps only the last turns', async () => {
    const store = createMemorySessionStore({ maxSessions: 10, sweepIntervalMs: 0 });
    await store.create(chat('c1'));
    for (let i = 0; i < maxSessionTurns + 7; i++) await store.appendTurn('c1', { role: 'customer', text: `turn ${i}`, at: i });
    const { turns } = (await store.get('c1'))!;
    expect(turns).toHaveLength(maxSessionTurns);
    expect(turns[0]!.text).toBe('turn 7');
    expect(turns.at(-1)!.text).toBe(`turn ${maxSessionTurns + 6}`);
    await store.close();
  });

  it('refuses a second live session under one id, and replaces an ended one with a higher version', async () => {
    const store = createMemorySessionStore({ maxSessions: 10, sweepIntervalMs: 0 });
    const first = await store.create(chat('c1'));
    await expect(store.create(chat('c1'))).rejects.toBeInstanceOf(Conflict);
    await store.end('c1');
    const ended = (await store.get('c1'))!;
    const again = await store.create({ ...chat('c1'), state: { rebuilt: true } });
    expect(again).toMatchObject({ live: true, state: { rebuilt: true }, turns: [] });
    expect(again.version).toBeGreaterThan(ended.version);
    expect(ended.version).toBeGreaterThan(first.version);
    await store.close();
  });

  describe('at the cap (MAX_IN_MEMORY_SESSIONS)', () => {
    it('evicts ended sessions first, then idle chats, oldest first; never a live call', async () => {
      const clock = fakeClock();
      const store = createMemorySessionStore({ maxSessions: 4, idleAfterMs: 5 * minute, clock, sweepIntervalMs: 0 });
      await store.create(chat('idle-old'));
      clock.advance(1000);
      await store.create(chat('idle-new'));
      clock.advance(1000);
      await store.create(voice('CA-quiet'));
      await store.create(voice('CA-ended'));
      await store.end('CA-ended');
      clock.advance(10 * minute); // every session above has had no write for 10 minutes

      await store.create(voice('CA-new1'));
      expect(await store.get('CA-ended')).toBeUndefined();
      expect(await store.get('idle-old')).toBeDefined();

      await store.create(voice('CA-new2'));
      expect(await store.get('idle-old')).toBeUndefined();
      expect(await store.get('idle-new')).toBeDefined();

      await store.create(voice('CA-new3'));
      expect(await store.get('idle-new')).toBeUndefined();
      // A call nobody has spoken on for 10 minutes is still a caller on the line.
      expect(await store.get('CA-quiet')).toMatchObject({ live: true });
      expect(store.stats()).toMatchObject({ activeVoiceSessions: 4, totalActiveSessions: 4 });
    });

    it('refuses a new session with SessionsFull when only live ones remain, and writes nothing', async () => {
      const clock = fakeClock();
      const store = createMemorySessionStore({ maxSessions: 2, idleAfterMs: 5 * minute, clock, sweepIntervalMs: 0 });
      await store.create(voice('CA1'));
      await store.create(chat('c-active'));
      clock.advance(minute);
      await store.update('c-active', (s) => void (s.state.typing = true));
      const refused = await store.create(chat('c-new')).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SessionsFull);
      // Channels that only know Unavailable keep working.
      expect(refused).toBeInstanceOf(Unavailable);
      expect(refused).toMatchObject({ statusCode: 503, code: 'SESSIONS_FULL' });
      expect(await store.get('c-new')).toBeUndefined();
      expect(store.stats().totalActiveSessions).toBe(2);

      // The chat falls idle: its room goes to the newcomer.
      clock.advance(6 * minute);
      await store.create(chat('c-new'));
      expect(await store.get('c-active')).toBeUndefined();
      expect(await store.get('CA1')).toBeDefined();
    });
  });

  describe('expiry (SESSION_TIMEOUT)', () => {
    it('finalises an idle session, then drops it; a session written to recently stays', async () => {
      const clock = fakeClock();
      const finalised: Session[] = [];
      const store = createMemorySessionStore({
        maxSessions: 10,
        sessionTimeoutMs: 30 * minute,
        clock,
        sweepIntervalMs: 0,
        onExpire: (session) => void finalised.push(session),
      });
      await store.create(voice('CA-idle'));
      await store.create(chat('c-busy'));
      clock.advance(29 * minute);
      await store.appendTurn('c-busy', { role: 'customer', text: 'still here', at: clock.now() });
      expect(await store.sweep()).toBe(0);

      clock.advance(minute);
      expect(await store.sweep()).toBe(1);
      expect(finalised.map((s) => s.id)).toEqual(['CA-idle']);
      expect(finalised[0]).toMatchObject({ kind: 'voice', leadId: 'lead-CA-idle', live: true });
      expect(await store.get('CA-idle')).toBeUndefined();
      expect(await store.get('c-busy')).toBeDefined();
      await store.close();
    });

    it('keeps a session whose finalisation failed, for the next sweep', async () => {
      const clock = fakeClock();
      let failing = true;
      const store = createMemorySessionStore({
        maxSessions: 10,
        sessionTimeoutMs: minute,
        clock,
        sweepIntervalMs: 0,
        onExpire: () => {
          if (failing) throw new Error('database is locked');
        },
      });
      await store.create(chat('c1'));
      clock.advance(2 * minute);
      expect(await store.sweep()).toBe(0);
      expect(await store.get('c1')).toBeDefined();
      failing = false;
      expect(await store.sweep()).toBe(1);
      expect(await store.get('c1')).toBeUndefined();
      await store.close();
    });

    it('keeps a session written to while it was being finalised', async () => {
      const clock = fakeClock();
      let release!: () => void;
      const store = createMemorySessionStore({
        maxSessions: 10,
        sessionTimeoutMs: minute,
        clock,
        sweepIntervalMs: 0,
        onExpire: () => new Promise<void>((resolve) => (release = resolve)),
      });
      await store.create(chat('c1'));
      clock.advance(2 * minute);
      const sweeping = store.sweep();
      await store.appendTurn('c1', { role: 'customer', text: 'hello?', at: clock.now() });
      release();
      expect(await sweeping).toBe(0);
      expect(await store.get('c1')).toBeDefined();
      await store.close();
    });

    it('sweeps on its own timer', async () => {
      const clock = fakeClock();
      const finalised: string[] = [];
      const store = createMemorySessionStore({
        maxSessions: 10,
        sessionTimeoutMs: minute,
        clock,
        sweepIntervalMs: 20,
        onExpire: (session) => void finalised.push(session.id),
      });
      await store.create(voice('CA1'));
      clock.advance(2 * minute);
      await until(() => finalised.length === 1);
      expect(await store.get('CA1')).toBeUndefined();
      await store.close();
    });
  });

  describe('memory ceiling (MAX_MEMORY_USAGE)', () => {
    it('above the ceiling: refuses new sessions, evicts idle ones, alerts once; below it again: accepts', async () => {
      const clock = fakeClock();
      const bus = createEventBus({ clock });
      const alerts: BusEvent[] = [];
      bus.subscribe((event) => event.type === 'alert.system' && alerts.push(event));
      let heapMb = 40;
      const memory = createMemoryWatch({ ceilingMb: 64, intervalMs: 0, heapUsed: () => heapMb * 1024 * 1024, bus });
      const store = createMemorySessionStore({ maxSessions: 100, idleAfterMs: 5 * minute, clock, memory, sweepIntervalMs: 0 });
      await store.create(voice('CA-live'));
      await store.create(chat('c-idle'));
      await store.create(chat('c-done'));
      await store.end('c-done');
      clock.advance(10 * minute);
      await store.update('CA-live', (s) => void (s.state.speaking = true));

      heapMb = 80;
      memory.sample();
      expect(memory.over()).toBe(true);
      expect(await store.get('c-idle')).toBeUndefined();
      expect(await store.get('c-done')).toBeUndefined();
      expect(await store.get('CA-live')).toMatchObject({ live: true });
      const refused = await store.create(chat('c-new')).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'SESSIONS_FULL', statusCode: 503 });
      // An ongoing call still writes.
      await store.appendTurn('CA-live', { role: 'customer', text: 'are you there', at: clock.now() });

      memory.sample();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.data).toMatchObject({ kind: 'memory', status: 'over', heapUsedMb: 80, ceilingMb: 64 });

      heapMb = 50;
      memory.sample();
      expect(memory.over()).toBe(false);
      expect(alerts.at(-1)!.data).toMatchObject({ status: 'recovered' });
      await store.create(chat('c-new'));
      memory.close();
      await store.close();
    });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
