import { createHash } from 'node:crypto';

/**
 * Splits a source's text into chunks that follow its structure. Every extractor (text, markdown, HTML, PDF,
 * DOCX, Q&A pairs) produces the same markdown-like form first: `#` headings, blank-line paragraphs, `- `
 * lists, and `Q:` / `A:` pairs. Then:
 * - a heading starts a new section; a chunk never spans two sections, and keeps the heading path for citation;
 * - a Q/A pair is a chunk of its own, headed by its question;
 * - paragraphs fill a chunk up to `maxChars`; a section that needs several chunks repeats the last sentence of
 *   one at the start of the next (`overlapChars`), so a fact cut at the boundary is still whole somewhere;
 * - a paragraph too long for one chunk is cut at sentences, a sentence too long at words.
 */
export interface Chunk {
  position: number;
  heading: string | null;
  text: string;
  /** Identifies the chunk's content within a business: the same heading and text is stored once. */
  hash: string;
}

export interface ChunkOptions {
  maxChars?: number;
  overlapChars?: number;
}

interface Block {
  kind: 'heading' | 'paragraph' | 'qa';
  level?: number;
  text: string;
  /** For a Q/A pair: the question. */
  question?: string;
}

const headingLine = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const questionStart = /^(?:Q|Question)\s*[:.)-]\s*/i;
const answerStart = /^(?:A|Answer)\s*[:.)-]\s*/i;
const listItem = /^\s*(?:[-*•]|\d{1,3}[.)])\s+/;

export function chunkText(source: string, { maxChars = 1000, overlapChars = 160 }: ChunkOptions = {}): Chunk[] {
  const blocks = toBlocks(source);
  const chunks: Chunk[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let section: string[] = [];

  const headingNow = () => (path.length ? path.slice(-2).map((h) => h.text).join(' › ') : null);
  const emit = (heading: string | null, text: string) => {
    const clean = text.trim();
    if (!/[\p{L}\p{N}]/u.test(clean)) return;
    chunks.push({ position: chunks.length, heading, text: clean, hash: chunkHash(heading, clean) });
  };
  const flushSection = () => {
    if (section.length) packParagraphs(section, maxChars, overlapChars).forEach((text) => emit(headingNow(), text));
    section = [];
  };

  for (const block of blocks) {
    if (block.kind === 'heading') {
      flushSection();
      const level = block.level ?? 1;
      while (path.length && path.at(-1)!.level >= level) path.pop();
      path.push({ level, text: block.text });
    } else if (block.kind === 'qa') {
      flushSection();
      const qa = `Q: ${block.question}\nA: ${block.text}`;
      const pieces = qa.length <= maxChars ? [qa] : packParagraphs([qa], maxChars, overlapChars);
      pieces.forEach((text) => emit(block.question ?? headingNow(), text));
    } else {
      section.push(block.text);
    }
  }
  flushSection();
  return chunks;
}

export function chunkHash(heading: string | null, text: string): string {
  const normal = `${heading ?? ''}\n${text}`.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normal).digest('hex').slice(0, 32);
}

function toBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let qa: { question: string; answer: string[]; inAnswer: boolean } | undefined;

  const flushParagraph = () => {
    const text = paragraph.join('\n').trim();
    paragraph = [];
    // Rules (---), decorations (***): nothing to find.
    if (!/[\p{L}\p{N}]/u.test(text)) return;
    if (qa) qa.answer.push(text);
    else blocks.push({ kind: 'paragraph', text });
  };
  const flushQa = () => {
    flushParagraph();
    if (qa) {
      const answer = qa.answer.join('\n\n').trim();
      if (answer) blocks.push({ kind: 'qa', question: qa.question, text: answer });
      else blocks.push({ kind: 'paragraph', text: qa.question });
    }
    qa = undefined;
  };

  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    const heading = headingLine.exec(line);
    if (heading) {
      flushQa();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
      continue;
    }
    if (questionStart.test(line)) {
      flushQa();
      qa = { question: line.replace(questionStart, '').trim(), answer: [], inAnswer: false };
      continue;
    }
    if (qa && !qa.inAnswer && answerStart.test(line)) {
      qa.inAnswer = true;
      paragraph.push(line.replace(answerStart, ''));
      continue;
    }
    if (qa && !qa.inAnswer && line.trim()) {
      // A question written over two lines, before its "A:".
      qa.question += ` ${line.trim()}`;
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      continue;
    }
    // A list item after prose starts its own paragraph; consecutive items stay together.
    if (listItem.test(line) && paragraph.length && !listItem.test(paragraph.at(-1)!)) flushParagraph();
    paragraph.push(line);
  }
  flushQa();
  return blocks;
}

/** Fills chunks with whole paragraphs, cutting only what does not fit alone. */
function packParagraphs(paragraphs: string[], maxChars: number, overlapChars: number): string[] {
  // Pieces of a cut paragraph leave room for the overlap that will precede them.
  const budget = Math.max(maxChars - overlapChars - 1, Math.ceil(maxChars / 2));
  const pieces = paragraphs.flatMap((p) => (p.length <= maxChars ? [p] : splitLong(p, budget)));
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (!current) {
      current = piece;
    } else if (current.length + 2 + piece.length <= maxChars) {
      current += `\n\n${piece}`;
    } else {
      out.push(current);
      const overlap = lastSentence(current, overlapChars);
      current = overlap && overlap.length + 1 + piece.length <= maxChars ? `${overlap} ${piece}` : piece;
    }
  }
  if (current) out.push(current);
  return out;
}

const sentenceEnd = /(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u;

function splitLong(paragraph: string, maxChars: number): string[] {
  const sentences = paragraph.split(sentenceEnd).flatMap((s) => (s.length <= maxChars ? [s] : splitWords(s, maxChars)));
  const out: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + 1 + sentence.length > maxChars) {
      out.push(current);
      current = sentence;
    } else {
      current = current ? `${current} ${sentence}` : sentence;
    }
  }
  if (current) out.push(current);
  return out;
}

function splitWords(sentence: string, maxChars: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of sentence.split(/\s+/)) {
    // A single "word" longer than a chunk (a URL, a base64 blob) is cut where it must be.
    for (let start = 0; start < word.length; start += maxChars) {
      const part = word.slice(start, start + maxChars);
      if (current && current.length + 1 + part.length > maxChars) {
        out.push(current);
        current = part;
      } else {
        current = current ? `${current} ${part}` : part;
      }
    }
  }
  if (current) out.push(current);
  return out;
}

function lastSentence(text: string, maxChars: number): string | undefined {
  const sentences = text.split(sentenceEnd);
  const last = sentences.at(-1)?.trim();
  if (!last || sentences.length < 2 || last.length > maxChars) return undefined;
  return last;
}
