import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';

// A business's own phrases, set through the admin API, reach the analyser on the real path: admin
// PATCH → business settings → customer turn → analyse → the lead's priority.
let server: TestServer;
let businessId: string;
beforeEach(async () => {
  server = await startTestServer();
  const created = await server.admin('POST', '/api/businesses', demoBusinessInput);
  expect(created.status).toBe(201);
  businessId = created.body.id;
});
afterEach(() => server.stop());

function say(text: string): { priority: string; reasons: string[]; leadPriority: string } {
  const { leads, customerTurns } = server.services;
  const lead = leads.create({ businessId, channel: 'chat' });
  const { analysis, lead: after } = customerTurns.record(lead.id, { channel: 'chat', text, chatId: `chat-${lead.id}` });
  return { priority: analysis?.priority ?? 'none', reasons: analysis?.reasons ?? [], leadPriority: after.priority };
}

describe("a business's vocabulary from the admin API", () => {
  it('raises its own phrases to URGENT and HIGH, and only once it is set', async () => {
    expect(say('the koi pond pump failed').priority).not.toBe('URGENT');
    expect(say('our walk-in cooler is warm').priority).not.toBe('HIGH');

    const patched = await server.admin('PATCH', `/api/businesses/${businessId}`, {
      vocabulary: { urgent: ['koi pond pump failed'], high: ['walk-in cooler is warm'] },
    });
    expect(patched.status).toBe(200);

    expect(say('the koi pond pump failed')).toMatchObject({ priority: 'URGENT', leadPriority: 'URGENT', reasons: ['business emergency phrase'] });
    expect(say('our walk-in cooler is warm')).toMatchObject({ priority: 'HIGH', leadPriority: 'HIGH', reasons: ['business priority phrase'] });
    // The business's phrases follow the same negation and past-event rules as the built-in ones.
    expect(say('the koi pond pump failed last year, want a new one').priority).not.toBe('URGENT');
  });
});
