import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-kit/test-config.js';

const cli = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8' });

describe('npm run analyze', () => {
  it('prints exactly one prediction line per input line, and nothing else', () => {
    const temp = tempDir();
    const file = join(temp.dir, 'in.jsonl');
    writeFileSync(
      file,
      [
        { id: 'x1', channel: 'chat', industry: 'plumbing', now: '2026-11-16T07:55:00-06:00', text: 'water pouring through the ceiling light, call 512-555-0148' },
        { id: 'x2', channel: 'voice', industry: 'legal', now: '2026-11-16T07:55:00-06:00', text: 'what is your hourly rate' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n',
    );
    const run = cli('./cli.ts', [file]);
    temp.remove();
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 'x1', emergency: true, priority: 'URGENT', intent: 'emergency', entities: [{ type: 'phone', value: '+15125550148' }] },
      { id: 'x2', emergency: false, priority: 'NORMAL', intent: 'quote', entities: [] },
    ]);
  });

  it('reports a bad line on stderr with its number, goes on, and exits non-zero', () => {
    const temp = tempDir();
    const file = join(temp.dir, 'in.jsonl');
    writeFileSync(file, `{"id":"ok","channel":"chat","industry":"hvac","now":"2026-11-16T07:55:00-06:00","text":"hi"}\n{broken\n{"id":"n"}\n`);
    const run = cli('./cli.ts', [file]);
    temp.remove();
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/in\.jsonl:2: not JSON/);
    expect(run.stderr).toMatch(/in\.jsonl:3: needs string fields id, text and now/);
  });
});

describe('npm run eval:nlu', () => {
  it('scores a predictions file against labelled turns', () => {
    const temp = tempDir();
    const goldFile = join(temp.dir, 'gold.jsonl');
    const predFile = join(temp.dir, 'pred.jsonl');
    writeFileSync(goldFile, JSON.stringify({ id: 'g1', text: 'hi', now: '2026-11-16T07:55:00-06:00', industry: 'hvac', expected: { emergency: false, priority: 'LOW', intent: 'other', entities: [] } }) + '\n');
    writeFileSync(predFile, JSON.stringify({ id: 'g1', emergency: false, priority: 'LOW', intent: 'other', entities: [] }) + '\n');
    const run = cli('./eval-cli.ts', [goldFile, '--predictions', predFile]);
    temp.remove();
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ cases: 1, priority: { accuracy: 1 }, intent: { accuracy: 1 }, missing_predictions: 0 });
  });
});
