import { loadConfig } from '../config.js';
import { seedDemo } from '../demo/seed-demo.js';
import { createSilentLogger } from '../log/logger.js';
import { createScrubber } from '../log/scrub.js';
import { closeServices, createServices } from '../services.js';
import { tempDir, testEnv } from '../test-kit/test-config.js';
const temp = tempDir('leads-eval-');
const services = await createServices(loadConfig(testEnv(temp.dir, { LOG_LEVEL: 'silent' })), { log: createSilentLogger(), scrubber: createScrubber(), keytar: false });
const { businessId } = seedDemo(services);
for (const q of process.argv.slice(2)) {
  const r = await services.knowledge.searchDetailed(businessId, q, { k: 4, includeWeak: true });
  console.log(q);
  for (const h of r.hits) console.log(`  ${h.relevant ? 'R' : '-'} ${JSON.stringify(h.keyword)} ${h.source.title} | ${h.heading} | ${h.text.slice(0, 70).replace(/\s+/g, ' ')}`);
}
console.log(services.db.prepare("select title_terms, heading_terms, terms from kb_chunks where text like '%Round Rock%'").all());
await closeServices(services); temp.remove();
