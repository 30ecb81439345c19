import { PRIORITY_RANK, type Intent, type Priority } from '../types.js';
import type { PreparedText } from '../text/prepare.js';
import type { ConceptScanner, HazardFindings } from './hazards.js';
import { CURIOUS, FAR_FUTURE, GENERAL_INFO, GENERIC_QUESTION, HYPOTHETICAL_PRICE, OTHER_STRONG, OWN_THING, PERSONAL_NEED, THANKS } from './intent-cues.js';

export interface PriorityVerdict {
  priority: Priority;
  reasons: string[];
}

function drop(xs: string[], x: string): void {
  const i = xs.indexOf(x);
  if (i >= 0) xs.splice(i, 1);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** URGENT or HIGH from what is happening; undefined when nothing pressing was said. */
export function pressingPriority(scanner: ConceptScanner, findings: HazardFindings): PriorityVerdict | undefined {
  const urgent = findings.hits.filter((h) => h.level === 'URGENT').map((h) => h.reason);
  const high = findings.hits.filter((h) => h.level === 'HIGH').map((h) => h.reason);
  if (urgent.length > 0) return { priority: 'URGENT', reasons: unique(urgent) };
  // "This is an emergency" with nothing more specific: trust the caller, unless what they describe is
  // a known same-day problem (a clogged toilet called an emergency is still a clogged toilet).
  if (scanner.live('emergencyClaim') && high.length === 0) return { priority: 'URGENT', reasons: ['caller says emergency'] };
  // A danger the caller has just contained ("shut the valve, it stopped") still needs same-day work.
  const contained = findings.suppressed.filter((s) => s.level === 'URGENT' && s.modifier === 'resolved').map((s) => `contained: ${s.reason}`);
  if (contained.length > 0) high.push(...contained);
  const notUrgent = scanner.live('notUrgent');
  const problem = scanner.live('problem');
  // "the toilet is clogged but we have another bathroom": not the only one, so not same-day.
  if (scanner.live('spareFacility')) drop(high, 'clogged drain or toilet');
  // A chipped tooth that does not hurt can wait for an ordinary appointment.
  if (scanner.live('noPain')) drop(high, 'tooth pain or damage');
  if (!notUrgent) {
    if (high.length > 0) return { priority: 'HIGH', reasons: unique(high) };
    if (problem && (scanner.live('nearTerm') || scanner.live('urgentWord'))) {
      return { priority: 'HIGH', reasons: ['needs service today or tomorrow'] };
    }
  }
  return undefined;
}

/** NORMAL or LOW for turns with nothing pressing: is there a concrete, near-term need? */
export function routinePriority(p: PreparedText, intent: Intent, scanner: ConceptScanner, hasContactDetails: boolean): PriorityVerdict {
  const low = p.low;
  const curious = CURIOUS.test(low);
  const farFuture = FAR_FUTURE.test(low);
  switch (intent) {
    case 'other':
      // A turn that only gives contact details is part of a lead, not chit-chat.
      if (hasContactDetails && !OTHER_STRONG.test(low) && !THANKS.test(low)) return { priority: 'NORMAL', reasons: [] };
      return { priority: 'LOW', reasons: ['no service need'] };
    case 'cancel':
    case 'complaint':
    case 'follow_up':
      return { priority: 'NORMAL', reasons: [] };
    case 'booking':
      return farFuture ? { priority: 'LOW', reasons: ['far-future plan'] } : { priority: 'NORMAL', reasons: [] };
    case 'quote': {
      if (curious || farFuture) return { priority: 'LOW', reasons: ['just asking'] };
      if (HYPOTHETICAL_PRICE.test(low) && !PERSONAL_NEED.test(low)) {
        return { priority: 'LOW', reasons: ['hypothetical price'] };
      }
      return { priority: 'NORMAL', reasons: [] };
    }
    case 'question': {
      if (curious || farFuture || GENERIC_QUESTION.test(low)) return { priority: 'LOW', reasons: ['just asking'] };
      if (scanner.live('problem') || PERSONAL_NEED.test(low)) return { priority: 'NORMAL', reasons: [] };
      if (GENERAL_INFO.test(low)) return { priority: 'LOW', reasons: ['general information'] };
      if (OWN_THING.test(low)) return { priority: 'NORMAL', reasons: [] };
      return { priority: 'LOW', reasons: ['no concrete need'] };
    }
    default:
      return { priority: 'NORMAL', reasons: [] };
  }
}

// Night in the business's time zone: 22:00 to 05:59.
const NIGHT_FROM_HOUR = 22;
const NIGHT_UNTIL_HOUR = 6;

export function isNight(hour: number): boolean {
  return hour >= NIGHT_FROM_HOUR || hour < NIGHT_UNTIL_HOUR;
}

// Problems that leave people without heat, cooling, water, power or a way in.
const ESSENTIAL_LOSS: ReadonlyArray<readonly [concept: string, what: string]> = [
  ['heatOut', 'no heat'],
  ['acOut', 'no cooling'],
  ['noWater', 'no water'],
  ['noHotWater', 'no hot water'],
  ['powerLoss', 'no power'],
  ['lockout', 'locked out'],
];

/**
 * At night a problem that leaves people without heat, water, power or a way in, or a problem with a
 * vulnerable person in the house, cannot wait for office hours: NORMAL rises to HIGH. Time alone never
 * makes an emergency (URGENT needs a danger), and "no rush" keeps the caller's word.
 */
export function raiseAtNight(verdict: PriorityVerdict, scanner: ConceptScanner, hour: number): PriorityVerdict {
  if (verdict.priority !== 'NORMAL' || !isNight(hour) || scanner.live('notUrgent')) return verdict;
  const loss = ESSENTIAL_LOSS.find(([concept]) => scanner.live(concept));
  if (loss) return { priority: 'HIGH', reasons: [...verdict.reasons, `at night: ${loss[1]}`] };
  if (scanner.live('vulnerable') && scanner.live('problem')) return { priority: 'HIGH', reasons: [...verdict.reasons, 'at night: vulnerable person affected'] };
  return verdict;
}

export function maxPriority(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}
