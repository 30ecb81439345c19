import { clauses, sentences, spanAt, type Span } from './text.js';
import { generalRules, otherSenses, serviceQuestion } from './vocabulary/general.js';
import { industryRules, sharedProblems } from './vocabulary/industries.js';
import type { Rule } from './vocabulary/rule.js';

/**
 * Finds the dangers and problems a turn describes, and drops the ones it does not: negated ("no leak"),
 * past or resolved ("we had a burst pipe last year"), hypothetical ("what do you charge if a pipe bursts?"),
 * asked about as a service ("do you handle gas leaks?"), or words in another sense ("this deal is fire").
 */
export interface Hit {
  rule: Rule;
  at: number;
  text: string;
}

export interface Suppressed {
  rule: Rule;
  why: 'negated' | 'past' | 'hypothetical' | 'service question' | 'other sense';
}

/** Rules compiled with the global flag, so every occurrence can be checked, not only the first. */
const compiled = new WeakMap<Rule, RegExp>();
function global(rule: Rule): RegExp {
  let regex = compiled.get(rule);
  if (!regex) {
    regex = new RegExp(rule.match.source, 'g');
    compiled.set(rule, regex);
  }
  return regex;
}

export function rulesFor(industry: string, extra: Rule[] = []): Rule[] {
  return [...new Set([...generalRules, ...(industryRules[industry] ?? []), ...sharedProblems, ...extra])];
}

/** A business's own phrases (admin API) as rules: the phrase itself is the evidence. */
export function phraseRules(phrases: { urgent?: string[]; high?: string[] } | undefined): Rule[] {
  const rule = (phrase: string, level: 'URGENT' | 'HIGH'): Rule => ({
    reason: phrase,
    level,
    match: new RegExp(`\\b${phrase.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}\\b`),
  });
  return [...(phrases?.urgent ?? []).map((p) => rule(p, 'URGENT')), ...(phrases?.high ?? []).map((p) => rule(p, 'HIGH'))];
}

const otherSensesGlobal = otherSenses.map((sense) => new RegExp(sense.source, 'g'));

function otherSenseRanges(folded: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const sense of otherSensesGlobal) {
    sense.lastIndex = 0;
    for (const m of folded.matchAll(sense)) ranges.push([m.index!, m.index! + m[0].length]);
  }
  return ranges;
}

export function findDangers(folded: string, rules: Rule[]): { hits: Hit[]; suppressed: Suppressed[] } {
  const hits: Hit[] = [];
  const suppressed: Suppressed[] = [];
  const sentenceSpans = sentences(folded);
  const clauseSpans = clauses(folded);
  const senses = otherSenseRanges(folded);
  for (const rule of rules) {
    if (rule.requires && !rule.requires.test(folded)) continue;
    const regex = global(rule);
    regex.lastIndex = 0;
    let firstWhy: Suppressed['why'] | undefined;
    for (let match = regex.exec(folded); match; match = regex.exec(folded)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const why = exceptionFor(rule, folded, match.index, match.index + match[0].length) ?? suppression(folded, match.index, match.index + match[0].length, spanAt(clauseSpans, match.index), spanAt(sentenceSpans, match.index), senses);
      if (!why) {
        hits.push({ rule, at: match.index, text: match[0] });
        firstWhy = undefined;
        break;
      }
      firstWhy ??= why;
    }
    if (firstWhy) suppressed.push({ rule, why: firstWhy });
  }
  return { hits, suppressed };
}

const negators =
  /\b(no|not|never|without|none|nothing|neither|nor|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|no sign of|no signs of|zero|sin|nada|ningun|ninguna|ni|tampoco)\b/;
/** Negators that are not about what follows: fillers and self-corrections ("oh no", "no wait"), "don't know". */
const notNegating = /\b(oh no|no wait|wait no|no no|no sorry|not sure|not only|not just|don'?t know|no se|no se si)\b/g;
const conjunction = /\b(and|but|so|because|then|y|pero|porque|entonces)\b/g;
const pastMarker =
  /\b(last (year|winter|summer|spring|fall|autumn|month|week|time|season)|(\d+|a|an|one|two|three|four|five|six|few|couple( of)?|several) (years?|months?|weeks?|decades?) ago|years ago|back in (\d{4}|the day)|in (19|20)\d\d|previously|used to|was fixed|got fixed|been fixed|were fixed|already (fixed|repaired|handled|replaced|taken care of)|(all )?cleaned up|since fixed|has been repaired|(came|come|and) (fixed|repaired) it|fixed it|el ano pasado|hace (un|una|dos|tres|\d+|unos|unas|varios|muchos) (anos?|meses|semanas)|ya (lo|la) (arreglaron|repararon))\b/;
const stillNow = /\b(still|again|now|right now|currently|keeps|keep|this morning|today|tonight|todavia|ahorita|ahora|otra vez|sigue)\b/;
const hypothetical =
  /\b(what if|in case|just in case|suppose|supposing|hypothetically|let'?s say|so (that )?it never|to prevent|prevent|avoid|what would|how much would|would it cost|en caso|por si|si (se|hay|tengo|tiene|el|la|mi|un|una|los|las))\b|\bif\b(?! (possible|you can|you could|someone can|anyone can|somebody can|you have|you'?re available|available|that'?s ok|thats ok))/;
/**
 * A negator between the two parts of a two-part danger ("breaker won't reset, nothing smells or sparks"),
 * unless it belongs to the danger's own wording ("not working", "no heat", "no hay").
 */
const innerNegator =
  /\b(no|not|nothing|never|none|zero|isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|ni|nada)\b(?! (working|heating|cooling|blowing|turning|coming|draining|flushing|starting|responding|heat|hot water|power|water|electricity|ac|air|a\/c|running water|tenemos|hay|tengo|funciona|sirve|calienta|enfria|prende|enciende|arranca|puede|puedo|stopping|stop|lock|close|get|breathe|breath|one|is coming|coming|comes|is working|works|have|has|had))/;
const uncertain = /\b(not sure|don'?t know|wondering|unsure|no se|no estoy seguro) (if|whether)\b/;

const unlessCache = new WeakMap<Rule, RegExp>();
function exceptionFor(rule: Rule, folded: string, start: number, end: number): Suppressed['why'] | undefined {
  if (!rule.unless) return undefined;
  let regex = unlessCache.get(rule);
  if (!regex) unlessCache.set(rule, (regex = new RegExp(rule.unless.source, 'g')));
  for (const m of folded.matchAll(regex)) if (m.index! < end && m.index! + m[0].length > start) return 'other sense';
  return undefined;
}

/** The last `n` words of `text`, after its last conjunction (negation and questions do not cross "and"). */
function lastWords(text: string, n: number): string {
  let cut = 0;
  for (const m of text.matchAll(conjunction)) cut = m.index! + m[0].length;
  return text.slice(cut).split(/\s+/).filter(Boolean).slice(-n).join(' ');
}

function suppression(folded: string, start: number, end: number, clause: Span | undefined, sentence: Span | undefined, senses: Array<[number, number]>): Suppressed['why'] | undefined {
  const clauseStart = clause?.start ?? 0;
  const sentenceStart = sentence?.start ?? 0;
  const sentenceText = sentence?.text ?? folded;

  if (senses.some(([a, b]) => a < end && b > start)) return 'other sense';

  // A negator in the few words before the evidence ("there's no leak", "I don't smell gas").
  const lead = lastWords(folded.slice(Math.max(clauseStart, start - 60), start), 5).replace(notNegating, ' ');
  if (negators.test(lead) || innerNegator.test(folded.slice(start, end).replace(notNegating, ' '))) return 'negated';

  // Past and over: a time-ago marker in the sentence with nothing saying it is happening now.
  // "Now" counts only in the evidence's own clause: "we smelled gas earlier, they fixed it, now want a tune-up".
  if (pastMarker.test(sentenceText) && !stillNow.test((clause?.text ?? sentenceText).replace(pastMarker, ''))) return 'past';

  // Hypothetical: a marker shortly before the evidence in its clause ("what do you charge if a pipe bursts").
  const before = folded.slice(Math.max(clauseStart, start - 80), start);
  if (hypothetical.test(lastWords(before, 10)) && !uncertain.test(before)) return 'hypothetical';
  // "do you handle gas leaks?": asking about a service, not reporting one.
  if (serviceQuestion.test(lastWords(folded.slice(Math.max(sentenceStart, start - 60), start), 7))) return 'service question';
  return undefined;
}
