import { extname } from 'node:path';
import { readDocx } from './docx.js';
import { readHtml } from './html.js';
import { PdfUnreadable, readPdf } from './pdf.js';
import { decodeText, NotText, readMarkdown, readPlainText } from './text.js';

export type FileFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';

export const supportedExtensions: Record<string, FileFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

const byContentType: Record<string, FileFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** A file the knowledge base could not take, with the reason in the owner's words. */
export class ExtractError extends Error {
  override name = 'ExtractError';
}

export interface Extracted {
  title: string | undefined;
  /** Markdown-like text for the chunker. */
  text: string;
  format: FileFormat;
}

/** The format of a file from its name, else its content type; undefined when we do not read it. */
export function formatOf(name: string, contentType?: string): FileFormat | undefined {
  const byName = supportedExtensions[extname(name).toLowerCase()];
  if (byName) return byName;
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? byContentType[type] : undefined;
}

export async function extract(data: Buffer, format: FileFormat, baseUrl?: string): Promise<Extracted> {
  try {
    switch (format) {
      case 'text':
        return { title: undefined, text: readPlainText(decodeText(data)), format };
      case 'markdown': {
        const text = readMarkdown(decodeText(data));
        return { title: /^#\s+(.+)$/m.exec(text)?.[1], text, format };
      }
      case 'html': {
        const page = readHtml(decodeText(data), baseUrl);
        return { title: page.title, text: page.text, format };
      }
      case 'pdf':
        // Checked first: pdf.js would otherwise search the whole file for a header before giving up.
        if (data.subarray(0, 1024).indexOf('%PDF-') === -1) throw new ExtractError('the file is not a PDF (no %PDF header)');
        return { ...(await readPdf(data)), format };
      case 'docx':
        if (data.readUInt32LE(0) !== 0x04034b50) throw new ExtractError('the file is not a DOCX document (not a ZIP package)');
        return { ...(await readDocx(data)), format };
    }
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    if (error instanceof PdfUnreadable || error instanceof NotText) throw new ExtractError(error.message);
    if (format === 'docx') throw new ExtractError(`the DOCX document could not be read (${(error as Error).message})`);
    throw new ExtractError(`the file could not be read (${(error as Error).message})`);
  }
}
