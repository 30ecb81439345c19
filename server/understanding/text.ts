/**
 * Text folding for matching: lower case, accents removed, curly quotes straightened, one character for one
 * character, so an offset found in the folded text is the same offset in what the customer wrote.
 */
export function fold(text: string): string {
  // Most turns are plain ASCII: lower case is all there is to do.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  let out = '';
  for (const char of text) {
    const base = char.normalize('NFD')[0] ?? char;
    const lower = base.toLowerCase();
    const mapped = lower === '\u2019' || lower === '\u2018' ? "'" : lower === '\u201c' || lower === '\u201d' ? '"' : lower;
    // Keep the length: a character that folds to several (rare ligatures) keeps its first.
    out += mapped.length === char.length ? mapped : char.length === 1 ? mapped[0]! : mapped.padEnd(char.length, ' ');
  }
  return out;
}

/** Sentence-like pieces with their start offsets; a clause boundary limits negation and tense. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

const sentenceBreak = /[.!?;]+\s+|\n+|[.!?]+$/g;

export function sentences(folded: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of folded.matchAll(sentenceBreak)) {
    const end = match.index!;
    if (end > start) spans.push({ start, end, text: folded.slice(start, end) });
    start = end + match[0].length;
  }
  if (start < folded.length) spans.push({ start, end: folded.length, text: folded.slice(start) });
  return spans;
}

/** Clauses: sentences split further at commas, dashes and contrastive conjunctions ("but", "pero"). */
const clauseBreak = /\s*(?:,|\s[-–—]\s|\(|\)|\bbut\b|\bpero\b|\bthough\b|\bhowever\b|\bsino\b)\s*/g;

export function clauses(folded: string): Span[] {
  const out: Span[] = [];
  for (const sentence of sentences(folded)) {
    let start = sentence.start;
    for (const match of sentence.text.matchAll(clauseBreak)) {
      const end = sentence.start + match.index!;
      if (end > start) out.push({ start, end, text: folded.slice(start, end) });
      start = end + match[0].length;
    }
    if (start < sentence.end) out.push({ start, end: sentence.end, text: folded.slice(start, sentence.end) });
  }
  return out;
}

export function spanAt(spans: Span[], offset: number): Span | undefined {
  return spans.find((s) => offset >= s.start && offset < s.end) ?? spans.at(-1);
}
