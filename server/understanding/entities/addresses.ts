import { readNumber, type Token } from '../numbers.js';
import type { FoundEntity, Source } from './entity.js';

/** Street suffixes (USPS common ones); highways are not addresses a tech drives to a door at. */
const suffixes = new Set([
  'street', 'st', 'avenue', 'ave', 'av', 'road', 'rd', 'lane', 'ln', 'drive', 'dr', 'way', 'court', 'ct', 'boulevard', 'blvd',
  'place', 'pl', 'circle', 'cir', 'trail', 'trl', 'parkway', 'pkwy', 'terrace', 'ter', 'run', 'loop', 'path', 'row', 'square', 'sq',
  'cove', 'cv', 'crossing', 'xing', 'bend', 'pass', 'pike', 'alley', 'plaza', 'ridge', 'hollow', 'glen', 'point', 'pt', 'heights',
  'hts', 'grove', 'walk', 'commons', 'landing', 'creek', 'hill', 'hills', 'meadow', 'meadows', 'park', 'view', 'vista',
]);
const directions = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);
const unitWords: Record<string, string> = { apt: 'Apt', apartment: 'Apt', apartamento: 'Apt', depto: 'Apt', departamento: 'Apt', unit: 'Unit', suite: 'Suite', ste: 'Suite', number: 'Apt' };
/** Words that cannot be part of a street name: they end the search. */
const stop = new Set([
  'and', 'or', 'the', 'a', 'an', 'in', 'on', 'at', 'to', 'of', 'for', 'is', 'it', 'my', 'our', 'we', 'i', 'you', 'there', 'here',
  'but', 'so', 'with', 'from', 'by', 'near', 'off', 'y', 'en', 'la', 'el', 'de', 'del', 'que', 'es', 'please', 'pls', 'now', 'today',
  'tomorrow', 'since', 'ago', 'yesterday', 'minutes', 'hours', 'days', 'weeks', 'years', 'units', 'degrees', 'times', 'people',
]);
/** Nouns after a number that make it a count or a measure rather than a house number. */
const measure = new Set([
  'hrs', 'hr', 'hours', 'hour', 'minutes', 'mins', 'min', 'days', 'day', 'weeks', 'week', 'months', 'month', 'years', 'year', 'yrs',
  'degrees', 'grados', 'units', 'unit', 'people', 'kids', 'times', 'feet', 'ft', 'inches', 'pm', 'am', 'dollars', 'bucks', 'percent',
  'miles', 'mi', 'sq', 'stories', 'floors', 'rooms', 'missing', 'of', 'or', 'and', 'to', 'x', 'k', 'm', 'lbs', 'pounds', 'gallons',
  'shingles', 'windows', 'doors', 'trees', 'cars', 'st', 'nd', 'rd', 'th',
]);
/** What introduces an address when it comes without a suffix ("no wait, it's 1420 Oak"). */
const cue = /\b(at|address(?: is)?|it'?s|its|live at|located at|we'?re at|i'?m at|on|en|vivo en|estamos en|direccion(?: es)?)\s*$/;

/**
 * Street addresses: a number (written or said: "eighteen oh five") and a street with its suffix, an
 * optional direction and unit ("fourteen twenty Oak Street apartment three" → "1420 Oak Street, Apt 3");
 * after an address cue a street without suffix ("it's 1420 Oak"); and intersections ("Fulton & 3rd").
 */
export function findAddresses({ text, folded, tokens }: Source): FoundEntity[] {
  const found: FoundEntity[] = [];
  for (let i = 0; i < tokens.length; ) {
    const number = readNumber(tokens, i);
    if (!number || number.digits.length > 6 || number.digits.startsWith('0')) {
      i = number ? number.next : i + 1;
      continue;
    }
    const street = readStreet(tokens, number.next, text, folded.slice(0, number.start));
    if (street) {
      const unit = readUnit(tokens, street.next, text);
      const end = unit?.end ?? street.end;
      const value = `${number.digits} ${street.name}${unit ? `, ${unit.label} ${unit.value}` : ''}`;
      found.push({ type: 'address', value, text: text.slice(number.start, end), start: number.start, end });
      i = unit?.next ?? street.next;
      continue;
    }
    i = number.next;
  }
  found.push(...findIntersections(text, folded, found));
  return found;
}

function readStreet(tokens: Token[], i: number, text: string, before: string): { name: string; next: number; end: number } | undefined {
  const words: Token[] = [];
  let j = i;
  if (tokens[j] && directions.has(tokens[j]!.w) && tokens[j + 1] && !measure.has(tokens[j + 1]!.w)) words.push(tokens[j++]!);
  for (; j < tokens.length && words.length < 5; j++) {
    const t = tokens[j]!;
    const gap = text.slice(tokens[j - 1]?.end ?? t.start, t.start);
    if (j > i && /[,.;!?()]/.test(gap)) break;
    if (j === i && measure.has(t.w)) return undefined;
    if (suffixes.has(t.w) && (words.length > 0 || /^\d/.test(t.w))) {
      // "Oak St", "3rd Street", "Quail Run": a name then its suffix (a direction may follow).
      const last = tokens[j + 1] && directions.has(tokens[j + 1]!.w) && tokens[j + 1]!.w.length <= 2 ? tokens[j + 1]! : t;
      const startAt = words[0]?.start ?? t.start;
      return { name: tidy(text.slice(startAt, last.end)), next: tokens.indexOf(last) + 1, end: last.end };
    }
    if (stop.has(t.w) || /^\d+$/.test(t.w)) break;
    words.push(t);
  }
  // No suffix: only after an address cue, and only a capitalised name ("1420 Oak").
  if (!cue.test(before) || words.length === 0) return undefined;
  const named = words.filter((w, k) => k < 2 && /^[A-Z]/.test(text.slice(w.start, w.end)));
  if (named.length === 0 || named[0] !== words[0]) return undefined;
  const last = named.at(-1)!;
  return { name: tidy(text.slice(named[0]!.start, last.end)), next: tokens.indexOf(last) + 1, end: last.end };
}

function readUnit(tokens: Token[], i: number, text: string): { label: string; value: string; next: number; end: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const hash = text.slice(tokens[i - 1]?.end ?? t.start, t.start).includes('#');
  const label = hash ? 'Apt' : unitWords[t.w];
  const valueAt = hash ? i : i + 1;
  if (!label || !tokens[valueAt]) return undefined;
  const number = readNumber(tokens, valueAt);
  if (number) return { label, value: number.digits, next: number.next, end: number.end };
  const word = tokens[valueAt]!;
  if (/^[a-z]?\d*[a-z]?$/.test(word.w) && word.w.length <= 4) return { label, value: text.slice(word.start, word.end).toUpperCase(), next: valueAt + 1, end: word.end };
  return undefined;
}

const intersection =
  /\b(?:corner of |intersection of |at |lot at |esquina de )?((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?)|\d{1,3}(?:st|nd|rd|th))\s*(?:&|\band\b|\by\b)\s*((?:[A-Z][a-z]+)|\d{1,3}(?:st|nd|rd|th))(?: (?:St|Street|Ave|Avenue|Rd|Road|Blvd))?\b/g;

/** "Fulton & 3rd", "corner of Main and 5th": one side must look like a street (an ordinal, or a cue before). */
function findIntersections(text: string, folded: string, already: FoundEntity[]): FoundEntity[] {
  const found: FoundEntity[] = [];
  for (const match of text.matchAll(intersection)) {
    const [whole, a, b] = match as unknown as [string, string, string];
    const start = match.index! + whole.indexOf(a);
    const end = match.index! + whole.length;
    if (already.some((f) => start < f.end && end > f.start)) continue;
    const ordinal = /^\d/.test(a) || /^\d/.test(b);
    const cued = /\b(corner|intersection|esquina|lot|parking|at)\b/.test(folded.slice(Math.max(0, start - 20), start));
    const corner = /\b(corner|intersection|esquina)\b/.test(folded.slice(Math.max(0, start - 20), start));
    // "the Shell station on Lamar and Koenig": a place, then two capitalised streets.
    const place = /\b(station|store|shop|lot|parking|mall|plaza|walmart|target|school|park|gym|church|restaurant|light|stoplight)\b[^.]{0,20}\b(on|at)\s*$/.test(folded.slice(Math.max(0, start - 40), start));
    if (!(ordinal || corner || place)) continue;
    found.push({ type: 'address', value: text.slice(start, end), text: text.slice(start, end), start, end });
  }
  return found;
}

function tidy(street: string): string {
  return street.replace(/\s+/g, ' ').replace(/[.,]+$/, '');
}
