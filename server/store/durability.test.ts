import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startChildServer } from '../test-kit/child-server.js';
import { demoBusinessInput } from '../test-kit/server-harness.js';
import { tempDir, testEnv } from '../test-kit/test-config.js';

describe('a lead acknowledged by the API', () => {
  it('survives kill -9 of the server right after, whatever was in flight', async () => {
    const temp = tempDir();
    const server = await startChildServer(testEnv(temp.dir, { LOG_LEVEL: 'warn' }));
    const { adminUrl, adminToken } = server.started;
    const post = (path: string, body: unknown) =>
      fetch(`${adminUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { id: businessId } = (await (await post('/api/businesses', demoBusinessInput)).json()) as { id: string };

    const acknowledged: string[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const response = await post('/api/leads', { businessId, callerName: `Caller ${w}-${i}`, answers: { issue: 'leak' } });
          if (response.status !== 201) throw new Error(`unexpected ${response.status}`);
          acknowledged.push(((await response.json()) as { id: string }).id);
          // Kill while the other workers' requests are still in flight.
          if (acknowledged.length === 150 && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect((await server.exited).signal).toBe('SIGKILL');

    const db = new Database(join(temp.dir, 'leads.db'), { readonly: false });
    const stored = new Set((db.prepare('SELECT id FROM leads').all() as Array<{ id: string }>).map((r) => r.id));
    const answers = db.prepare('SELECT count(*) AS n FROM lead_answers').get() as { n: number };
    db.close();
    temp.remove();
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(answers.n).toBe(stored.size);
  });
});
