import { tidyText } from './tidy.js';

export class NotText extends Error {}

/** Bytes to a string: UTF-8 (BOM or not) or UTF-16 with a BOM; anything else is refused, not guessed. */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  if (data.includes(0)) throw new NotText('it contains binary data, not text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw new NotText('it is not UTF-8 text (save it as UTF-8 and upload it again)');
  }
}

/**
 * Markdown is already the chunker's form; only "underlined" (setext) headings are rewritten as `#` ones.
 */
export function readMarkdown(source: string): string {
  return tidyText(source)
    .replace(/^(\S[^\n]*)\n=+[ \t]*$/gm, '# $1')
    .replace(/^(\S[^\n]*)\n-{2,}[ \t]*$/gm, '## $1');
}

// A short line in capitals ("SERVICE AREA") or ending in a colon ("Our hours:"), standing alone before text.
const plainHeading = /^(?:[\p{Lu}\p{N}][\p{Lu}\p{N} &/'’,-]{2,60}|[^\n.!?]{3,60}:)$/u;

/** Plain text: paragraphs as they are; lines that look like headings become `##` headings. */
export function readPlainText(source: string): string {
  const lines = tidyText(source).split('\n');
  return lines
    .map((line, i) => {
      const trimmed = line.trim();
      const next = lines[i + 1]?.trim();
      const previous = i === 0 ? '' : lines[i - 1]!.trim();
      if (!previous && next && plainHeading.test(trimmed) && !/^(?:Q|A|Question|Answer)\s*:/i.test(trimmed) && trimmed.split(/\s+/).length <= 8) {
        return `## ${trimmed.replace(/:$/, '')}`;
      }
      return line;
    })
    .join('\n');
}
