import type { PreparedText } from '../text/prepare.js';
import { FIRST_NAMES, NOT_NAME_WORDS } from './first-names.js';

export interface NameMention {
  start: number;
  end: number;
  value: string;
}

interface Word {
  start: number;
  end: number;
  text: string;
  low: string;
}

const WORD = /[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*\.?|\d+|[^\sA-Za-zÀ-ÖØ-öø-ÿ\d]/g;
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'sr', 'sra', 'srta', 'dra', 'doctor', 'doctora', 'attorney', 'senor', 'senora', 'señor', 'señora']);
const PARTICLES = new Set(['de', 'del', 'la', 'van', 'von', 'da', 'di', 'le', 'mac', 'st.']);
// Lower-case words that end a name said after "my name is" in an uncapitalised chat.
const STOP = new Set(
  `and i um uh from at with calling here my the im i'm about regarding on in for to please again speaking back just
  calling and need want have had was is it its it's we our me call text number phone email y e soy mi tengo necesito
  quiero llamo de la el por para con que you your this that there so but or also too if not no yes can could would`
    .split(/\s+/)
    .filter(Boolean),
);

// Given names that are also everyday words, too risky as a lone capitalised word.
const AMBIGUOUS = new Set(
  `will may bill mark grace rose joy hope faith sue pat rob art jack don ray jan april june august summer dawn
  eve bob chase chance drew frank guy hunter lane lee miles page penny ruby sandy wade west river sky jean lily
  iris holly ginger amber crystal jade pearl robin sunny rich norm buck carol chuck kitty dean major angel
  guadalupe luz mercedes paris austin dallas jordan victoria florence virginia savannah`
    .split(/\s+/)
    .filter(Boolean),
);

const PLACE_WORDS = new Set(
  `county city town park lake river creek mountain valley heights hills beach island village springs station
  center centre mall school church hospital university college airport street st avenue ave road rd lane drive
  boulevard blvd way court plaza apartments apartment tower towers plumbing electric roofing realty dental
  clinic spa law group supply supplies company co inc llc services service motors auto`
    .split(/\s+/)
    .filter(Boolean),
);

// "john no sorry jon": the caller corrects the name just said, so the next word is a name too.
const CORRECTION_CUE = /^[\s,.-]*(?:(?:uh|um|oh)\s+)?(?:(?:no+|wait|sorry|i mean|actually|perdon|digo|quiero decir)\b[\s,.-]*)+(?:(?:it'?s|its|it is|es|soy)\s+)?$/;
const STRONG_CUE = /\b(this is|my name is|my name's|name is|name's|names|me llamo|mi nombre es|le habla|les habla|habla|call me|signed|de parte de|a nombre de)\s+$/;
const WEAK_CUE = /\b(i am|i'm|im|it's|its|soy|for|with|from|ask for|speak to|speak with|talk to|under|para|con|hi|hey|hello|thanks|thank you|gracias|dear|tell|is|was)\s+$/;
// A staff role right before a capitalised word names a person even if the name is not in our list.
const ROLE_CUE = /\b(tech|technician|plumber|electrician|hygienist|agent|realtor|lawyer|attorney|paralegal|assistant|receptionist|named|mechanic|locksmith|roofer|dentist|nurse|injector|esthetician|mother|father|mom|dad|husband|wife|son|daughter|brother|sister|grandma|grandpa|grandmother|grandfather|client|tenant|neighbor|friend|patient|boss|partner|mama|papa|esposo|esposa|hijo|hija)\s+$/;
const SIGNATURE = /(^|[-~]\s*|[.!?]\s+|\b(thanks|thank you|thx|regards|cheers|gracias|best),?\s+)$/;

function isCapitalised(w: Word): boolean {
  return /^[A-ZÀ-ÖØ-Þ]/.test(w.text);
}

function properCase(token: string): string {
  if (token !== token.toLowerCase() && token !== token.toUpperCase()) return token;
  return token
    .toLowerCase()
    .replace(/(^|[-'’])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

function bare(w: Word): string {
  return w.low.replace(/\.$/, '');
}

function isTitle(w: Word | undefined): boolean {
  return w !== undefined && TITLES.has(bare(w));
}

function nameTokenOk(w: Word | undefined, allowLower: boolean): boolean {
  if (!w || !/^\p{L}/u.test(w.text)) return false;
  const b = bare(w);
  if (NOT_NAME_WORDS.has(b) || b.length < 2) return false;
  if (isCapitalised(w)) return true;
  return allowLower && !STOP.has(b);
}

/** Reads a name starting at word i: an optional title, then up to three name words. */
function readName(words: Word[], i: number, allowLower: boolean): { from: number; to: number; title: boolean } | undefined {
  let j = i;
  let title = false;
  if (isTitle(words[j]) && nameTokenOk(words[j + 1], allowLower)) {
    title = true;
    j++;
  }
  // An initial before a surname: "B. Nguyen".
  const initial = /^[A-Z]\.$/.test(words[j]?.text ?? '') && nameTokenOk(words[j + 1], false) && isCapitalised(words[j + 1] as Word);
  if (!initial && !nameTokenOk(words[j], allowLower)) return undefined;
  const first = j;
  let last = j;
  j++;
  while (j < words.length && last - first < 2) {
    const w = words[j] as Word;
    if (PARTICLES.has(w.low) && nameTokenOk(words[j + 1], false) && isCapitalised(words[j + 1] as Word)) {
      j++;
      continue;
    }
    // After a lower-case first name, only a lower-case surname can follow (and vice versa).
    const firstCap = isCapitalised(words[first] as Word);
    if (!nameTokenOk(w, allowLower) || isCapitalised(w) !== firstCap) break;
    // "jon jon smith": the name said again starts a new mention.
    if (w.low === (words[first] as Word).low) break;
    if (j === first + 1 && /^[A-Z]\.$/.test((words[first] as Word).text) && last === first) {
      last = j;
      j++;
      continue;
    }
    last = j;
    j++;
  }
  return { from: title ? first - 1 : first, to: last, title };
}

function formatName(words: Word[], from: number, to: number): string {
  const parts: string[] = [];
  for (let k = from; k <= to; k++) {
    const w = words[k] as Word;
    if (k === from && TITLES.has(bare(w))) {
      const t = properCase(bare(w));
      parts.push(/^(dr|mr|mrs|ms|sr|sra|srta|dra)$/.test(bare(w)) ? `${t}.` : t);
      continue;
    }
    parts.push(PARTICLES.has(w.low) ? w.low : /^[A-Za-z]\.$/.test(w.text) ? w.text.toUpperCase() : properCase(w.text.replace(/\.$/, '')));
  }
  return parts.join(' ');
}

export function findNames(p: PreparedText): NameMention[] {
  const words: Word[] = [];
  for (const m of p.text.matchAll(WORD)) {
    const low = p.low.slice(m.index, m.index + m[0].length);
    words.push({ start: m.index, end: m.index + m[0].length, text: m[0], low });
  }
  const found: NameMention[] = [];
  const add = (from: number, to: number): void => {
    const a = words[from] as Word;
    const b = words[to] as Word;
    found.push({ start: a.start, end: b.end, value: formatName(words, from, to) });
  };

  // Index in `found` of a name given as a correction: only that one may be repeated in full.
  let correctedAt = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as Word;
    const before = p.low.slice(Math.max(0, w.start - 24), w.start);
    const corrects = followsCorrectedName(p, found, w);
    const repeats = !corrects && correctedAt === found.length - 1 && repeatsFoundName(p, found, w);
    if (STRONG_CUE.test(before) || corrects || repeats) {
      const lowerOk = FIRST_NAMES.has(bare(w)) || repeats;
      const n = readName(words, i, lowerOk);
      if (n) {
        // The name taken back, or the corrected name said again in full, replaces the one before.
        if (corrects || repeats) found.pop();
        if (corrects) correctedAt = found.length;
        add(n.from, n.to);
        i = n.to;
        continue;
      }
    }
    const cap = isCapitalised(w);
    if (!cap) continue;
    if (isTitle(w)) {
      const n = readName(words, i, false);
      if (n && n.title) {
        add(n.from, n.to);
        i = n.to;
      }
      continue;
    }
    const known = FIRST_NAMES.has(bare(w));
    const n = readName(words, i, false);
    if (!n) continue;
    const length = n.to - n.from + 1;
    const weak = WEAK_CUE.test(before);
    const signature = SIGNATURE.test(p.low.slice(Math.max(0, w.start - 16), w.start)) && (n.to === words.length - 1 || /^[\s.!]*$|^\s*[\d(+]/.test(p.text.slice((words[n.to] as Word).end, (words[n.to] as Word).end + 3)));
    // "Travis County", "Riverside Park": a place, not a person.
    let place = false;
    for (let k = n.from; k <= n.to + 1 && k < words.length; k++) place ||= PLACE_WORDS.has(bare(words[k] as Word));
    if (place) continue;
    // Possessives are businesses or days ("Joe's Plumbing", "Mother's Day"), not people.
    if (/['’]s$/i.test((words[n.to] as Word).text) || /['’]s$/i.test(w.text)) continue;
    // A lone first name counts mid-sentence ("the estimate Chris sent"), where a capital means a name.
    const midSentence = i > 0 && /^[a-z]/.test((words[i - 1] as Word).text) && !AMBIGUOUS.has(bare(w));
    const role = ROLE_CUE.test(before);
    if ((known && (length >= 2 || weak || signature || midSentence)) || (signature && length >= 2) || role) {
      add(n.from, n.to);
      i = n.to;
    }
  }
  return dropPartialRepeats(found);
}

function followsCorrectedName(p: PreparedText, found: readonly NameMention[], w: Word): boolean {
  const last = found[found.length - 1];
  return last !== undefined && w.start - last.end <= 30 && CORRECTION_CUE.test(p.low.slice(last.end, w.start));
}

/** "jon, jon smith": a name said again right away, now in full. */
function repeatsFoundName(p: PreparedText, found: readonly NameMention[], w: Word): boolean {
  const last = found[found.length - 1];
  if (last === undefined || w.start - last.end > 40) return false;
  const firstWord = p.low.slice(last.start, last.end).split(/\s+/)[0];
  return firstWord === w.low;
}

/** A name that is part of a fuller one said in the same turn ("Jon" and "Jon Smith") is the same person. */
function dropPartialRepeats(found: NameMention[]): NameMention[] {
  const tokens = (n: NameMention): string[] => n.value.toLowerCase().split(/\s+/);
  return found.filter((n) => {
    const mine = tokens(n);
    return !found.some((o) => o !== n && o.value.length > n.value.length && mine.every((t) => tokens(o).includes(t)));
  });
}
