import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Why a PDF gave no text, in words the owner can act on. */
export class PdfUnreadable extends Error {}

export interface PdfJob {
  data: Uint8Array;
  maxPages: number;
}

export type PdfOutcome = { ok: true; title: string | undefined; text: string } | { ok: false; unreadable: boolean; message: string };

export interface PdfLimits {
  maxPages?: number;
  /** A PDF that takes longer than this is given up on, and its worker stopped. */
  timeoutMs?: number;
  /** Heap for the worker: a hostile PDF exhausts its worker, never the server. */
  maxHeapMb?: number;
}

const workerEntry = new URL(`./pdf-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * Text of a PDF, read by PDF.js in a worker thread of its own: PDF.js's polyfills replace built-ins of the realm
 * it loads in (pdf-text.ts says which), parsing a large PDF is long CPU work that must not stall live calls on
 * the server's event loop, and a PDF that hangs or exhausts memory costs only its worker.
 */
export function readPdf(data: Uint8Array, { maxPages = 500, timeoutMs = 60_000, maxHeapMb = 512 }: PdfLimits = {}): Promise<{ title: string | undefined; text: string }> {
  const worker = startWorker({ data, maxPages } satisfies PdfJob, maxHeapMb);
  return new Promise((resolve, reject) => {
    // The first of answer, failure, crash, exit or timeout settles; the worker is stopped either way.
    const settle = (outcome: PdfOutcome | Error) => {
      clearTimeout(timer);
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else if (outcome.ok) resolve({ title: outcome.title, text: outcome.text });
      else reject(outcome.unreadable ? new PdfUnreadable(outcome.message) : new Error(outcome.message));
    };
    const timer = setTimeout(() => settle(new PdfUnreadable(`reading the PDF took longer than ${Math.ceil(timeoutMs / 1000)} s`)), timeoutMs);
    worker.once('message', settle);
    worker.once('error', (error) => {
      const reason = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'it needs more memory than a document may use' : error.message;
      settle(new PdfUnreadable(`the PDF could not be read (${reason})`));
    });
    worker.once('exit', (code) => settle(new PdfUnreadable(`the PDF could not be read (the reader stopped with code ${code})`)));
  });
}

function startWorker(workerData: PdfJob, maxHeapMb: number): Worker {
  const options = { workerData, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } };
  if (workerEntry.pathname.endsWith('.js')) return new Worker(workerEntry, options);
  // Running from the TypeScript sources (tests, tsx scripts): the worker registers tsx before loading its entry.
  const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(tsx), 'dist/esm/api/index.mjs')).href;
  return new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(workerEntry.href)}); })`, { ...options, eval: true });
}
