import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.js';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';
import { createCustomerTurns, type TurnAnalyzer } from './customer-turns.js';

let server: TestServer;
let businessId: string;
beforeEach(async () => {
  server = await startTestServer();
  businessId = seedDemo(server.services).businessId;
});
afterEach(() => server.stop());

describe('customer turns', () => {
  it('are stored even with no analyser', () => {
    const { leads, businesses } = server.services;
    const customerTurns = createCustomerTurns({ leads, businesses, analyzer: undefined });
    const lead = leads.create({ businessId, channel: 'chat' });
    const { turn, analysis } = customerTurns.record(lead.id, { channel: 'chat', text: 'hello', chatId: 'chat-1' });
    expect(analysis).toBeUndefined();
    expect(leads.detail(lead.id).turns).toEqual([expect.objectContaining({ id: turn.id, role: 'customer', text: 'hello', chatId: 'chat-1' })]);
  });

  it("give the analyser the business's context and apply its verdict to the lead", () => {
    const seen: Array<Parameters<TurnAnalyzer['analyze']>> = [];
    // Stands in for server/understanding: this test is about the plumbing around it.
    const analyzer: TurnAnalyzer = {
      analyze(turn, context) {
        seen.push([turn, context]);
        return { emergency: true, priority: 'URGENT', reasons: ['gas smell'], intent: 'emergency', entities: [{ type: 'address', value: '1420 Oak St', text: '1420 oak' }] };
      },
    };
    const { leads, businesses } = server.services;
    const turns = createCustomerTurns({ leads, businesses, analyzer });
    const lead = leads.create({ businessId, channel: 'voice' });
    const result = turns.record(lead.id, { channel: 'voice', text: 'it smells like gas at 1420 oak', callId: 'CA1', history: [{ role: 'agent', text: 'How can I help?' }] });
    expect(seen[0]![1]).toMatchObject({ industry: 'plumbing', timeZone: 'America/Chicago', history: [{ role: 'agent', text: 'How can I help?', channel: 'voice' }] });
    expect(result.lead).toMatchObject({ priority: 'URGENT', emergency: true, address: '1420 Oak St' });
    expect(leads.detail(lead.id).turns[0]).toMatchObject({ priority: 'URGENT', intent: 'emergency' });
  });
});
