import type { Entity, EntityType } from '../types.js';
import type { LocalNow } from '../text/clock.js';
import { spanText, type PreparedText } from '../text/prepare.js';
import { findAddresses } from './addresses.js';
import { findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import { findEmails } from './emails.js';
import { findNames } from './names.js';
import { findPhones } from './phones.js';

const ADDRESS_WORDS = /&|\b(corner|intersection|esquina|cross street|calle|avenida)\b/;

interface Found {
  type: EntityType;
  start: number;
  end: number;
  value: string;
}

// "no wait", "sorry", "I mean": the caller replaces what they just said.
const CORRECTION = /^[\s,.-]*(?:(?:uh|um|oh|ah)\s+)?(?:(?:no+|wait|sorry|i mean|i meant|actually|correction|scratch that|or rather|rather|perdon|digo|quiero decir|mejor dicho|espere|make that|make it)\b[\s,.-]*)+(?:(?:it'?s|its|it is|that'?s|es|the|on|at|we'?re|i'?m)\s+)*$/;

/** Drops a value the caller took back: "1410 no wait 1420 Oak" keeps only the second. */
function applyCorrections(p: PreparedText, found: Found[]): Found[] {
  const dropped = new Set<Found>();
  for (const type of ['phone', 'address', 'date', 'email', 'name', 'amount'] as const) {
    const ofType = found.filter((f) => f.type === type).sort((a, b) => a.start - b.start);
    for (let i = 0; i + 1 < ofType.length; i++) {
      const a = ofType[i] as Found;
      const b = ofType[i + 1] as Found;
      if (b.start - a.end <= 40 && CORRECTION.test(p.low.slice(a.end, b.start))) dropped.add(a);
    }
  }
  return found.filter((f) => !dropped.has(f));
}

/**
 * Entities said in this turn. Each distinct type+value appears once, in the order said.
 * Values: phone E.164, email lower case, name proper-cased, date YYYY-MM-DD[THH:MM] in the caller's
 * zone, amount in dollars as a plain number, address as stated with numbers as digits.
 */
export function extractEntities(p: PreparedText, now: LocalNow): Entity[] {
  const found: Found[] = [];
  const low = p.low;
  // Cheap pre-checks: most turns have no phone, email, address or price at all.
  let digits = 0;
  for (let i = 0; i < low.length; i++) {
    const c = low.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits >= 7) for (const m of findPhones(p)) found.push({ type: 'phone', ...m });
  if (low.includes('@') || low.includes(' at ') || low.includes('arroba')) for (const m of findEmails(p)) found.push({ type: 'email', ...m });
  const taken = (s: number, e: number): boolean => found.some((f) => s < f.end && f.start < e);
  if (digits > 0 || ADDRESS_WORDS.test(low)) for (const m of findAddresses(p)) if (!taken(m.start, m.end)) found.push({ type: 'address', ...m });
  for (const m of findDates(p, now)) if (!taken(m.start, m.end)) found.push({ type: 'date', ...m });
  if (digits > 0 || low.includes('$')) for (const m of findAmounts(p)) if (!taken(m.start, m.end)) found.push({ type: 'amount', ...m });
  for (const m of findNames(p)) if (!taken(m.start, m.end)) found.push({ type: 'name', ...m });

  const kept = applyCorrections(p, found).sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const out: Entity[] = [];
  for (const f of kept) {
    const key = `${f.type}\u0000${f.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: f.type, value: f.value, text: spanText(p, f.start, f.end) });
  }
  return out;
}
