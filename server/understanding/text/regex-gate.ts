// A cheap pre-check for the big alternation regexes: most danger concepts are absent from most turns,
// and a JavaScript regex with a leading alternation is tried at every position. From a pattern source
// we derive the literal starts of its alternatives ("smell", "odo", "stink"); a turn whose words start
// with none of them cannot match, so the regex is not run. Sources we cannot read safely get no gate.

export const GATE_LENGTH = 4;

interface Parsed {
  /** Literal prefixes the match can start with; undefined = could start with anything. */
  starts: string[] | undefined;
  /** True when this part can match the empty string. */
  optional: boolean;
}

function findGroupEnd(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(src.slice(last));
  return parts;
}

function quantifierAt(src: string, i: number): { optional: boolean; length: number } {
  const c = src[i];
  if (c === '?' || c === '*') return { optional: true, length: src[i + 1] === '?' ? 2 : 1 };
  if (c === '+') return { optional: false, length: src[i + 1] === '?' ? 2 : 1 };
  if (c === '{') {
    const close = src.indexOf('}', i);
    const min = Number(src.slice(i + 1, close).split(',')[0]);
    return { optional: min === 0, length: close - i + 1 + (src[close + 1] === '?' ? 1 : 0) };
  }
  return { optional: false, length: 0 };
}

/** Literal starts of a sequence (one alternative). */
function parseSequence(src: string): Parsed {
  let i = 0;
  let prefix = '';
  // Alternatives collected from optional leading parts ("(the )?fire" can start with "the " or "fire").
  const extra: string[] = [];
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === 'b' || n === 'B') {
        i += 2;
        continue;
      }
      if (n === 'd' && prefix.length === 0) {
        // A number can start with any digit: one key per digit.
        return { starts: [...'0123456789', ...extra], optional: false };
      }
      if (n && /[.\-'"$?()[\]{}|*+/\\ ]/.test(n)) {
        const q = quantifierAt(src, i + 2);
        if (q.optional) return finish(prefix, extra, src.slice(i + 2 + q.length));
        prefix += n;
        i += 2 + q.length;
        if (q.length > 0) return done(prefix, extra);
        continue;
      }
      return done(prefix, extra);
    }
    if (c === '(') {
      const end = findGroupEnd(src, i);
      if (end < 0) return { starts: undefined, optional: false };
      let inner = src.slice(i + 1, end);
      if (inner.startsWith('?<!') || inner.startsWith('?<=') || inner.startsWith('?!') || inner.startsWith('?=')) {
        // Lookarounds consume nothing.
        i = end + 1;
        continue;
      }
      if (inner.startsWith('?:')) inner = inner.slice(2);
      else if (inner.startsWith('?<')) inner = inner.slice(inner.indexOf('>') + 1);
      const q = quantifierAt(src, end + 1);
      if (prefix.length > 0) return done(prefix, extra);
      const group = parseAlternation(inner);
      if (group.starts === undefined) return { starts: undefined, optional: false };
      if (q.optional || group.optional) {
        extra.push(...group.starts);
        i = end + 1 + q.length;
        continue;
      }
      return { starts: [...group.starts, ...extra], optional: false };
    }
    if (c === '[' || c === '.' || c === '^' || c === '$') return done(prefix, extra, c === '^' || c === '$');
    const q = quantifierAt(src, i + 1);
    if (q.optional) return finish(prefix, extra, src.slice(i + 1 + q.length));
    prefix += c;
    i += 1 + q.length;
    if (q.length > 0) return done(prefix, extra);
  }
  if (prefix.length === 0 && extra.length === 0) return { starts: [], optional: true };
  return done(prefix, extra);
}

function finish(prefix: string, extra: string[], rest: string): Parsed {
  // "odou?r": the start is "odo"; when nothing literal came first, what follows decides.
  if (prefix.length > 0) return done(prefix, extra);
  const after = parseSequence(rest);
  return after.starts === undefined ? after : { starts: [...after.starts, ...extra], optional: after.optional };
}

function done(prefix: string, extra: string[], anchor = false): Parsed {
  if (prefix.length === 0 && !anchor) return { starts: undefined, optional: false };
  if (prefix.length === 0) return { starts: undefined, optional: false };
  return { starts: [prefix, ...extra], optional: false };
}

function parseAlternation(src: string): Parsed {
  const all: string[] = [];
  let optional = false;
  for (const alt of splitTopLevel(src)) {
    const p = parseSequence(alt);
    if (p.starts === undefined) return { starts: undefined, optional: false };
    all.push(...p.starts);
    optional ||= p.optional;
  }
  return { starts: all, optional };
}

/** The gate keys of a pattern (first letters of each possible start), or undefined for "always run". */
export function gateKeys(source: string): string[] | undefined {
  const parsed = parseAlternation(source);
  if (parsed.starts === undefined || parsed.optional || parsed.starts.length === 0) return undefined;
  const keys = new Set<string>();
  for (const s of parsed.starts) {
    const word = s.trimStart().split(' ')[0] as string;
    // Keys are looked up among word prefixes, so they must look like the start of a word.
    if (word.length < 1 || !/^[a-z0-9][a-z0-9'$/.-]*$/.test(word)) return undefined;
    keys.add(word.slice(0, GATE_LENGTH));
  }
  return [...keys];
}

/** Every prefix (up to the gate length) of every word in the text, for gate look-ups. */
export function wordPrefixes(low: string): Set<string> {
  const out = new Set<string>();
  // Tokens keep inner punctuation ("a.s.a.p", "check-up") so keys cut from such words are found.
  for (const m of low.matchAll(/[a-z0-9][^\s"()[\]{},;:!?]*/g)) {
    const w = m[0];
    const max = Math.min(GATE_LENGTH, w.length);
    for (let n = 1; n <= max; n++) out.add(w.slice(0, n));
  }
  return out;
}

export function gateOpen(keys: readonly string[] | undefined, prefixes: ReadonlySet<string>): boolean {
  if (keys === undefined) return true;
  for (const k of keys) if (prefixes.has(k)) return true;
  return false;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Calls `each(start, end)` for every word of folded text: a word starts at a letter or digit and runs
 * to the next space or closing punctuation, so inner marks stay ("a.s.a.p", "check-up", "don't").
 */
export function forEachWord(low: string, each: (start: number, end: number) => void): void {
  let i = 0;
  const n = low.length;
  while (i < n) {
    while (i < n && !isWordChar(low.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n) {
      const c = low.charCodeAt(i);
      if (c < 128 && WORD_END[c] === 1) break;
      i++;
    }
    each(start, i);
  }
}

function wordEndTable(): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of ' \t\n\r"()[]{},;:!?') t[c.charCodeAt(0)] = 1;
  return t;
}

// Read-only after load: 1 marks a character that ends a word.
const WORD_END: Readonly<Uint8Array> = wordEndTable();

/**
 * A number for the ASCII string low[from, to) (at most GATE_LENGTH characters): base 128 digits. Keys
 * start with a letter or a digit (code >= 48), so strings of different lengths never share a number.
 */
export function prefixCode(low: string, from: number, to: number): number {
  let code = 0;
  for (let i = from; i < to; i++) code = code * 128 + (low.charCodeAt(i) & 127);
  return code;
}
