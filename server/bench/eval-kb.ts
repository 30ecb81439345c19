/**
 * `npm run eval:kb`: the demo business's labelled questions through `knowledge.search`, in keyword-only mode
 * and in hybrid mode with the deterministic stand-in embedder (served over HTTP in the OpenAI wire format);
 * and with the real embeddings API too when OPENAI_API_KEY is set. Prints JSON; `--verbose` adds each miss.
 * The figures are defined in knowledge/eval/score.ts.
 */
import { loadConfig, type Env } from '../config.js';
import { seedDemo } from '../demo/seed-demo.js';
import { demoQuestions } from '../knowledge/eval/demo-questions.js';
import { scoreLabelledQuestions, type LabelledScore } from '../knowledge/eval/score.js';
import { createSilentLogger } from '../log/logger.js';
import { createScrubber } from '../log/scrub.js';
import { closeServices, createServices } from '../services.js';
import { startEmbeddingsStandIn } from '../test-kit/embeddings-standin.js';
import { tempDir, testEnv, unreachable } from '../test-kit/test-config.js';

// The stand-in's hashed vectors are not a real model's: its similarity scale needs its own threshold,
// chosen once on this set and left alone (a real model uses its default, see knowledge/index.ts).
const standInMinSimilarity = '0.3';

type Metrics = { mode: string } & Omit<LabelledScore, 'misses'> & { misses?: LabelledScore['misses'] };

const verbose = process.argv.includes('--verbose');

async function evaluate(label: string, env: Env, expectMode: 'keyword' | 'hybrid'): Promise<Metrics> {
  const temp = tempDir('leads-eval-');
  const config = loadConfig(testEnv(temp.dir, { LOG_LEVEL: 'silent', ...env }));
  const services = await createServices(config, { log: createSilentLogger(), scrubber: createScrubber(), keytar: false });
  try {
    const { businessId } = seedDemo(services);
    await services.knowledge.idle();
    const report = services.knowledge.mode(businessId);
    if (report.mode !== expectMode) throw new Error(`${label}: expected ${expectMode} mode, got ${report.mode} (${report.message})`);
    const { misses, ...score } = await scoreLabelledQuestions(demoQuestions, (question) => services.knowledge.search(businessId, question, 5));
    return { mode: label, ...score, ...(verbose ? { misses } : {}) };
  } finally {
    await closeServices(services);
    temp.remove();
  }
}

async function main(): Promise<void> {
  const results: Metrics[] = [];
  results.push(await evaluate('keyword', { ...unreachable }, 'keyword'));

  const standIn = await startEmbeddingsStandIn();
  try {
    results.push(
      await evaluate(
        'hybrid (stand-in embedder)',
        { OPENAI_BASE_URL: standIn.baseUrl, OPENAI_API_KEY: standIn.apiKey, KB_MIN_SIMILARITY: standInMinSimilarity },
        'hybrid',
      ),
    );
  } finally {
    await standIn.close();
  }

  // The real API only when the operator gave a key (never in tests or CI).
  const real = loadConfig(process.env);
  if (real.openai.apiKey) {
    results.push(
      await evaluate(
        `hybrid (${real.openai.embeddingModel})`,
        { OPENAI_BASE_URL: real.openai.baseUrl, OPENAI_API_KEY: real.openai.apiKey, OPENAI_EMBEDDING_MODEL: real.openai.embeddingModel },
        'hybrid',
      ),
    );
  }
  process.stdout.write(`${JSON.stringify({ questions: demoQuestions.length, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
