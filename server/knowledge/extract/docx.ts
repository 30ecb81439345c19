import mammoth from 'mammoth';
import { readHtml } from './html.js';

/**
 * DOCX through mammoth: it maps Word's paragraph styles (Heading 1…) to HTML headings, which the HTML reader
 * turns into the chunker's sections. Its warnings (unknown styles, images) do not stop an import.
 */
export async function readDocx(data: Buffer): Promise<{ title: string | undefined; text: string }> {
  const { value } = await mammoth.convertToHtml({ buffer: data });
  const page = readHtml(value);
  const firstHeading = /^#{1,6}\s+(.+)$/m.exec(page.text)?.[1];
  return { title: firstHeading, text: page.text };
}
