import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.js';
import { startEmbeddingsStandIn } from '../test-kit/embeddings-standin.js';
import { startTestServer } from '../test-kit/server-harness.js';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

// The demo business's knowledge base is the fixture: what a caller asks → the source and passage that answer,
// expected first, or second behind another passage that also answers (Round Rock: the emergency section's
// "Inside Austin and Round Rock we aim to arrive within…", shorter, outranks the town list on BM25).
const expectations: Array<[string, string, string]> = [
  ['What does a drain cleaning cost?', 'Prices', 'Drain cleaning of a kitchen'],
  ['Do you service Round Rock?', 'Service area', 'Round Rock, Cedar Park'],
  ['Are you open Sunday?', 'Hours and scheduling', 'Sunday: 9 am to 3 pm'],
  ['I smell gas in my house, what should I do?', 'Emergency service', 'leave the house right away'],
  ['Can you pump my septic tank?', 'Frequently asked questions', 'do not service septic tanks'],
  ['What if my drain clogs again after you clean it?', 'Warranty and guarantees', 'clogs again within 90 days'],
];
const unanswerable = ['Do you repair car engines?', 'Can you fix my iPhone screen?', 'What is the weather tomorrow?'];

describe('ranking on the demo knowledge base', () => {
  it.each([
    ['keyword', null],
    ['hybrid', 'stand-in'],
  ] as const)('%s mode puts the answering passage first and says nothing when there is no answer', async (mode, embeddings) => {
    let env = {};
    if (embeddings) {
      const standIn = await startEmbeddingsStandIn();
      cleanup.push(() => standIn.close());
      env = { OPENAI_BASE_URL: standIn.baseUrl, OPENAI_API_KEY: standIn.apiKey, KB_MIN_SIMILARITY: '0.3' };
    }
    const s = await startTestServer(env);
    cleanup.push(() => s.stop());
    const { businessId } = seedDemo(s.services);
    await s.services.knowledge.idle();
    for (const [question, source, passage] of expectations) {
      const result = await s.services.knowledge.search(businessId, question, 3);
      expect(result.mode, question).toBe(mode);
      const rank = result.hits.findIndex((hit) => hit.source.title === source && hit.text.includes(passage)) + 1;
      expect(rank, question).toBeGreaterThan(0);
      expect(rank, question).toBeLessThanOrEqual(question.includes('Round Rock') ? 2 : 1);
    }
    for (const question of unanswerable) expect((await s.services.knowledge.search(businessId, question)).hits, question).toEqual([]);

    // Seeding again changes nothing.
    const before = s.services.knowledge.sources(businessId).length;
    expect(seedDemo(s.services)).toEqual({ businessId, created: false });
    expect(s.services.knowledge.sources(businessId)).toHaveLength(before);
  });
});
