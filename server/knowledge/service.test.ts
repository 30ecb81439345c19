import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBusinessService } from '../businesses/service.js';
import { systemClock } from '../clock.js';
import { createEventBus } from '../events/bus.js';
import { createSilentLogger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { openStore } from '../store/database.js';
import { startEmbeddingsStandIn } from '../test-kit/embeddings-standin.js';
import { tempDir, testConfig } from '../test-kit/test-config.js';
import { createKnowledgeService } from './index.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

describe('knowledge service without sqlite-vec', () => {
  it('runs on keywords alone and says why, even with a working embeddings endpoint', async () => {
    const standIn = await startEmbeddingsStandIn();
    cleanup.push(() => standIn.close());
    const temp = tempDir();
    cleanup.push(temp.remove);
    const log = createSilentLogger();
    const store = openStore(join(temp.dir, 'leads.db'), { log });
    cleanup.push(() => store.close());
    const businesses = createBusinessService({ db: store.db, clock: systemClock });
    const business = businesses.create({ name: 'Acme', industry: 'plumbing', plan: 'FREE', ownerPhone: '+15125550100', ownerEmail: 'a@acme.example', timezone: 'UTC' });
    const secrets = { get: async () => standIn.apiKey } as unknown as SecretStore;
    const knowledge = createKnowledgeService({
      config: testConfig(temp.dir, { OPENAI_BASE_URL: standIn.baseUrl }),
      db: store.db,
      vectorSearch: false,
      bus: createEventBus(),
      clock: systemClock,
      log,
      secrets,
      businesses,
    });
    cleanup.push(() => knowledge.close());

    knowledge.addNow(business.id, [{ kind: 'text', title: 'Hours', text: '# Hours\n\nOpen Sunday 9 am to 3 pm.' }]);
    await knowledge.idle();
    expect(knowledge.mode(business.id)).toMatchObject({ mode: 'keyword', reason: 'vector_extension_missing', vectorSearch: false, pendingEmbeddings: 0 });
    const result = await knowledge.search(business.id, 'are you open on Sunday');
    expect(result).toMatchObject({ mode: 'keyword', hits: [{ heading: 'Hours', text: 'Open Sunday 9 am to 3 pm.' }] });
    expect(standIn.requests).toEqual([]);
  });
});
