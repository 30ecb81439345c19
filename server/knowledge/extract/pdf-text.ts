import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { PdfUnreadable } from './pdf.js';
import { tidyText } from './tidy.js';

// Runs only inside the PDF worker (pdf-worker.ts): PDF.js's legacy build installs core-js polyfills that
// replace built-ins of the realm that loads it (JSON.stringify 10x slower, Array.prototype.push), which must
// never happen on the server's own event loop.

// Mozilla's data files (CJK character maps, metrics of the 14 standard fonts) ship in the package: found on
// disk, never fetched.
const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const assets = {
  cMapUrl: join(pdfjsDir, 'cmaps') + '/',
  cMapPacked: true,
  standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
  wasmUrl: join(pdfjsDir, 'wasm') + '/',
};

interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

/**
 * Text of a PDF through Mozilla's PDF.js: lines rebuilt from positioned text items, a paragraph break where
 * the vertical gap is wider than a line, and lines set clearly larger than the body text made into headings.
 */
export async function pdfText(data: Uint8Array, maxPages = 500): Promise<{ title: string | undefined; text: string }> {
  const task = getDocument({
    data: new Uint8Array(data),
    ...assets,
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new PdfUnreadable('the PDF is password-protected');
    if (name === 'InvalidPDFException') throw new PdfUnreadable('the file is damaged or not a PDF (invalid PDF structure)');
    throw new PdfUnreadable(`the PDF could not be read (${(error as Error).message})`);
  }
  try {
    if (doc.numPages > maxPages) throw new PdfUnreadable(`the PDF has ${doc.numPages} pages; at most ${maxPages} are imported`);
    const lines: Line[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      lines.push(...toLines(content.items.filter((item): item is TextItem => 'str' in item), n));
      page.cleanup();
    }
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    const text = tidyText(toMarkdown(lines));
    if (!/[\p{L}\p{N}]/u.test(text)) throw new PdfUnreadable('the PDF has no text layer (a scanned document needs OCR first)');
    // Producers fill Title with placeholders ("Untitled", "Microsoft Word - doc1.docx"); the first heading
    // says more then.
    const metaTitle = typeof info?.Title === 'string' ? info.Title.trim() : '';
    const placeholder = !metaTitle || /^(untitled|microsoft (word|powerpoint)|document\d*$|slide \d+$)/i.test(metaTitle);
    return { title: placeholder ? /^#{1,6}\s+(.+)$/m.exec(text)?.[1] : metaTitle, text };
  } finally {
    await doc.destroy();
  }
}

function toLines(items: TextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const y = Number(item.transform[5]);
    const size = Math.hypot(Number(item.transform[2]), Number(item.transform[3])) || item.height || 0;
    // Items of one visual line share a baseline; a new baseline (beyond half a line) starts a new line.
    if (current && Math.abs(current.y - y) > Math.max(current.size, size) * 0.5) {
      lines.push(current);
      current = undefined;
    }
    if (item.str) {
      if (!current) current = { text: '', size, y, page };
      const joiner = current.text && !/\s$/.test(current.text) && !/^\s/.test(item.str) ? ' ' : '';
      current.text += joiner + item.str;
      current.size = Math.max(current.size, size);
    }
    if (item.hasEOL && current) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

function toMarkdown(lines: Line[]): string {
  // The body size is the one most characters are set in.
  const weight = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  const body = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const sizes = [...new Set(lines.map((l) => Math.round(l.size * 2) / 2).filter((s) => s >= body * 1.15))].sort((a, b) => b - a);

  const out: string[] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    const isHeading = body > 0 && size >= body * 1.15 && line.text.length <= 120;
    const gap = previous && previous.page === line.page ? previous.y - line.y : Infinity;
    if (isHeading) {
      const level = Math.min(sizes.indexOf(size) + 1, 3);
      out.push('', `${'#'.repeat(Math.max(level, 1))} ${line.text}`, '');
    } else {
      // Wider than ~1.6 lines of body text: a new paragraph (or a new page).
      if (!previous || gap > Math.max(line.size, body) * 1.6 || gap < 0) out.push('');
      out.push(line.text);
    }
    previous = line;
  }
  // Lines of one paragraph are joined; words hyphenated across a line end are rejoined.
  return out
    .join('\n')
    .split(/\n{2,}/)
    .map((block) => (block.startsWith('#') ? block : block.replace(/-\n(?=\p{Ll})/gu, '').replace(/\n(?![-*•] |\d+[.)] )/g, ' ')))
    .join('\n\n');
}
