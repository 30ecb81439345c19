import type { KnowledgeHit, SearchMode } from '../index.js';
import type { LabelledQuestion } from './demo-questions.js';

/**
 * The labelled set's figures, shared by `npm run eval:kb` and the regression test that keeps them from sliding.
 * hit@1 / hit@3 / MRR are over the answerable questions (no hits counts as a miss); no-answer precision: of the
 * questions where search returned nothing, the share that truly have no answer; no-answer recall: of the
 * questions with no answer, the share where search returned nothing.
 */
export interface LabelledScore {
  questions: number;
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  noAnswerPrecision: number | null;
  noAnswerRecall: number;
  searchModes: Record<string, number>;
  misses: Array<{ question: string; expected: string; got: string[] }>;
}

type Search = (question: string) => Promise<{ mode: SearchMode; hits: KnowledgeHit[] }>;

function matches(hit: KnowledgeHit, answer: NonNullable<LabelledQuestion['answer']>): boolean {
  return answer.some((a) => hit.source.title === a.source && hit.text.toLowerCase().includes(a.contains.toLowerCase()));
}

function describe(hit: KnowledgeHit): string {
  return `${hit.source.title}: ${hit.text.slice(0, 60).replace(/\s+/g, ' ')}… (${hit.score})`;
}

export async function scoreLabelledQuestions(questions: LabelledQuestion[], search: Search): Promise<LabelledScore> {
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let answerable = 0;
  let emptyAnswers = 0;
  let emptyCorrect = 0;
  let unanswerable = 0;
  const searchModes: Record<string, number> = {};
  const misses: LabelledScore['misses'] = [];
  for (const { question, answer } of questions) {
    const { mode, hits } = await search(question);
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
    questions: questions.length,
    answerable,
    hitAt1: round(hit1 / answerable),
    hitAt3: round(hit3 / answerable),
    mrr: round(reciprocal / answerable),
    noAnswerPrecision: emptyAnswers ? round(emptyCorrect / emptyAnswers) : null,
    noAnswerRecall: round(emptyCorrect / unanswerable),
    searchModes,
    misses,
  };
}
