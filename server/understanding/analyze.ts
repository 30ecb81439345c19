import type { Analysis, AnalysisContext, Entity, Turn } from './types.js';
import { localNow } from './text/clock.js';
import { prepare, type PreparedText } from './text/prepare.js';
import { extractEntities } from './entities/index.js';
import { ConceptScanner, findCarriedHazards, findHazards, vocabularyFor, type SeasonFlags } from './signals/hazards.js';
import { classifyIntent } from './signals/intent.js';
import { deEscalates } from './signals/modifiers.js';
import { pressingPriority, raiseAtNight, routinePriority, type PriorityVerdict } from './signals/priority.js';

// How many earlier customer turns can complete a danger said in pieces ("no heat" ... "baby's here").
const CARRY_TURNS = 3;

// Northern-hemisphere months in which "no heat" or "no AC" is dangerous without the caller saying so.
function seasonFlags(month: number): SeasonFlags {
  return { coldSeason: month >= 11 || month <= 3, hotSeason: month >= 6 && month <= 9 };
}

function maskNames(p: PreparedText, entities: readonly Entity[]): PreparedText {
  let low = p.low;
  for (const e of entities) {
    if (e.type !== 'name') continue;
    const at = low.indexOf(e.text.toLowerCase());
    if (at >= 0) low = low.slice(0, at) + ' '.repeat(e.text.length) + low.slice(at + e.text.length);
  }
  return low === p.low ? p : { ...p, low };
}

export function analyzeTurn(turn: Turn | string, context: AnalysisContext): Analysis {
  const t: Turn = typeof turn === 'string' ? { text: turn, channel: 'chat' } : turn;
  const p = prepare(t.text ?? '');
  const now = localNow(context.now, context.timeZone);
  const vocabulary = vocabularyFor(context.industry ?? '');
  const seasons = seasonFlags(now.month);
  const scanner = new ConceptScanner(p, vocabulary);
  const findings = findHazards(scanner, seasons, context.vocabulary);
  let pressing: PriorityVerdict | undefined = pressingPriority(scanner, findings);
  const reasons: string[] = [];

  const earlier = (context.history ?? []).filter((h) => h.role !== 'agent' && h.text).slice(-CARRY_TURNS);
  if (earlier.length > 0 && pressing?.priority !== 'URGENT') {
    if (deEscalates(p)) {
      reasons.push('de-escalated by caller');
    } else {
      const joined = prepare([...earlier.map((h) => h.text), p.raw].join('. '));
      const carried = findCarriedHazards(new ConceptScanner(joined, vocabulary), scanner, seasons);
      if (carried.length > 0) pressing = { priority: 'URGENT', reasons: carried.map((h) => h.reason) };
    }
  }

  const emergency = pressing?.priority === 'URGENT';
  const hasProblem = pressing !== undefined || findings.hits.length > 0 || scanner.live('problem');
  const entities = extractEntities(p, now);
  // Names are not cues: "Eleanor Price" asks for no price, "Ms. Flood" reports no flood.
  const intent = classifyIntent(maskNames(p, entities), emergency, hasProblem);
  // A complaint, cancellation or follow-up that mentions a problem is same-day work only if the caller
  // asks for it soon ("the leak is still there" is a complaint, not a callout).
  if (pressing?.priority === 'HIGH' && ['complaint', 'cancel', 'follow_up'].includes(intent.intent) && !scanner.live('nearTerm')) {
    pressing = undefined;
  }
  const hasContactDetails = entities.some((e) => e.type === 'phone' || e.type === 'email' || e.type === 'address');
  const verdict = raiseAtNight(pressing ?? routinePriority(p, intent.intent, scanner, hasContactDetails), scanner, now.hour);
  reasons.unshift(...verdict.reasons);
  for (const s of findings.suppressed) {
    if (s.level === 'URGENT' || verdict.priority !== 'HIGH') reasons.push(`${s.modifier}: ${s.reason}`);
  }

  return {
    emergency: verdict.priority === 'URGENT',
    priority: verdict.priority,
    reasons: [...new Set(reasons)],
    intent: intent.intent,
    intentConfidence: intent.confidence,
    entities,
  };
}
