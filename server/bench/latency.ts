/**
 * Frame stamps and trip statistics for the relay benchmark. Every benchmark frame carries its send time
 * (process.hrtime: CLOCK_MONOTONIC, one clock for every process on the machine), a sequence number and the
 * key of its stream, so the receiving process measures the trip and counts what arrived.
 */
export const frameBytes = 160;

export function stamped(key: number, seq: number): Buffer {
  const frame = Buffer.alloc(frameBytes, 0x55);
  frame.writeBigUInt64BE(process.hrtime.bigint(), 0);
  frame.writeUInt32BE(seq, 8);
  frame.writeUInt32BE(key, 12);
  return frame;
}

/** Reads the stamp from the first 16 bytes of a base64 payload (24 characters), without decoding the rest. */
export function readStamp(payload: string): { sentAt: bigint; seq: number; key: number } | undefined {
  const head = Buffer.from(payload.slice(0, 24), 'base64');
  if (head.length < 16) return undefined;
  return { sentAt: head.readBigUInt64BE(0), seq: head.readUInt32BE(8), key: head.readUInt32BE(12) };
}

export interface TripSummary {
  frames: number;
  p50: number;
  p99: number;
  max: number;
}

/** Counts per stream, and trips while `measuring`. */
export class Tally {
  readonly counts = new Map<number, number>();
  private trips: number[] = [];
  measuring = false;

  count(key: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  arrived(key: number, sentAt: bigint): void {
    this.count(key);
    if (this.measuring) this.trips.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
  }

  summary(): TripSummary {
    const sorted = Float64Array.from(this.trips).sort();
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
    return { frames: sorted.length, p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? NaN) };
  }
}

export const round = (n: number) => Math.round(n * 100) / 100;

/** Frames one side sent that the other never received, summed over streams. */
export function framesLost(sent: Map<number, number> | Record<string, number>, received: Map<number, number> | Record<string, number>): number {
  const get = (m: Map<number, number> | Record<string, number>, key: number) => (m instanceof Map ? m.get(key) : m[String(key)]) ?? 0;
  const keys = sent instanceof Map ? [...sent.keys()] : Object.keys(sent).map(Number);
  return keys.reduce((lost, key) => lost + Math.max(0, get(sent, key) - get(received, key)), 0);
}
