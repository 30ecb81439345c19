/** The turn's wall-clock time where the business is: what "today" and "tomorrow" resolve against. */
export interface LocalTime {
  y: number;
  m: number;
  d: number;
  hour: number;
  minute: number;
  /** 0 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An ISO string with an offset ("2026-11-16T07:55:00-06:00", as transcripts and the dataset carry) is
 * already local time and is read as written; a Date (or an ISO string in UTC) is converted to `timeZone`.
 */
export function localTime(now: string | Date, timeZone: string): LocalTime {
  if (typeof now === 'string') {
    const written = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2})$/.exec(now);
    if (written) {
      const [, y, m, d, hour, minute] = written.map(Number) as [number, number, number, number, number, number];
      return { y, m, d, hour, minute, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
    }
  }
  const instant = typeof now === 'string' ? new Date(now) : now;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const y = Number(parts.year);
  const m = Number(parts.month);
  const d = Number(parts.day);
  return { y, m, d, hour: Number(parts.hour), minute: Number(parts.minute), weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

export function addDays(day: { y: number; m: number; d: number }, days: number): { y: number; m: number; d: number } {
  const date = new Date(Date.UTC(day.y, day.m - 1, day.d + days));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function isoDate({ y, m, d }: { y: number; m: number; d: number }): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
