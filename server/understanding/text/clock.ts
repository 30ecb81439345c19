/** The caller's wall clock for one turn: what "today" and "tomorrow" mean. */
export interface LocalNow {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2})$/;

export function weekdayOf(d: Ymd): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function addDays(d: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function compareYmd(a: Ymd, b: Ymd): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatYmd(d: Ymd): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

export function formatTime(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}

function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The common exact shape "YYYY-MM-DDTHH:MM:SS±HH:MM", read without a regex (it runs once per turn). */
function parseLocalIso(s: string): LocalNow | undefined {
  if (s.length !== 25 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return undefined;
  if (s[19] !== '+' && s[19] !== '-') return undefined;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  const ymd = { year, month, day };
  return { ...ymd, weekday: weekdayOf(ymd), hour, minute };
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per time zone, kept: building an Intl.DateTimeFormat costs ~150 µs (ICU loads the zone), more
 * than the rest of a turn's analysis, and chat and voice pass `now` as a Date every turn. An unknown zone
 * falls back to UTC.
 */
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    try {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      format = wallClockFormat('UTC');
    }
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/**
 * An ISO string with an explicit offset (the dataset's `now`) is taken as the caller's wall time as
 * written; a Date or a UTC string is converted into `timeZone`.
 */
export function localNow(now: string | Date, timeZone: string): LocalNow {
  if (typeof now === 'string') {
    const fast = parseLocalIso(now);
    if (fast) return fast;
    const m = ISO_WITH_OFFSET.exec(now.trim());
    if (m) {
      const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
      return { ...ymd, weekday: weekdayOf(ymd), hour: Number(m[4]), minute: Number(m[5]) };
    }
  }
  const date = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid "now": ${String(now)}`);
  const parts = wallClockFormat(timeZone).formatToParts(date);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const ymd = { year: get('year'), month: get('month'), day: get('day') };
  return { ...ymd, weekday: weekdayOf(ymd), hour: get('hour') % 24, minute: get('minute') };
}
