import { execAll } from './exec-all.js';
import { fold, tidy } from './fold.js';
import { fixTypos } from './typos.js';
import { digitise, toRawSpan, type Segment } from './spoken-numbers.js';

/**
 * One customer turn, ready for the rules. `text` has spelled numbers as digits and keeps the caller's
 * case; `low` is the same string folded (lower case, no accents) for matching. Both have equal length.
 */
export interface PreparedText {
  raw: string;
  text: string;
  low: string;
  spanish: boolean;
  /** [start, end) of each sentence in `low`. */
  sentences: ReadonlyArray<readonly [number, number]>;
  segments: readonly Segment[];
}

const SPANISH_WORDS = /\b(el|la|los|las|que|de|del|y|mi|mis|es|esta|estoy|tengo|hay|por|para|con|una|se|me|pero|porque|ayer|hoy|cuando|donde|usted|ustedes|necesito|quiero|puede|pueden|buenas|buenos|gracias|hola|agua|casa|muy|tiene|nos|llamo|nombre|hijos?|en|calle|vivo|son|pues|bueno|favor|yo|le|lo|al|su|sus|como|cuanto|cuando|ya|tambien|numero|correo|dolares|manana|senor|senora)\b/g;
const ENGLISH_WORDS = /\b(the|and|is|my|to|it|you|i|of|in|for|can|we|this|that|with|have|are|be|on|me|your|just|need|what|how|do|will)\b/g;

function countMatches(re: RegExp, s: string): number {
  let n = 0;
  execAll(re, s, () => n++);
  return n;
}

export function isSpanish(low: string): boolean {
  const es = countMatches(SPANISH_WORDS, low);
  if (es < 2) return false;
  return es > countMatches(ENGLISH_WORDS, low);
}

// A full stop ends a sentence unless it belongs to a title ("Dr.") or a number ("1.5").
const SENTENCE_END = /(?<!\b(?:dr|mr|mrs|ms|sr|sra|st|jr|ave|apt|no))[.!?;\n]+(?=\s|$)|[¡¿]/g;

export function splitSentences(low: string): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  let start = 0;
  for (const m of low.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    if (end > start) out.push([start, end]);
    start = end;
  }
  if (start < low.length) out.push([start, low.length]);
  if (out.length === 0) out.push([0, low.length]);
  return out;
}

export function prepare(original: string): PreparedText {
  const raw = tidy(original.normalize('NFC'));
  const rawLow = fold(raw);
  const spanish = isSpanish(rawLow);
  const dig = digitise(raw, rawLow, spanish);
  // Most turns have no spelled numbers: then the folded text is already known.
  const low = fixTypos(dig.text === raw ? rawLow : fold(dig.text));
  return { raw, text: dig.text, low, spanish, sentences: splitSentences(low), segments: dig.segments };
}

/** The original words behind a span of the prepared text. */
export function spanText(p: PreparedText, start: number, end: number): string {
  const [a, b] = toRawSpan(p.segments, start, end);
  return p.raw.slice(a, b).trim();
}

export function sentenceIndexAt(p: PreparedText, pos: number): number {
  const s = p.sentences;
  for (let i = 0; i < s.length; i++) if (pos < (s[i] as readonly [number, number])[1]) return i;
  return s.length - 1;
}
