import { Readable } from 'node:stream';

/**
 * One CSV field (RFC 4180). Cells that a spreadsheet would run as a formula (=, +, -, @ …) get a leading
 * apostrophe: a caller can type anything into a chat, and the owner opens the export in Excel.
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Streams rows as CSV, a header first; rows are pulled one at a time as the client reads. */
export function csvStream<T>(columns: Array<[header: string, get: (row: T) => unknown]>, rows: Iterator<T>): Readable {
  let headerSent = false;
  return new Readable({
    read() {
      if (!headerSent) {
        headerSent = true;
        this.push(csvLine(columns.map(([header]) => header)));
      }
      // A batch per read keeps the stream fast without holding the whole export in memory.
      for (let i = 0; i < 200; i++) {
        const next = rows.next();
        if (next.done) {
          this.push(null);
          return;
        }
        if (!this.push(csvLine(columns.map(([, get]) => get(next.value))))) return;
      }
    },
  });
}
