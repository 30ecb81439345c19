import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, type AnalysisContext, type Turn } from '../understanding/index.js';

// npm run bench:nlu [-- FILE.jsonl] — turns per second and per-turn latency of `analyze` over the dev
// set, after a warm-up so the JIT and the regex caches are settled. Prints JSON: the figures with the dataset's
// `now` strings, and `live_now_as_date` with `now` a Date in a business zone, as chat and voice call it.

const WARMUP_ROUNDS = 30;
const MEASURED_ROUNDS = 100;

interface Line {
  text: string;
  channel?: 'chat' | 'voice';
  industry?: string;
  now?: string;
}

function percentile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

function main(): void {
  const file = resolve(process.argv[2] ?? '../shared/datasets/nlu-dev.jsonl');
  const lines: Line[] = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
  const cases = lines.map((l) => ({
    turn: { text: l.text, channel: l.channel ?? 'chat' } as const,
    context: { industry: l.industry ?? '', timeZone: 'UTC', now: l.now ?? new Date().toISOString() } satisfies AnalysisContext,
  }));

  // As chat and voice call it: `now` a Date, converted into the business's zone every turn.
  const live = cases.map((c) => ({ turn: c.turn, context: { ...c.context, timeZone: 'America/Chicago', now: new Date() } }));
  process.stdout.write(`${JSON.stringify({ file, turns: cases.length, ...measure(cases), live_now_as_date: measure(live) })}\n`);
}

function measure(cases: Array<{ turn: Turn; context: AnalysisContext }>) {
  let sink = 0;
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const c of cases) sink += analyze(c.turn, c.context).entities.length;

  const samples = new Float64Array(cases.length * MEASURED_ROUNDS);
  let k = 0;
  const started = process.hrtime.bigint();
  for (let r = 0; r < MEASURED_ROUNDS; r++) {
    for (const c of cases) {
      const t0 = process.hrtime.bigint();
      sink += analyze(c.turn, c.context).entities.length;
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort();
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    rounds: MEASURED_ROUNDS,
    measured_turns: samples.length,
    turns_per_second: Math.round(samples.length / totalSeconds),
    p50_us: Math.round(percentile(samples, 0.5) * 10) / 10,
    p99_us: Math.round(percentile(samples, 0.99) * 10) / 10,
    max_us: Math.round((samples[samples.length - 1] as number) * 10) / 10,
    mean_us: Math.round(mean * 10) / 10,
    checksum: sink,
  };
}

main();
