import { describe, expect, it } from 'vitest';
import { replacedBuiltins } from '../../test-kit/builtins.js';
import { makeDocx, makePdf } from '../../test-kit/document-fixtures.js';
import { chunkText } from '../chunker.js';
import { extract, ExtractError, formatOf } from './index.js';
import { PdfUnreadable, readPdf } from './pdf.js';

describe('extract', () => {
  it('reads plain text, turning heading-like lines into sections', async () => {
    const { text } = await extract(Buffer.from('SERVICE AREA\nWe serve Austin and Round Rock.\n\nOur hours:\nMonday to Friday, 7 am to 7 pm.\n'), 'text');
    expect(chunkText(text).map((c) => [c.heading, c.text])).toEqual([
      ['SERVICE AREA', 'We serve Austin and Round Rock.'],
      ['Our hours', 'Monday to Friday, 7 am to 7 pm.'],
    ]);
  });

  it('reads markdown, underlined headings included, and takes its first heading as title', async () => {
    const { title, text } = await extract(Buffer.from('Prices\n======\n\nDrain cleaning: $149.\n'), 'markdown');
    expect(title).toBe('Prices');
    expect(text).toBe('# Prices\n\nDrain cleaning: $149.');
  });

  it('reads HTML without scripts, styles or navigation, keeping headings and tables', async () => {
    const html = `<html><head><title>Demo Plumbing | Prices</title><style>p{color:red}</style></head><body>
      <nav><a href="/">Home</a><a href="/about">About</a></nav><script>alert('x')</script>
      <h1>Prices</h1><p>All prices include parts.</p><h2>Drains</h2>
      <table><tr><th>Service</th><th>Price</th></tr><tr><td>Drain cleaning</td><td>$149</td></tr></table></body></html>`;
    const { title, text } = await extract(Buffer.from(html), 'html');
    expect(title).toBe('Demo Plumbing | Prices');
    expect(text).not.toMatch(/alert|color:red|Home/);
    expect(text).toMatch(/^# Prices\n\nAll prices include parts\.\n\n## Drains\n\nService\s+Price\nDrain cleaning\s+\$149$/);
  });

  it('reads a PDF, making lines set larger than the body into headings', async () => {
    const pdf = makePdf(
      [
        [20, 720, 'Warranty'],
        [11, 690, 'All repairs carry a one-year warranty'],
        [11, 676, 'on labor.'],
        [16, 640, 'Water heaters'],
        [11, 615, 'Tanks carry the manufacturer warranty.'],
      ],
      { title: 'Guarantees' },
    );
    const { title, text } = await extract(pdf, 'pdf');
    expect(title).toBe('Guarantees');
    expect(text).toBe('# Warranty\n\nAll repairs carry a one-year warranty on labor.\n\n## Water heaters\n\nTanks carry the manufacturer warranty.');
  });

  it('reads a DOCX, Word heading styles becoming sections', async () => {
    const docx = makeDocx([
      { text: 'Emergency service', style: 'Heading1' },
      { text: 'We answer 24 hours a day & 7 days a week.' },
      { text: 'Gas smell', style: 'Heading2' },
      { text: 'Leave the house and call 911.' },
    ]);
    const { title, text } = await extract(docx, 'docx');
    expect(title).toBe('Emergency service');
    expect(chunkText(text).map((c) => [c.heading, c.text])).toEqual([
      ['Emergency service', 'We answer 24 hours a day & 7 days a week.'],
      ['Emergency service › Gas smell', 'Leave the house and call 911.'],
    ]);
  });

  it.each([
    ['pdf', Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage'), /damaged or not a PDF/],
    ['pdf', Buffer.from('this is a text file renamed .pdf'), /not a PDF/],
    ['docx', Buffer.from('PK\u0003\u0004 not really a zip'), /DOCX document could not be read/],
    ['docx', Buffer.from('hello'), /not a DOCX document/],
    ['text', Buffer.from([0xc3, 0x28, 0x41]), /not UTF-8 text/],
    ['text', Buffer.from([0x41, 0x00, 0x42]), /binary data/],
  ] as const)('refuses a corrupt %s file with the reason', async (format, data, reason) => {
    const error = await extract(data, format).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as Error).message).toMatch(reason);
  });

  it('a PDF without any text says it needs OCR', async () => {
    const error = await extract(makePdf([]), 'pdf').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no text layer/);
  });

  it("reads PDFs in a worker of their own, leaving the server's built-ins native", async () => {
    const { text } = await extract(makePdf([[11, 700, 'Open on Sundays']]), 'pdf');
    expect(text).toBe('Open on Sundays');
    expect(replacedBuiltins()).toEqual([]);
  });

  it('gives up on a PDF that takes too long, stopping its reader', async () => {
    const error = await readPdf(makePdf([[11, 700, 'Open on Sundays']]), { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfUnreadable);
    expect((error as Error).message).toBe('reading the PDF took longer than 1 s');
  });

  it('knows formats by extension first, then content type', () => {
    expect(formatOf('Prices.PDF')).toBe('pdf');
    expect(formatOf('notes', 'text/markdown; charset=utf-8')).toBe('markdown');
    expect(formatOf('photo.jpg', 'image/jpeg')).toBeUndefined();
  });
});
