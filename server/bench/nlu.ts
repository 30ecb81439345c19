/**
 * `npm run bench:nlu [-- FILE.jsonl]`: turns per second and per-turn latency of the analyser over the dev
 * set (shared/datasets/nlu-dev.jsonl by default), after a warm-up. Prints JSON.
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../understanding/index.js';

const file = process.argv[2] ?? new URL('../../../shared/datasets/nlu-dev.jsonl', import.meta.url).pathname;
const turns = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { text: string; channel: 'chat' | 'voice'; industry: string; now: string });

const run = (t: (typeof turns)[number]) => analyze({ text: t.text, channel: t.channel }, { industry: t.industry, timeZone: 'UTC', now: t.now });
for (let i = 0; i < 20; i++) turns.forEach(run);

const rounds = 50;
const samples: number[] = [];
const started = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const t of turns) {
    const t0 = performance.now();
    run(t);
    samples.push((performance.now() - t0) * 1000);
  }
}
const elapsed = (performance.now() - started) / 1000;
samples.sort((a, b) => a - b);
const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! * 10) / 10;
console.log(
  JSON.stringify(
    { file, turns: samples.length, turnsPerSecond: Math.round(samples.length / elapsed), p50Micros: at(0.5), p99Micros: at(0.99), maxMicros: at(1 - 1e-9), node: process.version },
    null,
    2,
  ),
);
