import * as chrono from 'chrono-node';
import { readDayOfMonth, readNumber, type Token } from '../numbers.js';
import type { LocalTime } from '../local-time.js';
import { addDays, isoDate } from '../local-time.js';
import type { FoundEntity, Source } from './entity.js';

/**
 * Explicit day references resolved against the turn's local time (the label rules in
 * shared/datasets/README.md): today/tonight/tomorrow/yesterday (hoy, mañana, ayer), weekdays (the nearest
 * after today, or before it when the sentence talks about the past), day of month ("the 15th"), m/d dates and
 * month names (chrono-node), each with "THH:MM" when a clock time is tied to the day ("Thursday at nine").
 * Vague spans ("this morning", "next week", "ASAP", "anoche") are not dates.
 */
const weekdays: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  tues: 2, weds: 3, thurs: 4, thur: 4,
  domingo: 0, lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5, sabado: 6,
};
/** Short forms that are also ordinary words ("sat", "wed", "sun"): weekdays only when written capitalised. */
const shortWeekdays: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const relative: Record<string, number> = {
  today: 0, tonight: 0, tonite: 0, hoy: 0,
  tomorrow: 1, tmrw: 1, tmr: 1, tmw: 1, tomorow: 1, tommorow: 1, tommorrow: 1, '2morrow': 1, manana: 1,
  yesterday: -1, ayer: -1, anteayer: -2, antier: -2,
};
const months = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may (?=\d)|(?<=\d(st|nd|rd|th)? (of )?)may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b/;
/** Nouns that make "the 3rd" a position rather than a day. */
const notADay = new Set(['floor', 'time', 'street', 'st', 'ave', 'avenue', 'grade', 'place', 'row', 'one', 'option', 'try', 'attempt', 'visit', 'house', 'unit', 'door', 'generation', 'party', 'quarter', 'year', 'week', 'month']);
const pastCue = /\b(last|since|ago|was|were|came|did|went|had|got|happened|passed|fixed|installed|serviced|replaced|started|broke|desde|pasado|pasada|vino|fue|tuvimos|tuve|hace)\b/;
const futureCue = /\b(next|this|coming|upcoming|will|can|could|would|want|need|available|free|book|schedule|reschedule|move|proximo|proxima|este|esta|puede|pueden|quiero|quisiera)\b/;

export function findDates(source: Source, now: LocalTime): FoundEntity[] {
  const { text, folded, tokens } = source;
  const found: FoundEntity[] = [];
  const add = (start: number, end: number, date: { y: number; m: number; d: number }) => {
    if (found.some((f) => start < f.end && end > f.start)) return;
    found.push({ type: 'date', value: isoDate(date), text: text.slice(start, end), start, end });
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const w = t.w;
    const prev = tokens[i - 1]?.w;
    // Relative days.
    if (w in relative) {
      if (w === 'manana' && isMorning(tokens, i)) continue;
      if (w === 'manana' && prev === 'pasado') {
        add(tokens[i - 1]!.start, t.end, addDays(now, 2));
        continue;
      }
      add(t.start, t.end, addDays(now, relative[w]!));
      continue;
    }
    if (w === 'esta' && tokens[i + 1]?.w === 'noche') {
      add(t.start, tokens[i + 1]!.end, addDays(now, 0));
      i++;
      continue;
    }
    if (w === 'day' && prev === 'the' && tokens[i + 1]?.w === 'after' && tokens[i + 2]?.w === 'tomorrow') {
      add(tokens[i - 1]!.start, tokens[i + 2]!.end, addDays(now, 2));
      i += 2;
      continue;
    }
    // Weekdays, possibly with a day of month: "Saturday the twenty fourth", "viernes 20 de marzo".
    const weekday = weekdays[w] ?? (shortWeekdays[w] !== undefined && (/^[A-Z]/.test(text.slice(t.start, t.end)) || ['fri', 'thu', 'tue'].includes(w) || ['on', 'or', 'and', 'next', 'this', 'by', 'until', 'every'].includes(prev ?? '')) ? shortWeekdays[w] : undefined);
    if (weekday !== undefined) {
      const withDay = readDayAfterWeekday(tokens, i + 1);
      if (withDay) {
        const month = monthAfter(tokens, withDay.next);
        const date = resolveDayOfMonth(now, withDay.day, month?.month, isPast(folded, t.start, tokens, i));
        add(t.start, (month?.end ?? withDay.end), date);
        i = (month?.next ?? withDay.next) - 1;
        continue;
      }
      const last = prev === 'last' || tokens[i + 1]?.w === 'pasado';
      const past = last || (!(prev && ['next', 'this', 'coming', 'proximo', 'este'].includes(prev)) && isPast(folded, t.start, tokens, i));
      add(t.start, t.end, nearestWeekday(now, weekday, past));
      continue;
    }
    // "the 15th", "the fifteenth", "on the 20th"
    if (w === 'the' || w === 'el') {
      const day = readDayAfter(tokens, i + 1, w === 'the');
      const recurring = tokens[day?.next ?? -1]?.w === 'of' && ['each', 'every'].includes(tokens[(day?.next ?? -1) + 1]?.w ?? '');
      if (day && !recurring && !notADay.has(tokens[day.next]?.w ?? '')) {
        const month = monthAfter(tokens, day.next);
        if (w === 'el' && !month) continue;
        add(tokens[i + 1]!.start, month?.end ?? day.end, resolveDayOfMonth(now, day.day, month?.month, isPast(folded, t.start, tokens, i)));
        i = (month?.next ?? day.next) - 1;
      }
      continue;
    }
  }

  // m/d and m/d/yyyy
  for (const match of folded.matchAll(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\b/g)) {
    const m = Number(match[1]);
    const d = Number(match[2]);
    if (m < 1 || m > 12 || d < 1 || d > 31) continue;
    const year = match[3] ? Number(match[3].length === 2 ? `20${match[3]}` : match[3]) : undefined;
    const date = year ? { y: year, m, d } : resolveMonthDay(now, m, d, isPast(folded, match.index!, tokens, -1));
    add(match.index!, match.index! + match[0].length, date);
  }

  // Month names ("March 20th", "20 de marzo", "Dec 5"): chrono-node, only when a month is named at all.
  if (months.test(folded)) found.push(...monthNameDates(text, now, found));

  attachTimes(source, found);
  return found.sort((a, b) => a.start - b.start);
}

function isMorning(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1]?.w;
  return prev === 'la' || prev === 'esta' || (prev === 'de' && tokens[i - 2]?.w !== 'pasado');
}

function readDayAfter(tokens: Token[], i: number, requireOrdinal = false): { day: number; next: number; end: number } | undefined {
  let j = i;
  if (tokens[j]?.w === 'the' || tokens[j]?.w === 'el') j++;
  const t = tokens[j];
  if (!t) return undefined;
  const ordinalForm = /^\d{1,2}(st|nd|rd|th)$/.test(t.w) || /(st|nd|rd|th)$/.test(t.w) || tokens[j + 1]?.w === 'de';
  if (requireOrdinal && !ordinalForm && !/^(twenty|thirty)$/.test(t.w)) return undefined;
  const day = readDayOfMonth(tokens, j);
  if (!day) return undefined;
  // A bare cardinal after a weekday must be a day ("Friday 20"), not a count ("Friday 3 people").
  return day;
}

/** After a weekday, only an unmistakable day: "the 24th", "the twenty fourth", "20th", "20 de marzo". */
function readDayAfterWeekday(tokens: Token[], i: number): { day: number; next: number; end: number } | undefined {
  const first = tokens[i];
  if (!first) return undefined;
  if (first.w === 'the' || first.w === 'el') return readDayAfter(tokens, i + 1);
  if (/^\d{1,2}(st|nd|rd|th)$/.test(first.w)) return readDayOfMonth(tokens, i);
  if (/^\d{1,2}$/.test(first.w) && (tokens[i + 1]?.w === 'de' || monthIndex(tokens[i + 1]?.w ?? '') !== undefined)) return readDayOfMonth(tokens, i);
  return undefined;
}

function monthAfter(tokens: Token[], i: number): { month: number; next: number; end: number } | undefined {
  let j = i;
  if (tokens[j]?.w === 'de' || tokens[j]?.w === 'of') j++;
  const t = tokens[j];
  if (!t) return undefined;
  const index = monthIndex(t.w);
  return index === undefined ? undefined : { month: index, next: j + 1, end: t.end };
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const spanishMonths = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
function monthIndex(w: string): number | undefined {
  const es = spanishMonths.indexOf(w);
  if (es >= 0) return es + 1;
  if (w === 'setiembre') return 9;
  const en = monthNames.findIndex((m) => w.startsWith(m) && (w.length === 3 || /^(january|february|march|april|may|june|july|august|september|sept|october|november|december)$/.test(w)));
  return en >= 0 ? en + 1 : undefined;
}

/** Past when the clause before the day talks about the past ("since Monday", "the tech came Tuesday"). */
function isPast(folded: string, at: number, _tokens: Token[], _i: number): boolean {
  const clauseStart = Math.max(folded.lastIndexOf(',', at), folded.lastIndexOf('.', at), folded.lastIndexOf('?', at), 0);
  const window = folded.slice(Math.max(clauseStart, at - 40), at);
  const after = folded.slice(at, at + 25);
  if (/^\w+\s+(pasado|pasada)\b/.test(after)) return true;
  if (futureCue.test(window)) return false;
  return pastCue.test(window);
}

function nearestWeekday(now: LocalTime, weekday: number, past: boolean): { y: number; m: number; d: number } {
  if (past) {
    const back = (now.weekday - weekday + 7) % 7 || 7;
    return addDays(now, -back);
  }
  const ahead = (weekday - now.weekday + 7) % 7 || 7;
  return addDays(now, ahead);
}

function resolveDayOfMonth(now: LocalTime, day: number, month: number | undefined, past: boolean): { y: number; m: number; d: number } {
  if (month) return resolveMonthDay(now, month, day, past);
  if (past) return day <= now.d ? { y: now.y, m: now.m, d: day } : shiftMonth(now, -1, day);
  return day >= now.d ? { y: now.y, m: now.m, d: day } : shiftMonth(now, 1, day);
}

function resolveMonthDay(now: LocalTime, m: number, d: number, past: boolean): { y: number; m: number; d: number } {
  const thisYear = { y: now.y, m, d };
  const ahead = m > now.m || (m === now.m && d >= now.d);
  if (past) return ahead && !(m === now.m && d === now.d) ? { y: now.y - 1, m, d } : thisYear;
  return ahead ? thisYear : { y: now.y + 1, m, d };
}

function shiftMonth(now: LocalTime, by: number, day: number): { y: number; m: number; d: number } {
  const index = now.y * 12 + (now.m - 1) + by;
  return { y: Math.floor(index / 12), m: (index % 12) + 1, d: day };
}

function monthNameDates(text: string, now: LocalTime, already: FoundEntity[]): FoundEntity[] {
  // chrono reads the reference in UTC here: the local wall clock, so its components are the local date.
  const reference = { instant: new Date(Date.UTC(now.y, now.m - 1, now.d, now.hour, now.minute)), timezone: 0 };
  const results = [...chrono.en.casual.parse(text, reference, { forwardDate: true }), ...chrono.es.casual.parse(text, reference, { forwardDate: true })];
  const found: FoundEntity[] = [];
  for (const result of results) {
    const start = result.index;
    const end = start + result.text.length;
    if (!months.test(result.text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''))) continue;
    if (!result.start.isCertain('day') || !result.start.isCertain('month')) continue;
    if ([...already, ...found].some((f) => start < f.end && end > f.start)) continue;
    const date = { y: result.start.get('year')!, m: result.start.get('month')!, d: result.start.get('day')! };
    found.push({ type: 'date', value: isoDate(date), text: result.text, start, end });
  }
  return found;
}

/**
 * A clock time tied to a day: "Thursday at nine", "tomorrow 5pm", "Saturday around 11am", "a las tres", and
 * "Friday same time" (the other day's time). "after 2pm" or "morning" add no time.
 */
function attachTimes({ folded, tokens }: Source, dates: FoundEntity[]): void {
  let lastTime: string | undefined;
  const pending: FoundEntity[] = [];
  for (const date of dates.sort((a, b) => a.start - b.start)) {
    const after = readTimeNear(folded, tokens, date.end, 1);
    const before = after ? undefined : readTimeNear(folded, tokens, date.start, -1);
    const time = after ?? before;
    if (time === 'same') pending.push(date);
    else if (time) {
      date.value = `${date.value}T${time}`;
      lastTime = time;
    }
  }
  for (const date of pending) if (lastTime) date.value = `${date.value}T${lastTime}`;
}

const excludedBefore = /\b(after|before|until|till|til|between|from|by around|despues de|antes de|hasta)\s*$/;

function readTimeNear(folded: string, tokens: Token[], offset: number, direction: 1 | -1): string | 'same' | undefined {
  if (direction === 1) {
    const rest = folded.slice(offset, offset + 40);
    if (/^\s*(,\s*)?(same time|a la misma hora)/.test(rest)) return 'same';
    const lead = /^\s*(?:,\s*)?(?:at|around|about|@|by|a las|a la|como a las|sobre las|@ ?)?\s*/.exec(rest)!;
    const leadWords = lead[0].trim();
    if (excludedBefore.test(folded.slice(offset, offset + lead[0].length))) return undefined;
    return parseClock(folded, tokens, offset + lead[0].length, leadWords.length > 0);
  }
  const window = folded.slice(Math.max(0, offset - 30), offset);
  const match = /(?:\bat|\baround|@|a las)\s+([0-9a-z: .]+?)\s*$/.exec(window);
  if (!match || excludedBefore.test(window.slice(0, match.index))) return undefined;
  return parseClock(folded, tokens, offset - match[0].length + match[0].indexOf(match[1]!), true);
}

function parseClock(folded: string, tokens: Token[], at: number, cued: boolean): string | undefined {
  const rest = folded.slice(at, at + 30);
  if (/^(noon|midday|mediodia)\b/.test(rest)) return '12:00';
  const numeric = /^(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?![\d/])/.exec(rest);
  if (numeric && (numeric[3] || cued)) {
    return clock(Number(numeric[1]), Number(numeric[2] ?? 0), numeric[3]?.[0] as 'a' | 'p' | undefined, rest.slice(numeric[0].length));
  }
  if (!cued) return undefined;
  const index = tokens.findIndex((t) => t.start >= at);
  const spoken = index >= 0 && tokens[index]!.start - at <= 1 ? readNumber(tokens, index) : undefined;
  if (!spoken) return undefined;
  const hour = spoken.value !== undefined && spoken.value <= 12 ? spoken.value : Number(spoken.digits.slice(0, spoken.digits.length - 2));
  const minute = spoken.value !== undefined && spoken.value <= 12 ? 0 : Number(spoken.digits.slice(-2));
  if (!(hour >= 1 && hour <= 12 && minute < 60)) return undefined;
  const tail = folded.slice(spoken.end, spoken.end + 25);
  const meridiem = /^\s*(a\.?m\.?|in the morning|de la manana)/.test(tail) ? 'a' : /^\s*(p\.?m\.?|in the (afternoon|evening)|at night|de la tarde|de la noche)/.test(tail) ? 'p' : undefined;
  return clock(hour, minute, meridiem, tail);
}

function clock(hour: number, minute: number, meridiem: 'a' | 'p' | undefined, tail: string): string | undefined {
  if (hour > 23 || minute > 59) return undefined;
  let h = hour;
  const m = meridiem ?? (/^\s*(de la tarde|de la noche|in the (afternoon|evening)|at night)/.test(tail) ? 'p' : undefined);
  if (m === 'p' && h < 12) h += 12;
  else if (m === 'a' && h === 12) h = 0;
  // Without am/pm, a business hour: 7–11 is the morning, 1–6 the afternoon.
  else if (!m && h >= 1 && h <= 6) h += 12;
  return `${String(h).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
