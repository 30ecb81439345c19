import type { Business } from '../businesses/service.js';
import type { Lead } from '../leads/service.js';
import { analyze } from '../understanding/index.js';

/** What the chain says is wrong: the emergency notes (one per flag), else the reasons the priority rose for. */
export function emergencyReasons(lead: Lead): string[] {
  const notes = (lead.emergencyNotes ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  return notes.length ? notes : lead.priorityReasons;
}

/**
 * The reasons that tell the owner something the chain has not said yet. The analyser and the model word the
 * same emergency differently ("active flooding", then "Basement flooding from burst pipe"); an update SMS for
 * each rewording wakes the owner for nothing. So each reason is named the way the analyser names it (its
 * vocabulary is the one place that knows a burst pipe and a flooded basement are one emergency), and a reason
 * whose names were all said already is a restatement. A reason the analyser cannot name is new unless every
 * one of its key words was said already: an unknown fact is worth a text, a repeat is not.
 */
export function freshReasons(business: Business, known: string[], candidates: string[], now: Date): string[] {
  const said = new Set<string>();
  const saidWords = new Set<string>();
  const remember = (reason: string, names: string[]) => {
    said.add(normal(reason));
    names.forEach((name) => said.add(name));
    keyWords(reason).forEach((word) => saidWords.add(word));
  };
  for (const reason of known) remember(reason, namesOf(business, reason, now));
  const fresh: string[] = [];
  for (const reason of candidates) {
    if (said.has(normal(reason))) continue;
    const names = namesOf(business, reason, now);
    const words = keyWords(reason);
    const restated = names.length > 0 ? names.every((name) => said.has(name)) : words.length > 0 && words.every((word) => saidWords.has(word));
    if (!restated) fresh.push(reason);
    remember(reason, names);
  }
  return fresh;
}

/** The analyser's names for what a reason describes ("smell of gas" → "gas smell"); none when it sees no urgency. */
function namesOf(business: Business, reason: string, now: Date): string[] {
  const analysis = analyze(reason, { industry: business.industry, timeZone: business.timezone, now, vocabulary: business.vocabulary });
  if (analysis.priority !== 'URGENT' && analysis.priority !== 'HIGH') return [];
  return analysis.reasons.map(normal);
}

/** Words that say how bad or who, not what: they do not make two reasons about the same thing. */
const filler = new Set(
  'the and for from with into onto there their they this that have has had was were are been being now very all our your his her its just some still also about caller customer client emergency urgent help needs need says said reports reported report possible possibly maybe active major severe serious big bad really lot lots'.split(' '),
);

function keyWords(reason: string): string[] {
  return normal(reason)
    .split(' ')
    .filter((word) => word.length >= 3 && !filler.has(word))
    .map(stem);
}

/** Just enough stemming for "flooding", "flooded" and "floods" to be one word. */
function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 's']) {
    if (word.endsWith(suffix) && !word.endsWith('ss') && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

function normal(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
