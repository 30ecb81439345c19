import {
  ENGLISH_NUMBERS,
  FILLERS,
  SMALL_ORDINALS,
  SPANISH_NUMBERS,
  WEAK_NUMBER_WORDS,
  type NumberWord,
} from './number-words.js';

/** A stretch of the rewritten text and the stretch of the original it came from. */
export interface Segment {
  outStart: number;
  outEnd: number;
  rawStart: number;
  rawEnd: number;
  replaced: boolean;
}

export interface Digitised {
  text: string;
  segments: Segment[];
}

interface Token {
  start: number;
  end: number;
  word: string;
}

const TOKEN = /[a-z]+|\d+|[^\sa-z\d]/g;

function ordinalSuffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

function lookup(word: string, spanish: boolean): NumberWord | undefined {
  return ENGLISH_NUMBERS.get(word) ?? (spanish ? SPANISH_NUMBERS.get(word) : undefined);
}

/**
 * Reads one cardinal ("two hundred and fifty", "mil cuatrocientos", "twenty five") starting at i.
 * Returns the value and the next index, or undefined when no cardinal starts there.
 */
function readCardinal(nums: NumberWord[], i: number): [number, number] | undefined {
  const below = readBelowThousand(nums, i);
  let value = below?.[0];
  let j = below?.[1] ?? i;
  const next = nums[j];
  if (next?.kind === 'thousand') {
    value = (value ?? 1) * 1000;
    j++;
    if (nums[j]?.kind === 'and') j++;
    const rest = readBelowThousand(nums, j);
    if (rest) {
      value += rest[0];
      j = rest[1];
    }
  }
  return value === undefined ? undefined : [value, j];
}

function readBelowThousand(nums: NumberWord[], i: number): [number, number] | undefined {
  const t = nums[i];
  if (!t) return undefined;
  if (t.kind === 'a' && (nums[i + 1]?.kind === 'hundred' || nums[i + 1]?.kind === 'thousand')) {
    if (nums[i + 1]?.kind === 'thousand') return [1, i + 1];
    return withTail(100, nums, i + 2);
  }
  if ((t.kind === 'unit' || t.kind === 'teen') && nums[i + 1]?.kind === 'hundred') {
    return withTail(t.value * 100, nums, i + 2);
  }
  if (t.kind === 'hundreds' || t.kind === 'hundred') return withTail(t.value, nums, i + 1);
  const tens = readTens(nums, i);
  // "twenty two hundred" is 2200 and "forty five hundred" 4500, as people say prices and house numbers.
  if (tens && t.kind === 'tens' && nums[tens[1]]?.kind === 'hundred') return withTail(tens[0] * 100, nums, tens[1] + 1);
  return tens;
}

function withTail(value: number, nums: NumberWord[], i: number): [number, number] {
  let j = i;
  if (nums[j]?.kind === 'and' && nums[j + 1] && nums[j + 1]?.kind !== 'and') j++;
  const tail = readTens(nums, j);
  return tail ? [value + tail[0], tail[1]] : [value, i];
}

function readTens(nums: NumberWord[], i: number): [number, number] | undefined {
  const t = nums[i];
  if (!t) return undefined;
  if (t.kind === 'tens') {
    let j = i + 1;
    if (nums[j]?.kind === 'and' && nums[j + 1]?.kind === 'unit') j++;
    const u = nums[j];
    if (u?.kind === 'unit' && u.value > 0) return [t.value + u.value, j + 1];
    return [t.value, i + 1];
  }
  if (t.kind === 'teen' || t.kind === 'unit') return [t.value, i + 1];
  return undefined;
}

/** Turns a run of number words into digits: chunks are concatenated, as people read phone numbers and house numbers. */
export function runToDigits(nums: NumberWord[], ordinalTail?: number): string {
  let out = '';
  let i = 0;
  while (i < nums.length) {
    const t = nums[i] as NumberWord;
    if (t.kind === 'repeat') {
      const u = nums[i + 1];
      if (u?.kind === 'unit') {
        out += String(u.value).repeat(t.value);
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    if (t.kind === 'ordinal') {
      out += `${t.value}${ordinalSuffix(t.value)}`;
      i++;
      continue;
    }
    if (t.kind === 'tens' && nums[i + 1]?.kind === 'ordinal' && (nums[i + 1]?.value ?? 10) < 10) {
      const v = t.value + (nums[i + 1] as NumberWord).value;
      out += `${v}${ordinalSuffix(v)}`;
      i += 2;
      continue;
    }
    const card = readCardinal(nums, i);
    if (!card) {
      i++;
      continue;
    }
    out += String(card[0]);
    i = card[1];
  }
  if (ordinalTail !== undefined) {
    const base = out.length > 0 ? Number(out) : 0;
    const v = base + ordinalTail;
    out = `${v}${ordinalSuffix(v)}`;
  }
  return out;
}

/** "and"/"y"/"a" are number words only inside a cardinal: "two hundred and five", "treinta y cinco", "a hundred". */
function joinsRun(nw: NumberWord, prev: NumberWord | undefined, next: NumberWord | undefined): boolean {
  if (nw.kind === 'and') {
    if (!prev || !next) return false;
    if (prev.kind === 'hundred' || prev.kind === 'hundreds' || prev.kind === 'thousand') return true;
    return prev.kind === 'tens' && next.kind === 'unit';
  }
  if (nw.kind === 'a') return next?.kind === 'hundred' || next?.kind === 'thousand';
  return true;
}

function isNumberToken(tok: Token | undefined, spanish: boolean): boolean {
  return tok !== undefined && lookup(tok.word, spanish) !== undefined;
}

/**
 * Rewrites spelled numbers as digits ("eighteen oh five" → "1805", "double five" → "55") and keeps a
 * segment map back to the original so spans can still be cut from what the caller said.
 * `low` is the folded text (same length as `original`).
 */
export function digitise(original: string, low: string, spanish: boolean): Digitised {
  const tokens: Token[] = [];
  for (const m of low.matchAll(TOKEN)) tokens.push({ start: m.index, end: m.index + m[0].length, word: m[0] });

  const segments: Segment[] = [];
  let text = '';
  let rawPos = 0;
  const copyTo = (rawEnd: number): void => {
    if (rawEnd <= rawPos) return;
    segments.push({ outStart: text.length, outEnd: text.length + rawEnd - rawPos, rawStart: rawPos, rawEnd, replaced: false });
    text += original.slice(rawPos, rawEnd);
    rawPos = rawEnd;
  };

  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i] as Token;
    const first = lookup(tok.word, spanish);
    if (!first) {
      i++;
      continue;
    }
    // Extend the run over number words, fillers and hyphens that sit between number words.
    const nums: NumberWord[] = [];
    let j = i;
    let last = i;
    let strong = 0;
    while (j < tokens.length) {
      const t = tokens[j] as Token;
      const nw = lookup(t.word, spanish);
      if (nw && !joinsRun(nw, nums[nums.length - 1], lookup(tokens[j + 1]?.word ?? '', spanish))) break;
      if (nw) {
        nums.push(nw);
        if (!WEAK_NUMBER_WORDS.has(t.word)) strong++;
        last = j;
        j++;
        continue;
      }
      if ((FILLERS.has(t.word) || t.word === '-') && isNumberToken(tokens[j + 1], spanish)) {
        j++;
        continue;
      }
      break;
    }
    let ordinalTail: number | undefined;
    const after = tokens[last + 1];
    const lastNum = nums[nums.length - 1];
    if (after && lastNum?.kind === 'tens' && SMALL_ORDINALS[after.word] !== undefined && after.start - (tokens[last] as Token).end <= 1) {
      ordinalTail = SMALL_ORDINALS[after.word];
      last++;
    }
    // Trim weak words at the edges ("oh", "and", "a") so "oh awesome" or "and" alone stay words.
    let lo = i;
    let hi = last;
    let numLo = 0;
    let numHi = nums.length - 1;
    while (lo <= hi && WEAK_NUMBER_WORDS.has((tokens[lo] as Token).word) && !(
      ((tokens[lo] as Token).word === 'oh' || (tokens[lo] as Token).word === 'double' || (tokens[lo] as Token).word === 'triple' || (tokens[lo] as Token).word === 'a') &&
      isNumberToken(tokens[lo + 1], spanish) && !WEAK_NUMBER_WORDS.has((tokens[lo + 1] as Token).word)
    )) {
      lo++;
      numLo++;
    }
    while (hi >= lo && ordinalTail === undefined && WEAK_NUMBER_WORDS.has((tokens[hi] as Token).word)) {
      hi--;
      numHi--;
    }
    const core = nums.slice(numLo, numHi + 1);
    // A lone "one" is a pronoun far more often than a number: "no one", "this one", "one of those".
    const loneOne = hi === lo && (tokens[lo] as Token).word === 'one';
    if (strong === 0 || core.length === 0 || hi < lo || loneOne) {
      i = last + 1;
      continue;
    }
    const digits = runToDigits(core, ordinalTail);
    if (digits.length > 0) {
      const rawStart = (tokens[lo] as Token).start;
      const rawEnd = (tokens[hi] as Token).end;
      copyTo(rawStart);
      segments.push({ outStart: text.length, outEnd: text.length + digits.length, rawStart, rawEnd, replaced: true });
      text += digits;
      rawPos = rawEnd;
    }
    i = last + 1;
  }
  copyTo(original.length);
  return { text, segments };
}

/** Maps a span of the digitised text back to the original text. */
export function toRawSpan(segments: readonly Segment[], start: number, end: number): [number, number] {
  let rawStart = start;
  let rawEnd = end;
  for (const s of segments) {
    if (start >= s.outStart && start < s.outEnd) rawStart = s.replaced ? s.rawStart : s.rawStart + (start - s.outStart);
    if (end > s.outStart && end <= s.outEnd) {
      rawEnd = s.replaced ? s.rawEnd : s.rawStart + (end - s.outStart);
      break;
    }
  }
  return [rawStart, rawEnd];
}
