import { analyze } from './index.js';

/** One line of the analyser's output format: `{id, emergency, priority, intent, entities:[{type, value}]}`. */
export interface InputLine {
  id?: unknown;
  channel?: unknown;
  industry?: unknown;
  now?: unknown;
  text?: unknown;
}

export function predictLine(input: InputLine): string {
  const analysis = analyze(
    { text: String(input.text), channel: input.channel === 'voice' ? 'voice' : 'chat' },
    { industry: String(input.industry ?? 'other'), timeZone: 'UTC', now: String(input.now) },
  );
  return JSON.stringify({
    id: input.id,
    emergency: analysis.emergency,
    priority: analysis.priority,
    intent: analysis.intent,
    entities: analysis.entities.map(({ type, value }) => ({ type, value })),
  });
}
