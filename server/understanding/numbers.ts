/**
 * Numbers as callers say them, in English and Spanish: digit by digit for phones ("five one two … oh one
 * four eight", "double five"), in pairs for house numbers ("eighteen oh five" = 1805, "five fifty five" =
 * 555), and as ordinary cardinals for money ("four hundred", "sesenta y cinco").
 */
export interface Token {
  w: string;
  start: number;
  end: number;
}

/** Words (and digit runs) of folded text, with offsets. */
export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(/[a-z0-9ñ]+/g)) {
    tokens.push({ w: match[0], start: match.index!, end: match.index! + match[0].length });
  }
  return tokens;
}

const units: Record<string, number> = {
  zero: 0, oh: 0, o: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  cero: 0, uno: 1, una: 1, un: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9,
};
const teens: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
  veinte: 20, veintiuno: 21, veintiun: 21, veintidos: 22, veintitres: 23, veinticuatro: 24, veinticinco: 25, veintiseis: 26,
  veintisiete: 27, veintiocho: 28, veintinueve: 29,
};
const tens: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90,
};
const hundreds: Record<string, number> = {
  cien: 100, ciento: 100, doscientos: 200, trescientos: 300, cuatrocientos: 400, quinientos: 500, seiscientos: 600,
  setecientos: 700, ochocientos: 800, novecientos: 900,
};
const ordinals: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, primero: 1,
};

const numberWords = new Set([...Object.keys(units), ...Object.keys(teens), ...Object.keys(tens), ...Object.keys(hundreds), 'hundred', 'thousand', 'mil', 'double', 'triple']);

export function isNumberWord(w: string): boolean {
  return numberWords.has(w) || isDigits(w);
}

function isDigits(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return w.length > 0;
}

/** Every extractor reads numbers from the same tokens: read each position once per turn. */
const cache = new WeakMap<Token[], Map<number, SpokenNumber | undefined>>();

export function readNumber(tokens: Token[], i: number): SpokenNumber | undefined {
  let byIndex = cache.get(tokens);
  if (!byIndex) cache.set(tokens, (byIndex = new Map()));
  if (byIndex.has(i)) return byIndex.get(i);
  const number = readNumberAt(tokens, i);
  byIndex.set(i, number);
  return number;
}

export interface SpokenNumber {
  /** Digits read as written in sequence ("five fifty five" → "555"): phones and house numbers. */
  digits: string;
  /** The cardinal value when the words make one ("four hundred" → 400), for money. */
  value: number | undefined;
  /** Index of the first token after the number. */
  next: number;
  start: number;
  end: number;
  /** True when it was written with numerals rather than words. */
  numeric: boolean;
}

/**
 * Reads the number starting at tokens[i], if any. `allowO` lets a lone "o"/"oh" count as zero (only inside a
 * run that already has digits: "oh" alone is an interjection).
 */
function readNumberAt(tokens: Token[], i: number): SpokenNumber | undefined {
  if (tokens[i]?.w === 'a' && (tokens[i + 1]?.w === 'hundred' || tokens[i + 1]?.w === 'thousand') && tokens[i + 1]!.start - tokens[i]!.end <= 1) {
    // "a hundred and two": read as "one hundred and two", the span still starting at "a".
    const rest = readNumberAt([{ ...tokens[i]!, w: 'one' }, ...tokens.slice(i + 1)], 0);
    return rest && { ...rest, next: rest.next + i };
  }
  const first = tokens[i];
  if (!first || !isNumberWord(first.w) || ((first.w === 'o' || first.w === 'oh') && !isDigitish(tokens[i + 1]?.w))) return undefined;
  if (first.w === 'double' || first.w === 'triple') {
    if (!(tokens[i + 1] && tokens[i + 1]!.w in units)) return undefined;
  }
  const chunks: string[] = [];
  let value: number | undefined = 0;
  let pending = 0; // the cardinal being built within the current thousand
  let cardinalBroken = false;
  let j = i;
  let lastKind: 'unit' | 'teen' | 'tens' | 'hundred' | 'thousand' | 'numeric' | undefined;
  const gap = (a: Token | undefined, b: Token | undefined) => (a && b ? b.start - a.end : 0);
  /** "sixty" + "five", "four hundred" + "twenty": the word completes the chunk before it. */
  const addToLast = (n: number) => {
    chunks[chunks.length - 1] = String(Number(chunks.at(-1)) + n);
    pending += n;
  };
  /** A new chunk: digits said side by side ("five" "fifty five") no longer make one cardinal. */
  const startChunk = (n: number, digits: string) => {
    chunks.push(digits);
    cardinalBroken ||= lastKind !== undefined && lastKind !== 'thousand';
    pending = lastKind === 'thousand' ? pending + n : n;
  };

  while (j < tokens.length) {
    const t = tokens[j]!;
    if (j > i && gap(tokens[j - 1], t) > 3) break; // a real pause (punctuation, a word) ends the number
    const w = t.w;
    if (/^\d+$/.test(w)) {
      if (lastKind && lastKind !== 'numeric') break;
      chunks.push(w);
      pending = pending * 10 ** w.length + Number(w);
      cardinalBroken ||= lastKind === 'numeric';
      lastKind = 'numeric';
      j++;
      continue;
    }
    if (w === 'double' || w === 'triple') {
      const next = tokens[j + 1];
      if (!next || !(next.w in units)) break;
      chunks.push(String(units[next.w]).repeat(w === 'double' ? 2 : 3));
      cardinalBroken = true;
      lastKind = 'unit';
      j += 2;
      continue;
    }
    if (w === 'y' && lastKind === 'tens' && tokens[j + 1] && tokens[j + 1]!.w in units) {
      // "sesenta y cinco"
      addToLast(units[tokens[j + 1]!.w]!);
      lastKind = 'unit';
      j += 2;
      continue;
    }
    if (w === 'and' && lastKind === 'hundred' && tokens[j + 1] && isNumberWord(tokens[j + 1]!.w)) {
      j++;
      continue;
    }
    if (w in units) {
      if ((w === 'o' || w === 'oh' || w === 'un' || w === 'una') && !(lastKind || isDigitish(tokens[j + 1]?.w))) break;
      const unit = units[w]!;
      const zero = w === 'oh' || w === 'o';
      if ((lastKind === 'tens' && unit > 0 && !zero) || lastKind === 'hundred') addToLast(unit);
      else startChunk(unit, zero ? '0' : String(unit));
      lastKind = 'unit';
      j++;
      continue;
    }
    if (w in teens || w in tens) {
      const n = teens[w] ?? tens[w]!;
      if (lastKind === 'hundred') addToLast(n);
      else startChunk(n, String(n));
      lastKind = w in teens ? 'teen' : 'tens';
      j++;
      continue;
    }
    if (w in hundreds) {
      chunks.push(String(hundreds[w]));
      pending = hundreds[w]!;
      lastKind = 'hundred';
      j++;
      continue;
    }
    if (w === 'hundred') {
      if (!lastKind || lastKind === 'hundred') break;
      const base = Number(chunks.pop() ?? '1');
      pending = base * 100;
      chunks.push(String(pending));
      lastKind = 'hundred';
      j++;
      continue;
    }
    if (w === 'thousand' || w === 'mil') {
      const base = lastKind ? pending : 1;
      value = (value ?? 0) + base * 1000;
      chunks.length = 0;
      chunks.push(String(base * 1000));
      pending = 0;
      lastKind = 'thousand';
      j++;
      continue;
    }
    break;
  }
  if (j === i) return undefined;
  const last = tokens[j - 1]!;
  const cardinal = cardinalBroken ? undefined : (value ?? 0) + pending;
  let digits = chunks.join('');
  // "one thousand two hundred" reads as 1200, not as the chunks side by side.
  if (value) digits = String(cardinal ?? digits);
  return { digits, value: cardinal, next: j, start: first.start, end: last.end, numeric: chunks.length > 0 && tokens.slice(i, j).every((t) => /^\d+$/.test(t.w)) };
}

function isDigitish(w: string | undefined): boolean {
  return w !== undefined && (w in units || w in teens || w in tens || /^\d+$/.test(w) || w === 'double' || w === 'triple');
}

/** Day-of-month words: "fifteenth", "twenty fourth", "the 15th", "veinte". Returns the day and tokens used. */
export function readDayOfMonth(tokens: Token[], i: number): { day: number; next: number; end: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const numeric = /^(\d{1,2})(st|nd|rd|th)?$/.exec(t.w);
  if (numeric) {
    const day = Number(numeric[1]);
    return day >= 1 && day <= 31 ? { day, next: i + 1, end: t.end } : undefined;
  }
  if (t.w in ordinals) return { day: ordinals[t.w]!, next: i + 1, end: t.end };
  const next = tokens[i + 1];
  if ((t.w === 'twenty' || t.w === 'thirty') && next && next.start - t.end <= 2) {
    const unit = ordinals[next.w];
    if (unit && unit < 10) return { day: tens[t.w]! + unit, next: i + 2, end: next.end };
  }
  const spoken = readNumber(tokens, i);
  if (spoken?.value !== undefined && spoken.value >= 1 && spoken.value <= 31) return { day: spoken.value, next: spoken.next, end: spoken.end };
  return undefined;
}
