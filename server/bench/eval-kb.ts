/**
 * `npm run eval:kb`: the demo business's labelled questions through `knowledge.search`, in keyword-only mode
 * and in hybrid mode with the deterministic stand-in embedder (served over HTTP in the OpenAI wire format);
 * and with the real embeddings API too when OPENAI_API_KEY is set. Prints JSON; `--verbose` adds each miss.
 *
 * hit@1 / hit@3 / MRR are over the answerable questions (a question with no hits counts as a miss);
 * no-answer precision: of the questions where search returned nothing, the share that truly have no answer;
 * no-answer recall: of the questions with no answer, the share where search returned nothing.
 */
import { loadConfig, type Env } from '../config.js';
import { seedDemo } from '../demo/seed-demo.js';
import { demoQuestions, type LabelledQuestion } from '../knowledge/eval/demo-questions.js';
import type { KnowledgeHit } from '../knowledge/index.js';
import { createSilentLogger } from '../log/logger.js';
import { createScrubber } from '../log/scrub.js';
import { closeServices, createServices } from '../services.js';
import { startEmbeddingsStandIn } from '../test-kit/embeddings-standin.js';
import { tempDir, testEnv, unreachable } from '../test-kit/test-config.js';

// The stand-in's hashed vectors are not a real model's: its similarity scale needs its own threshold,
// chosen once on this set and left alone (a real model uses its default, see knowledge/index.ts).
const standInMinSimilarity = '0.3';

interface Metrics {
  mode: string;
  questions: number;
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  noAnswerPrecision: number | null;
  noAnswerRecall: number;
  searchModes: Record<string, number>;
  misses?: Array<{ question: string; expected: string; got: string[] }>;
}

const verbose = process.argv.includes('--verbose');

function matches(hit: KnowledgeHit, answer: NonNullable<LabelledQuestion['answer']>): boolean {
  return answer.some((a) => hit.source.title === a.source && hit.text.toLowerCase().includes(a.contains.toLowerCase()));
}

async function evaluate(label: string, env: Env, expectMode: 'keyword' | 'hybrid'): Promise<Metrics> {
  const temp = tempDir('leads-eval-');
  const config = loadConfig(testEnv(temp.dir, { LOG_LEVEL: 'silent', ...env }));
  const services = await createServices(config, { log: createSilentLogger(), scrubber: createScrubber(), keytar: false });
  try {
    const { businessId } = seedDemo(services);
    await services.knowledge.idle();
    const report = services.knowledge.mode(businessId);
    if (report.mode !== expectMode) throw new Error(`${label}: expected ${expectMode} mode, got ${report.mode} (${report.message})`);

    let hit1 = 0;
    let hit3 = 0;
    let reciprocal = 0;
    let answerable = 0;
    let emptyAnswers = 0;
    let emptyCorrect = 0;
    let unanswerable = 0;
    const searchModes: Record<string, number> = {};
    const misses: NonNullable<Metrics['misses']> = [];
    for (const { question, answer } of demoQuestions) {
      const { mode, hits } = await services.knowledge.search(businessId, question, 5);
      searchModes[mode] = (searchModes[mode] ?? 0) + 1;
      if (hits.length === 0) emptyAnswers++;
      if (answer === null) {
        unanswerable++;
        if (hits.length === 0) emptyCorrect++;
        else misses.push({ question, expected: '(no answer)', got: hits.slice(0, 3).map(describe) });
        continue;
      }
      answerable++;
      const rank = hits.findIndex((hit) => matches(hit, answer)) + 1;
      if (rank === 1) hit1++;
      if (rank >= 1 && rank <= 3) hit3++;
      if (rank >= 1) reciprocal += 1 / rank;
      if (rank !== 1) misses.push({ question, expected: answer.map((a) => `${a.source}: ${a.contains}`).join(' | '), got: hits.slice(0, 3).map(describe) });
    }
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      mode: label,
      questions: demoQuestions.length,
      answerable,
      hitAt1: round(hit1 / answerable),
      hitAt3: round(hit3 / answerable),
      mrr: round(reciprocal / answerable),
      noAnswerPrecision: emptyAnswers ? round(emptyCorrect / emptyAnswers) : null,
      noAnswerRecall: round(emptyCorrect / unanswerable),
      searchModes,
      ...(verbose ? { misses } : {}),
    };
  } finally {
    await closeServices(services);
    temp.remove();
  }
}

function describe(hit: KnowledgeHit): string {
  return `${hit.source.title}: ${hit.text.slice(0, 60).replace(/\s+/g, ' ')}… (${hit.score})`;
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
