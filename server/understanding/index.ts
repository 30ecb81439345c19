/**
 * Understanding: for every customer turn (a chat message or a final voice transcript line), an emergency
 * verdict, a priority with reasons, one intent with a confidence, and the entities said, all offline and in
 * well under a millisecond (it runs on the audio path). Label rules: shared/datasets/README.md.
 *
 * Conversation context: `history` (earlier turns, oldest first) carries who is at risk and the weather into
 * this turn's priority ("no heat" now, "my mom is 80" two turns ago). `entities` are this turn's own; the lead
 * keeps every turn's entities, so an address said two turns ago is already on the lead.
 */
import { extractEntities, type EntityType } from './entities/index.js';
import { classifyIntent, type Intent } from './intent.js';
import { localTime } from './local-time.js';
import { tokenize } from './numbers.js';
import { judgePriority, type Priority } from './priority.js';
import { fold } from './text.js';

export type { EntityType } from './entities/index.js';
export type { Intent } from './intent.js';
export type { Priority } from './priority.js';

export interface Entity {
  type: EntityType;
  value: string;
  text: string;
}

export interface Turn {
  text: string;
  channel: 'chat' | 'voice';
  at?: string | Date;
  role?: 'customer' | 'agent';
}

export interface VocabularyExtension {
  urgent?: string[];
  high?: string[];
}

export interface AnalysisContext {
  industry: string;
  timeZone: string;
  /** The time of the turn; an ISO string with an offset is read as local time. */
  now: string | Date;
  history?: Turn[];
  vocabulary?: VocabularyExtension;
}

export interface Analysis {
  emergency: boolean;
  priority: Priority;
  reasons: string[];
  intent: Intent;
  intentConfidence: number;
  entities: Entity[];
}

export function analyze(turn: Turn | string, context: AnalysisContext): Analysis {
  const text = typeof turn === 'string' ? turn : turn.text;
  const folded = fold(text);
  const now = localTime(typeof turn !== 'string' && turn.at ? turn.at : context.now, context.timeZone);
  const history = (context.history ?? []).filter((t) => t.role !== 'agent').map((t) => fold(t.text));
  const verdict = judgePriority({ folded, history, industry: context.industry, hour: now.hour, year: now.y, vocabulary: context.vocabulary });
  const emergency = verdict.priority === 'URGENT';
  const { intent, confidence } = classifyIntent(folded, emergency, verdict.noRequest);
  const entities = extractEntities({ text, folded, tokens: tokenize(folded) }, now).map(({ type, value, text: span }) => ({ type, value, text: span }));
  return { emergency, priority: verdict.priority, reasons: verdict.reasons, intent, intentConfidence: confidence, entities };
}
