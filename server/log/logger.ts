import { join } from 'node:path';
import { pino, type Logger, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';
import pinoRoll from 'pino-roll';
import type { LogLevel } from '../config.js';
import { createScrubber, type Scrubber } from './scrub.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LogLevel;
  /** JSON lines go to a rotating file in `<dataDir>/logs` when set. */
  dataDir?: string;
  /** Terminal output: pretty for a person at a terminal, JSON for a service manager, or none. */
  terminal: 'pretty' | 'json' | 'none';
}

export interface AppLogger {
  log: Logger;
  /** Known secret values are replaced in every line written; see scrub.ts. */
  scrubber: Scrubber;
  close(): Promise<void>;
}

/**
 * Paths pino blanks out. Personal data (transcripts, tool arguments) goes under a `pii` key by convention,
 * so it never reaches a log file; secrets are caught here by name and by value in scrub.ts.
 */
export const redactPaths = [
  'pii',
  '*.pii',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["sec-websocket-protocol"]',
  '*.password',
  '*.apiKey',
  '*.authToken',
  '*.authtoken',
  '*.token',
  '*.secret',
];

export async function createLogger(options: LoggerOptions): Promise<AppLogger> {
  const scrubber = createScrubber();
  const streams: StreamEntry[] = [];
  const closers: Array<() => Promise<void>> = [];

  if (options.dataDir) {
    const file = await pinoRoll({
      file: join(options.dataDir, 'logs', 'server'),
      extension: '.log',
      size: '10m',
      frequency: 'daily',
      limit: { count: 7 },
      mkdir: true,
    });
    streams.push({ level: options.level === 'silent' ? 'fatal' : options.level, stream: file });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          file.once('close', resolve);
          file.end();
        }),
    );
  }
  if (options.terminal === 'pretty') {
    streams.push({ level: options.level === 'silent' ? 'fatal' : options.level, stream: pretty({ colorize: true, sync: true }) });
  } else if (options.terminal === 'json') {
    streams.push({ level: options.level === 'silent' ? 'fatal' : options.level, stream: process.stdout });
  }

  const log = pino(
    {
      level: options.level,
      redact: { paths: redactPaths, censor: '[REDACTED]' },
      hooks: { streamWrite: scrubber.scrub },
    },
    pino.multistream(streams),
  );

  return {
    log,
    scrubber,
    async close() {
      log.flush();
      await Promise.all(closers.map((close) => close()));
    },
  };
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
