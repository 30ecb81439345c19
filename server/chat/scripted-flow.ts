import type { Question } from '../businesses/questions.js';
import type { Business } from '../businesses/service.js';
import { ValidationFailed } from '../errors.js';
import type { KnowledgeSearch } from './seams.js';

/** What the scripted flow remembers between messages (kept in the session's state). */
export interface ScriptedState {
  /** The field whose question was asked last and is waiting for an answer. */
  awaiting?: string;
  /** The lead-complete message has been said. */
  completed?: boolean;
}

export interface ScriptedInput {
  business: Business;
  /** The questions to ask in order (essential ones only in an emergency). */
  questions: Question[];
  /** Every active question: the one awaiting an answer may not be among those still to ask (an emergency). */
  allQuestions: Question[];
  answers: Record<string, string>;
  text: string;
  /** The visitor's first message of this chat. */
  first: boolean;
  state: ScriptedState;
  knowledge: KnowledgeSearch | undefined;
  /** Validates and stores an answer; throws ValidationFailed with a readable message. */
  record(field: string, value: string): void;
}

const questionWords = /^(what|how|when|where|why|who|which|do|does|did|is|are|can|could|will|would|should|may)\b/i;

/**
 * The conversation without a model (no key, or the model API failing): asks the lead questions in order,
 * validates phone and email through the lead service, and answers questions about the business from the
 * knowledge base by keywords. It never pretends: without an answer it says so and notes the question.
 */
export async function runScriptedTurn(input: ScriptedInput): Promise<{ text: string; state: ScriptedState }> {
  const { business, text } = input;
  const state: ScriptedState = { ...input.state };
  const answers = { ...input.answers };
  const parts: string[] = [];
  const isQuestion = /\?\s*$/.test(text) || questionWords.test(text.trim());
  const pending = state.awaiting ? input.allQuestions.find((q) => q.field === state.awaiting) : undefined;

  if (pending && !isQuestion) {
    try {
      input.record(pending.field, text);
      answers[pending.field] = text;
      state.awaiting = undefined;
      parts.push(pick(['Thanks.', 'Got it.', 'Thank you.'], Object.keys(answers).length));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return { text: `${invalidAnswer(pending)} ${pending.text}`, state };
    }
  } else if (isQuestion) {
    parts.push(await answerFromKnowledge(input, answers));
  } else if (input.first && !answers.issue) {
    tryRecord(input, 'issue', text);
    answers.issue = text;
    parts.push('Thanks for the details.');
  } else if (state.completed) {
    appendNote(input, answers, text);
    return { text: "Thanks, I've added that for the team. Anything else?", state };
  }

  const next = input.questions.find((q) => !answers[q.field]);
  if (next) {
    state.awaiting = next.field;
    parts.push(next.text);
  } else if (!state.completed) {
    state.completed = true;
    state.awaiting = undefined;
    parts.push(business.voice.messages.leadComplete);
  }
  return { text: parts.join(' '), state };
}

async function answerFromKnowledge(input: ScriptedInput, answers: Record<string, string>): Promise<string> {
  if (input.knowledge) {
    try {
      const { hits } = await input.knowledge.search(input.business.id, input.text.slice(0, 200), 3);
      const best = hits[0];
      if (best && best.score > 0) {
        const excerpt = best.text.replace(/\s+/g, ' ').trim();
        const short = excerpt.length > 400 ? `${excerpt.slice(0, 400).replace(/\s+\S*$/, '')}…` : excerpt;
        return `From "${best.source.title}": ${short}`;
      }
    } catch {
      // A failing knowledge base is the same as no answer: say so, note the question.
    }
  }
  appendNote(input, answers, `Question: ${input.text}`);
  return "I don't have the answer to that here, but I've noted your question for the team.";
}

function appendNote(input: ScriptedInput, answers: Record<string, string>, note: string): void {
  const notes = answers.notes ? `${answers.notes}\n${note}` : note;
  if (tryRecord(input, 'notes', notes.slice(-1000))) answers.notes = notes;
}

function tryRecord(input: ScriptedInput, field: string, value: string): boolean {
  try {
    input.record(field, value);
    return true;
  } catch (error) {
    if (error instanceof ValidationFailed) return false;
    throw error;
  }
}

function invalidAnswer(question: Question): string {
  switch (question.kind) {
    case 'phone':
      return "That doesn't look like a phone number I can call.";
    case 'email':
      return "That doesn't look like an email address.";
    case 'choice':
      return `Please pick one of: ${(question.choices ?? []).join(', ')}.`;
    default:
      return "Sorry, I didn't catch that.";
  }
}

function pick(options: string[], n: number): string {
  return options[n % options.length]!;
}
