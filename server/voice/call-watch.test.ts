import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../log/logger.js';
import { createCallWatch } from './call-watch.js';

describe('the call watch', () => {
  it('finishes open calls Twilio says have ended, and leaves live and open ones alone', async () => {
    const statuses: Record<string, string> = { CA1: 'completed', CA2: 'in-progress', CA3: 'completed', CA4: 'no-answer' };
    const open = new Set(['CA1', 'CA2', 'CA3', 'CA4']);
    const ended: Array<[string, string, number | undefined]> = [];
    const asked: string[] = [];
    const watch = createCallWatch({
      log: createSilentLogger(),
      quietMs: 0,
      isLive: (sid) => sid === 'CA3',
      isOpen: (sid) => open.has(sid),
      async fetchStatus(sid) {
        asked.push(sid);
        if (sid === 'CA4') throw new Error('Twilio is down');
        return { status: statuses[sid]!, durationSeconds: 12 };
      },
      onEnded(sid, status, duration) {
        ended.push([sid, status, duration]);
        open.delete(sid);
      },
    });
    for (const sid of open) watch.add(sid);
    await watch.sweep();
    expect(ended).toEqual([['CA1', 'completed', 12]]);
    expect(asked).toEqual(['CA1', 'CA2', 'CA4']);
    // Once a call is closed by other means it is forgotten; a failed look-up is tried again.
    open.delete('CA2');
    asked.length = 0;
    await watch.sweep();
    expect(asked).toEqual(['CA4']);
    watch.close();
  });
});
