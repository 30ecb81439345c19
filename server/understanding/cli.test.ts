import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'nlu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/understanding', script), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = [
  JSON.stringify({ id: 'a', channel: 'chat', industry: 'plumbing', now: '2026-01-14T10:00:00-06:00', text: 'water pouring through the ceiling light, tmrw at 3pm is too late', extra: 1 }),
  '{"id": "broken", ',
  JSON.stringify({ id: 'b', channel: 'voice', industry: 'dental', now: '2026-01-14T10:00:00-06:00' }),
  '',
  JSON.stringify({ id: 7, channel: 'voice', industry: 'dental', now: '2026-01-14T10:00:00-06:00', text: 'this is Ana Ruiz can I come in Friday' }),
];

describe('npm run analyze', () => {
  it('prints one JSON line per good input line and names bad lines on stderr', () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, lines.join('\n'));
    const r = run('cli.ts', [file]);
    expect(r.status).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 7]);
    expect(Object.keys(out[0])).toEqual(['id', 'emergency', 'priority', 'intent', 'entities']);
    expect(out[0]).toMatchObject({ emergency: true, priority: 'URGENT', intent: 'emergency' });
    expect(out[0].entities).toEqual([{ type: 'date', value: '2026-01-15T15:00' }]);
    expect(out[1].entities).toEqual([{ type: 'name', value: 'Ana Ruiz' }, { type: 'date', value: '2026-01-16' }]);
    expect(r.stderr).toMatch(/line 2: invalid JSON/);
    expect(r.stderr).toMatch(/line 3: missing "text"/);
  });

  it('exits 0 when every line is good', () => {
    const file = join(dir, 'good.jsonl');
    writeFileSync(file, `${lines[0]}\n`);
    const r = run('cli.ts', [file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('npm run eval:nlu', () => {
  it('scores a predictions file against a gold file', () => {
    const goldFile = join(dir, 'gold.jsonl');
    const predFile = join(dir, 'pred.jsonl');
    writeFileSync(goldFile, `${JSON.stringify({ id: 'a', text: 'x', expected: { emergency: true, priority: 'URGENT', intent: 'emergency', entities: [] } })}\n`);
    writeFileSync(predFile, `${JSON.stringify({ id: 'a', emergency: true, priority: 'URGENT', intent: 'emergency', entities: [] })}\n`);
    const r = run('eval-cli.ts', [goldFile, '--predictions', predFile]);
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.emergency.f1).toBe(1);
    expect(m.priority.urgent_recall).toBe(1);
    expect(m.entities.f1).toBe(1);
  });
});
