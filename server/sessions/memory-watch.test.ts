import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus, type BusEvent } from '../events/bus.js';
import { createMemoryWatch } from './memory-watch.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('memory watch', () => {
  it('alerts once on crossing the ceiling and once on recovering below 90 % of it', () => {
    const bus = createEventBus();
    const alerts: BusEvent[] = [];
    bus.subscribe((event) => alerts.push(event));
    let heapMb = 50;
    const watch = createMemoryWatch({ ceilingMb: 100, intervalMs: 0, heapUsed: () => heapMb * 1024 * 1024, bus });
    let calls = 0;
    watch.onOver(() => calls++);
    expect(watch.over()).toBe(false);

    heapMb = 120;
    watch.sample();
    heapMb = 130;
    watch.sample();
    heapMb = 95; // below the ceiling but not clearly: still over, no flapping
    watch.sample();
    expect(watch.over()).toBe(true);
    expect(calls).toBe(3);
    heapMb = 85;
    watch.sample();
    expect(watch.over()).toBe(false);
    expect(alerts.map((a) => [a.type, (a.data as { status: string }).status])).toEqual([
      ['alert.system', 'over'],
      ['alert.system', 'recovered'],
    ]);
    expect(alerts[0]!.data).toMatchObject({ heapUsedMb: 120, ceilingMb: 100, message: expect.stringContaining('120 MB') });
  });

  it('logs every sample with MEMORY_LOG=1, and only the crossings without it', () => {
    let heapMb = 10;
    const verbose = capture();
    const watch = createMemoryWatch({ ceilingMb: 100, intervalMs: 0, heapUsed: () => heapMb * 1024 * 1024, log: verbose.log, logSamples: true });
    watch.sample();
    watch.sample();
    expect(verbose.lines.filter((l) => l.msg === 'memory sample')).toHaveLength(3);
    expect(verbose.lines[0]).toMatchObject({ heapUsedMb: 10, ceilingMb: 100 });

    const quiet = capture();
    const other = createMemoryWatch({ ceilingMb: 100, intervalMs: 0, heapUsed: () => heapMb * 1024 * 1024, log: quiet.log });
    heapMb = 200;
    other.sample();
    other.sample();
    expect(quiet.lines.map((l) => l.msg)).toEqual(['memory above MAX_MEMORY_USAGE: refusing new sessions, evicting idle ones']);
  });

  it('samples on its timer and says so', async () => {
    let samples = 0;
    const watch = createMemoryWatch({ ceilingMb: 100, intervalMs: 10, heapUsed: () => (samples++, 1024) });
    expect(watch.watching()).toBe(true);
    while (samples < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    watch.close();
    expect(watch.watching()).toBe(false);
    expect(createMemoryWatch({ ceilingMb: 100, intervalMs: 0 }).watching()).toBe(false);
  });
});
