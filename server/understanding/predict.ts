import { analyzeTurn } from './analyze.js';

/** One input line of `npm run analyze`: the dataset's schema (extra fields are ignored). */
export interface InputLine {
  id: string | number;
  channel?: 'chat' | 'voice';
  industry?: string;
  now?: string;
  text: string;
}

export interface PredictionLine {
  id: string | number;
  emergency: boolean;
  priority: string;
  intent: string;
  entities: Array<{ type: string; value: string }>;
}

/** Checks the shape of a parsed line; returns a message naming what is wrong, or undefined. */
export function checkInputLine(o: unknown): string | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  const r = o as Record<string, unknown>;
  if (typeof r.id !== 'string' && typeof r.id !== 'number') return 'missing "id" (string or number)';
  if (typeof r.text !== 'string') return 'missing "text" (string)';
  if (r.now !== undefined && (typeof r.now !== 'string' || Number.isNaN(Date.parse(r.now)))) return '"now" is not an ISO date-time';
  if (r.channel !== undefined && r.channel !== 'chat' && r.channel !== 'voice') return '"channel" must be "chat" or "voice"';
  if (r.industry !== undefined && typeof r.industry !== 'string') return '"industry" must be a string';
  return undefined;
}

export function predictLine(line: InputLine, fallbackNow: Date): PredictionLine {
  const a = analyzeTurn(
    { text: line.text, channel: line.channel ?? 'chat' },
    // The dataset's `now` carries its own offset and is read as the caller's wall time; the zone only
    // matters when `now` is absent.
    { industry: line.industry ?? '', timeZone: 'UTC', now: line.now ?? fallbackNow },
  );
  return {
    id: line.id,
    emergency: a.emergency,
    priority: a.priority,
    intent: a.intent,
    entities: a.entities.map((e) => ({ type: e.type, value: e.value })),
  };
}
