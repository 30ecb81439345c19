/** The PDF worker's entry: reads the one PDF it is given (workerData) and posts the outcome back. */
import { parentPort, workerData } from 'node:worker_threads';
import { PdfUnreadable, type PdfJob, type PdfOutcome } from './pdf.js';
import { pdfText } from './pdf-text.js';

const { data, maxPages } = workerData as PdfJob;
let outcome: PdfOutcome;
try {
  outcome = { ok: true, ...(await pdfText(data, maxPages)) };
} catch (error) {
  outcome = { ok: false, unreadable: error instanceof PdfUnreadable, message: (error as Error).message };
}
parentPort!.postMessage(outcome);
