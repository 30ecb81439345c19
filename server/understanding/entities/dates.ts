import { addDays, compareYmd, daysInMonth, formatTime, formatYmd, weekdayOf, type LocalNow, type Ymd } from '../text/clock.js';
import type { PreparedText } from '../text/prepare.js';

export interface DateMention {
  start: number;
  end: number;
  value: string;
  ymd: Ymd;
  time?: { hour: number; minute: number };
}

const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0, sun: 0, domingo: 0,
  monday: 1, mon: 1, lunes: 1,
  tuesday: 2, tues: 2, tue: 2, martes: 2,
  wednesday: 3, wed: 3, weds: 3, miercoles: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, jueves: 4,
  friday: 5, fri: 5, viernes: 5,
  saturday: 6, sat: 6, sabado: 6,
};
// Abbreviations that are also everyday words ("sat in the sink", "the sun").
const ABBREVIATED = new Set(['sun', 'mon', 'wed', 'sat']);

const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, enero: 1, february: 2, feb: 2, febrero: 2, march: 3, mar: 3, marzo: 3,
  april: 4, apr: 4, abril: 4, may: 5, mayo: 5, june: 6, jun: 6, junio: 6, july: 7, jul: 7, julio: 7,
  august: 8, aug: 8, agosto: 8, september: 9, sept: 9, sep: 9, septiembre: 9, setiembre: 9,
  october: 10, oct: 10, octubre: 10, november: 11, nov: 11, noviembre: 11, december: 12, dec: 12, diciembre: 12,
};

const WD = 'sunday|monday|tuesday|wednesday|thursday|friday|saturday|domingo|lunes|martes|miercoles|jueves|viernes|sabado|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun|mon';
const MO = 'january|february|march|april|may|june|july|august|september|october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

const RELATIVE = /\b((the )?day after (tomorrow|tmrw)|pasado manana|(the )?day before yesterday|anteayer|antier|today|todays|tonight|tonite|tomorrow|tomorrows|tmrw|tmr|tomorow|tommorow|tommorrow|2morrow|yesterday|hoy|esta noche|(?<!\b(la|esta|por la|en la|de la|cada|las|en las|toda la) )manana|ayer)\b/g;
const RELATIVE_OFFSET: Readonly<Record<string, number>> = {
  today: 0, todays: 0, tonight: 0, tonite: 0, hoy: 0, 'esta noche': 0,
  tomorrow: 1, tomorrows: 1, tmrw: 1, tmr: 1, tomorow: 1, tommorow: 1, tommorrow: 1, '2morrow': 1, manana: 1,
  yesterday: -1, ayer: -1,
};
const WEEKDAY_RE = new RegExp(String.raw`\b((?:this coming|next|this|coming|last|past|el proximo|el pasado|proximo|este|el) )?(${WD})\b( (?:que viene|pasado))?`, 'g');
const MONTH_FIRST = new RegExp(String.raw`\b(${MO})\.? (?:the )?(\d{1,2}|first|second|third)(?:st|nd|rd|th)?\b(?:,? (\d{4}))?`, 'g');
const DAY_FIRST = new RegExp(String.raw`\b(?:the |el )?(\d{1,2}|primero)(?:st|nd|rd|th)? (?:of |de )(${MO})\b(?:,? (?:of |de |del )?(\d{4}))?`, 'g');
const NUMERIC = /(?<![\d/$.])\b(1[0-2]|0?[1-9])\/(3[01]|[12]\d|0?[1-9])(?:\/(\d{4}|\d{2}))?\b(?![\d/]| ?(inch|in\b|"|pipe|hp|ton|cup|lb))/g;
const NOT_A_DAY_AFTER = String.raw`(?! ?(?:%|percent|floor|time|times|century|street|st\b|ave|avenue|grade|place|row|year|dolares|pesos|dollars|bucks|minutes|mins|hours|days|min|degrees|grados|anos|personas|people|units|birthday|anniversary|generation))`;
const DAY_OF_MONTH = new RegExp(
  String.raw`\b(?<lead>(?:on |by |for |until |til )?the |el (?:dia )?|dia )(?<n1>\d{1,2})(?<s1>st|nd|rd|th)?\b${NOT_A_DAY_AFTER}` +
    String.raw`|\b(?<n2>\d{1,2})(?:st|nd|rd|th)\b${NOT_A_DAY_AFTER}` +
    String.raw`|\b(?:on |by )?the (?<w>first|second|third)\b(?= ?(?:$|[,.?!]|of\b|at\b|or\b|and\b|works|is\b))`,
  'g',
);

const SMALL_ORDINAL: Readonly<Record<string, number>> = { first: 1, second: 2, third: 3, primero: 1 };

const PAST_HINT = /\b(was|were|did|had|came|went|happened|started|began|broke|stopped|called|visited|showed|fixed|installed|paid|charged|ago|since|already|got|left|sent|told|said|quoted|passed|earlier|missed|fue|vino|vinieron|llame|pague|empezo|desde|estuvo|tuve|tuvimos|hicieron|cobraron)\b/;
const FUTURE_HINT = /\b(will|'ll|can|could|would|want|wanna|need|schedule|book|move|come|coming|available|free|open|anything|next|this|going to|gonna|let'?s|plan|planning|appointment|appt|see you|until|til|by|before|reschedule|prefer|works?|possible|puede|pueden|quiero|necesito|podemos|podrian|cita|proximo|que viene|para el)\b/;
const CLAUSE_EDGE = /[,.;!?]|\b(but|pero|and|y|so)\b/g;

function clauseAround(low: string, start: number, end: number): string {
  let from = 0;
  for (const m of low.slice(0, start).matchAll(CLAUSE_EDGE)) from = (m.index as number) + m[0].length;
  const rest = low.slice(end);
  const stop = rest.search(/[,.;!?]|\b(but|pero|and|y|so)\b/);
  return low.slice(from, stop < 0 ? low.length : end + stop);
}

function isPastContext(low: string, start: number, end: number, mention: string): boolean {
  const clause = clauseAround(low, start, end);
  const at = clause.indexOf(mention);
  const before = at >= 0 ? clause.slice(0, at) : clause;
  if (/\b(since|desde)\s+(el\s+)?$/.test(before)) return true;
  return PAST_HINT.test(clause) && !FUTURE_HINT.test(clause.replace(mention, ' '));
}

function resolveWeekday(now: LocalNow, weekday: number, past: boolean): Ymd {
  const today: Ymd = { year: now.year, month: now.month, day: now.day };
  if (past) {
    const back = ((now.weekday - weekday + 7) % 7) || 7;
    return addDays(today, -back);
  }
  const ahead = ((weekday - now.weekday + 7) % 7) || 7;
  return addDays(today, ahead);
}

function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function resolveDayOfMonth(now: LocalNow, day: number, past: boolean): Ymd | undefined {
  let year = now.year;
  let month = now.month;
  if (past ? day > now.day : day < now.day) {
    month += past ? -1 : 1;
    if (month === 0) { month = 12; year--; }
    if (month === 13) { month = 1; year++; }
  }
  return validDay(year, month, day) ? { year, month, day } : undefined;
}

function resolveMonthDay(now: LocalNow, month: number, day: number, year: number | undefined, past: boolean): Ymd | undefined {
  if (year !== undefined) {
    const y = year < 100 ? 2000 + year : year;
    return validDay(y, month, day) ? { year: y, month, day } : undefined;
  }
  const today: Ymd = { year: now.year, month: now.month, day: now.day };
  let candidate: Ymd = { year: now.year, month, day };
  const cmp = compareYmd(candidate, today);
  if (!past && cmp < 0) candidate = { year: now.year + 1, month, day };
  if (past && cmp > 0) candidate = { year: now.year - 1, month, day };
  return validDay(candidate.year, month, day) ? candidate : undefined;
}

function toHour(raw: string, minutes: string | undefined, meridiem: string | undefined, evening: boolean): { hour: number; minute: number } | undefined {
  let hour: number;
  let minute = minutes ? Number(minutes) : 0;
  if (!minutes && raw.length >= 3) {
    hour = Number(raw.slice(0, raw.length - 2));
    minute = Number(raw.slice(-2));
  } else {
    hour = Number(raw);
  }
  if (hour > 23 || minute > 59) return undefined;
  const m = meridiem?.replace(/[.\s]/g, '');
  if (m === 'pm' || m === 'tarde' || m === 'noche' || m === 'afternoon' || m === 'evening' || m === 'night') {
    if (hour < 12) hour += 12;
  } else if (m === 'am' || m === 'manana' || m === 'morning') {
    if (hour === 12) hour = 0;
  } else if (hour <= 12) {
    // No am/pm: read it as business hours ("at 3" is the afternoon, "at 9" the morning), evenings after "tonight".
    if (evening && hour < 12) hour += 12;
    else if (hour >= 1 && hour <= 6) hour += 12;
  }
  return { hour, minute };
}

const TIME_AFTER = /^,?\s*(?:(?:in the |en la |por la )?(morning|afternoon|evening|night|manana|tarde|noche),?\s*)?(?:(?:at|@|a las|a la|around|round|for|like)\s+(?:like\s+|about\s+)?(\d{1,4})(?::(\d{2}))?|(\d{1,2})(?::(\d{2}))?(?=\s*(?:am|pm|a\.m\.|p\.m\.)))\s*(am\b|pm\b|a\.m\.|p\.m\.)?(?:\s*o'?clock)?(?:\s*(?:in the|de la|por la)\s+(morning|afternoon|evening|night|manana|tarde|noche))?/;
const NOON_AFTER = /^,?\s*(?:at |a |al )?(noon|mediodia|midday)\b/;
const SAME_TIME_AFTER = /^,?\s*(?:at |a )?(?:the )?(same time|misma hora|a la misma hora)\b/;
const TIME_BEFORE = /(?:(?:\bat|@|\ba las|\ba la)\s+(\d{1,4}|noon|midday|mediodia)(?::(\d{2}))?\s*(am\b|pm\b|a\.m\.|p\.m\.)?|(?<!\b(?:after|before|by|until|til|till|from|between|past|around|antes de las|despues de las)\s+)\b(\d{1,2})(?::(\d{2}))?\s*(am\b|pm\b|a\.m\.|p\.m\.))(?:\s*o'?clock)?\s*(?:on\s+|el\s+)?$/;

function attachTime(low: string, d: DateMention, evening: boolean, previous: DateMention[]): void {
  const after = low.slice(d.end, d.end + 48);
  const same = SAME_TIME_AFTER.exec(after);
  if (same) {
    const withTime = [...previous].reverse().find((p) => p.time);
    if (withTime?.time) d.time = { ...withTime.time };
    d.end += same[0].length;
    return;
  }
  const noon = NOON_AFTER.exec(after);
  if (noon) {
    d.time = { hour: 12, minute: 0 };
    d.end += noon[0].length;
    return;
  }
  const m = TIME_AFTER.exec(after);
  if (m && (m[2] || m[4])) {
    const t = toHour((m[2] ?? m[4]) as string, m[3] ?? m[5], m[6] ?? m[7] ?? m[1], evening);
    if (t) {
      d.time = t;
      d.end += m[0].length;
      return;
    }
  }
  const before = TIME_BEFORE.exec(low.slice(Math.max(0, d.start - 30), d.start));
  if (before) {
    const t = before[4]
      ? toHour(before[4], before[5], before[6], evening)
      : /^\d/.test(before[1] as string)
        ? toHour(before[1] as string, before[2], before[3], evening)
        : { hour: 12, minute: 0 };
    if (t) {
      d.time = t;
      d.start -= before[0].length;
    }
  }
}

interface RawMention {
  start: number;
  end: number;
  ymd: Ymd;
  evening: boolean;
  priority: number;
}

/** Every explicit day reference in the turn, resolved against the caller's clock. */
export function findDates(p: PreparedText, now: LocalNow): DateMention[] {
  const low = p.low;
  const today: Ymd = { year: now.year, month: now.month, day: now.day };
  const found: RawMention[] = [];
  const add = (start: number, end: number, ymd: Ymd | undefined, priority: number, evening = false): void => {
    if (ymd) found.push({ start, end, ymd, evening, priority });
  };

  for (const m of low.matchAll(RELATIVE)) {
    const word = m[0];
    let offset: number;
    if (word.includes('day after') || word === 'pasado manana') offset = 2;
    else if (word.includes('day before') || word === 'anteayer' || word === 'antier') offset = -2;
    else offset = RELATIVE_OFFSET[word] ?? 0;
    add(m.index, m.index + word.length, addDays(today, offset), 1, word === 'tonight' || word === 'tonite' || word === 'esta noche');
  }

  for (const m of low.matchAll(MONTH_FIRST)) {
    const month = MONTHS[m[1] as string] as number;
    // "may" and "mar" are ordinary words unless written as a month.
    if ((m[1] === 'may' || m[1] === 'mar') && !/^[A-Z]/.test(p.text.slice(m.index, m.index + 1))) continue;
    const past = isPastContext(low, m.index, m.index + m[0].length, m[0]);
    const day = SMALL_ORDINAL[m[2] as string] ?? Number(m[2]);
    add(m.index, m.index + m[0].length, resolveMonthDay(now, month, day, m[3] ? Number(m[3]) : undefined, past), 3);
  }
  for (const m of low.matchAll(DAY_FIRST)) {
    const month = MONTHS[m[2] as string] as number;
    const day = m[1] === 'primero' ? 1 : Number(m[1]);
    const past = isPastContext(low, m.index, m.index + m[0].length, m[0]);
    add(m.index, m.index + m[0].length, resolveMonthDay(now, month, day, m[3] ? Number(m[3]) : undefined, past), 3);
  }
  for (const m of low.matchAll(NUMERIC)) {
    const past = isPastContext(low, m.index, m.index + m[0].length, m[0]);
    add(m.index, m.index + m[0].length, resolveMonthDay(now, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined, past), 3);
  }
  for (const m of low.matchAll(DAY_OF_MONTH)) {
    const g = m.groups ?? {};
    const day = g.n1 ? Number(g.n1) : g.n2 ? Number(g.n2) : (SMALL_ORDINAL[g.w ?? ''] ?? 0);
    // "el 20" is a date in Spanish; in English a bare "the 20" needs "on/by the" or an ordinal ending.
    if (g.n1 && !g.s1 && !p.spanish && !/^(on|by|for|until|til) /.test(g.lead ?? '')) continue;
    if (g.n1 && !g.s1 && p.spanish && !/^(el|dia)/.test(g.lead ?? '')) continue;
    const past = isPastContext(low, m.index, m.index + m[0].length, m[0]);
    add(m.index, m.index + m[0].length, resolveDayOfMonth(now, day, past), 2);
  }
  for (const m of low.matchAll(WEEKDAY_RE)) {
    const name = m[2] as string;
    const nameStart = m.index + (m[1]?.length ?? 0);
    if (ABBREVIATED.has(name)) {
      const capital = /^[A-Z]/.test(p.text.slice(nameStart, nameStart + 1));
      const before = low.slice(Math.max(0, nameStart - 16), nameStart);
      const after = low.slice(nameStart + name.length, nameStart + name.length + 2);
      const asDay =
        /\b(on|by|til|until|every|for|off|this|next)\s+$/.test(before) ||
        new RegExp(String.raw`\b(${WD})\b\s*(or|and|,|to|-)\s*$`).test(before) ||
        (/^\s*([?!.,]|$)/.test(after) && !/\b(the|a|in|of|he|she|they|we|i|got|get)\s+$/.test(before));
      if (!capital && !m[1] && !asDay) continue;
    }
    const modifier = (m[1] ?? '').trim();
    const suffix = (m[3] ?? '').trim();
    let past: boolean;
    if (modifier === 'last' || modifier === 'past' || modifier === 'el pasado' || suffix === 'pasado') past = true;
    else if (modifier && modifier !== 'el') past = false;
    else if (suffix === 'que viene') past = false;
    else past = isPastContext(low, nameStart, nameStart + name.length, name);
    add(m.index, m.index + m[0].length, resolveWeekday(now, WEEKDAYS[name] as number, past), 1);
  }

  // A weekday right before a calendar date ("Friday the 20th", "viernes 20 de marzo") is the same day.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawMention[] = [];
  for (const f of found) {
    const prev = kept[kept.length - 1];
    if (prev && f.start < prev.end) {
      if (f.priority > prev.priority || (f.priority === prev.priority && f.end - f.start > prev.end - prev.start)) kept[kept.length - 1] = f;
      continue;
    }
    if (prev && prev.priority === 1 && f.priority >= 2 && /^[\s,]*(the|el)?\s*$/.test(low.slice(prev.end, f.start)) && weekdayOf(f.ymd) === weekdayOf(prev.ymd)) {
      kept[kept.length - 1] = { ...f, start: prev.start };
      continue;
    }
    if (prev && prev.priority === 1 && f.priority >= 2 && /^[\s,]*(the|el)?\s*$/.test(low.slice(prev.end, f.start))) {
      kept[kept.length - 1] = { ...f, start: prev.start };
      continue;
    }
    kept.push(f);
  }

  const out: DateMention[] = [];
  for (const k of kept) {
    const d: DateMention = { start: k.start, end: k.end, ymd: k.ymd, value: '' };
    attachTime(low, d, k.evening || /^\s*(night|evening|noche)\b/.test(low.slice(k.end, k.end + 10)), out);
    d.value = d.time ? `${formatYmd(d.ymd)}T${formatTime(d.time.hour, d.time.minute)}` : formatYmd(d.ymd);
    out.push(d);
  }
  return out;
}
