declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
  }
  type RollStream = DestinationStream & { end(): void; flushSync(): void; once(event: 'close' | 'finish', listener: () => void): void };
  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
