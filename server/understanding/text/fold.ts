// Folding keeps a one-to-one mapping between input and output code units, so an offset found in the
// folded text is the same offset in the original: entity spans can be cut from the original text.

const FOLD_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['áàâäãåÁÀÂÄÃÅ', 'a'],
  ['éèêëÉÈÊË', 'e'],
  ['íìîïÍÌÎÏ', 'i'],
  ['óòôöõÓÒÔÖÕ', 'o'],
  ['úùûüÚÙÛÜ', 'u'],
  ['ñÑ', 'n'],
  ['çÇ', 'c'],
  ['ýÿÝ', 'y'],
  ['\u2018\u2019\u02bc\u00b4`', "'"],
  ['\u201c\u201d', '"'],
  ['\u2013\u2014', '-'],
  ['\u00a0', ' '],
];

const FOLD_TABLE: ReadonlyMap<string, string> = new Map(
  FOLD_PAIRS.flatMap(([chars, to]) => [...chars].map((c) => [c, to] as const)),
);

const NON_ASCII = /[^\x00-\x7f]/;

/** Lower-cases and strips accents without changing the string's length. */
export function fold(text: string): string {
  // Most turns are plain ASCII: one native call instead of a string built char by char.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
      continue;
    }
    const ch = text[i] as string;
    const mapped = FOLD_TABLE.get(ch);
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const lower = ch.toLowerCase();
    out += lower.length === 1 ? lower : ch;
  }
  return out;
}

/** Same-length clean-up of the original: typographic quotes and dashes become ASCII, case is kept. */
export function tidy(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    if (code < 128) {
      out += ch;
      continue;
    }
    const mapped = FOLD_TABLE.get(ch);
    out += mapped !== undefined && !/\p{L}/u.test(ch) ? mapped : ch;
  }
  return out;
}
