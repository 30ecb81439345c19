import { describe, expect, it } from 'vitest';
import { localNow } from './clock.js';

describe('localNow', () => {
  const instant = new Date('2026-01-15T04:30:00Z');

  it("gives a Date's wall time in each business's zone, one zone not leaking into the next", () => {
    expect(localNow(instant, 'America/Chicago')).toEqual({ year: 2026, month: 1, day: 14, weekday: 3, hour: 22, minute: 30 });
    expect(localNow(instant, 'Asia/Tokyo')).toEqual({ year: 2026, month: 1, day: 15, weekday: 4, hour: 13, minute: 30 });
    expect(localNow(instant, 'America/Chicago').hour).toBe(22);
  });

  it('takes a time written with an offset as the wall time it states', () => {
    expect(localNow('2026-01-14T22:30:00-06:00', 'Asia/Tokyo')).toMatchObject({ day: 14, hour: 22, minute: 30 });
  });

  it('reads an unknown zone as UTC rather than failing a turn', () => {
    expect(localNow(instant, 'Mars/Olympus_Mons')).toMatchObject({ day: 15, hour: 4, minute: 30 });
  });
});
