import { findDangers, phraseRules, rulesFor, type Hit, type Suppressed } from './danger.js';
import { unsubscribe } from './intent.js';
import type { Rule } from './vocabulary/rule.js';
import {
  businessInfo,
  chitChat,
  concreteNeed,
  generalQuestion,
  isNight,
  jobSeeker,
  lowNeed,
  notUrgent,
  problem,
  resolved,
  spam,
  thanks,
  timePressure,
  vulnerable,
  weather,
  wrongNumber,
} from './signals.js';

export type Priority = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';

export interface PriorityVerdict {
  priority: Priority;
  reasons: string[];
  hits: Hit[];
  suppressed: Suppressed[];
  /** Nothing for the business to do (spam, a job seeker, a wrong number, thanks). */
  noRequest: boolean;
}

export interface PriorityInput {
  folded: string;
  /** The earlier customer turns, folded: who is at risk and the weather carry over. */
  history: string[];
  industry: string;
  hour: number;
  year: number;
  vocabulary?: { urgent?: string[]; high?: string[] };
}

/**
 * The verdict of the label rules (shared/datasets/README.md): URGENT is danger now (or a vulnerable person
 * without heat or cooling in extreme weather); HIGH needs same- or next-day help; NORMAL is a concrete need
 * without time pressure; LOW needs nothing soon.
 */
/** Any problem at all; with time pressure ("today", "tomorrow", "first thing") it needs same- or next-day help. */
const anyProblem: Rule = { reason: 'needs help today or tomorrow', level: 'HIGH', match: problem };

export function judgePriority({ folded, history, industry, hour, year, vocabulary }: PriorityInput): PriorityVerdict {
  const found = findDangers(folded, rulesFor(industry, phraseRules(vocabulary)));
  const suppressed = found.suppressed;
  // The caller says it has stopped: dangers told before that are over; what is left is the damage (HIGH).
  const over = resolved.exec(folded);
  const hits = found.hits.map((hit) => (over && hit.at < over.index && hit.rule.level === 'URGENT' ? { ...hit, rule: { ...hit.rule, level: 'HIGH' as const, escalate: undefined, reason: `${hit.rule.reason} (stopped now)` } } : hit));
  const everything = [folded, ...history].join(' \n ');
  const atRisk = vulnerable.exec(everything)?.[0];
  const conditions = weather(everything);
  const extreme = conditions.cold || conditions.hot;
  const reasons: string[] = [];
  let priority: Priority = 'NORMAL';

  for (const hit of hits) {
    let level = hit.rule.level;
    const escalate = hit.rule.escalate;
    if (level === 'HIGH' && escalate) {
      const raised =
        escalate === 'vulnerable' ? Boolean(atRisk) : escalate === 'vulnerable|weather' ? Boolean(atRisk || extreme) : Boolean(atRisk && extreme);
      if (raised) level = 'URGENT';
    }
    if (rank[level] > rank[priority]) priority = level;
    if (level === 'URGENT' && escalate) {
      reasons.push(`${hit.rule.reason}${atRisk ? ` with ${describeRisk(atRisk)}` : ''}${extreme ? ` in ${conditions.cold ? 'freezing' : 'extreme heat'}${conditions.detail ? ` (${conditions.detail})` : ''}` : ''}`);
    } else {
      reasons.push(hit.rule.reason);
    }
  }

  const calm = notUrgent.test(folded);
  if (priority !== 'URGENT') {
    if (priority === 'NORMAL' && timePressure.test(folded.replace(notUrgent, '')) && findDangers(folded, [anyProblem]).hits.length > 0) {
      priority = 'HIGH';
      reasons.push(anyProblem.reason);
    }
    if (calm && priority === 'HIGH') {
      priority = 'NORMAL';
      reasons.push('customer says it is not urgent');
    }
  }

  if (priority !== 'URGENT' && over && hits.length === 0) {
    priority = priority === 'HIGH' ? 'NORMAL' : priority;
    reasons.push('customer says the problem has stopped');
  }

  const noRequest = unsubscribe.test(folded) || spam.test(folded) || jobSeeker.test(folded) || wrongNumber.test(folded) || (thanks.test(folded.trim()) && !/\?/.test(folded)) || (chitChat.test(folded) && !/\?/.test(folded) && hits.length === 0);
  if (priority === 'NORMAL') {
    const hypotheticalOnly = suppressed.some((s) => s.why === 'hypothetical' || s.why === 'service question') && hits.length === 0;
    const generalOnly = generalQuestion.test(folded.trim()) && !concreteNeed.test(folded);
    if (noRequest || lowNeed.test(folded) || businessInfo.test(folded) || hypotheticalOnly || generalOnly || farFuture(folded, year)) {
      priority = 'LOW';
      reasons.push(noRequest ? 'nothing to do for the business' : hypotheticalOnly ? 'hypothetical question' : 'general interest, no near-term need');
    }
  }
  if (priority === 'URGENT' && isNight(hour)) reasons.push('after hours');
  for (const s of suppressed) {
    if (!hits.some((h) => h.rule === s.rule)) reasons.push(`${s.why}: ${s.rule.reason}`);
  }
  return { priority, reasons: [...new Set(reasons)], hits, suppressed, noRequest };
}

/** "we're building in 2028": a year after this one. */
function farFuture(folded: string, year: number): boolean {
  return [...folded.matchAll(/\b(?:in|by|for|until) (20\d\d)\b/g)].some((m) => Number(m[1]) > year);
}

const rank: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };

function describeRisk(found: string): string {
  if (/pregnant|embarazada/.test(found)) return 'a pregnant woman';
  if (/baby|babies|infant|new ?born|preemie|bebe|recien/.test(found)) return 'an infant';
  if (/toddler/.test(found)) return 'a small child';
  if (/elderly|senior|grand|old|seventy|eighty|ninety|\b[789]\d\b|anciano|anciana|abuel/.test(found)) return 'an elderly person';
  return 'a medically fragile person';
}
