import type { PreparedText } from '../text/prepare.js';

/** Why a matched danger phrase does not count for this turn. */
export type Modifier = 'negated' | 'past' | 'hypothetical' | 'resolved';

// Words that end the reach of a negation or a hypothetical: a new clause starts after them.
const CLAUSE_BREAK = /[,:;.!?]|\b(but|pero|though|although|however|and|y|so|because|porque|cause|while|then|now|ahora|plus|also|anyway|just|actually)\b/g;

// "won't", "can't" and "couldn't" are not negations of a danger: "won't stop leaking", "can't breathe".
const NEGATION_CUE = /\b(no|not|never|without|none|nothing|nor|isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|don'?t|didn'?t|hasn'?t|haven'?t|hadn'?t|ain'?t|nunca|sin|ni|tampoco|ningun|ninguna|ninguno)\b/g;
// "no" as an interjection ("no it's pouring", "no wait") negates nothing.
const INTERJECTION_AFTER_NO = /^\s*(it|it'?s|its|i|i'?m|we|we'?re|they|he|she|the|this|that|there|there'?s|wait|no|sorry|actually|but|way|ma'?am|sir|problem|worries|el|la|es|espere|perdon)\b/;
const NEGATION_EXCEPTION = /^\s*(stop|stopping|quit|let up|deja|dejan|para|paran|se detiene)\b/;
const MAX_NEGATION_GAP_WORDS = 5;

const PAST_CUE = /\b(last (year|winter|summer|spring|fall|autumn|month|season|time|owner|tenant|house)|([a-z0-9]+ )?(years?|months?|weeks?|winters?|summers?|springs?|falls?|seasons?) ago|a while (ago|back)|back in (\d{4}|the)|in the past|used to|previous(ly)?|prior owner|before we (bought|moved)|(was|were|got|been|had it|has been|have been) (fixed|repaired|replaced|resolved|taken care of|cleaned up|handled)|already (fixed|repaired|replaced|handled|taken care|cleaned|resolved)|(el|la) (ano|mes|invierno|verano|semana) pasad[oa]|hace (\d+ )?(anos|meses|mucho|tiempo|un ano)|ya (lo )?(arreglaron|repararon|se arreglo))\b/g;
// Words that pin a clause to now: "the pipe that burst last winter is leaking again".
const PRESENT_ANCHOR = /\b(now|right now|currently|again|still|today|tonight|this (morning|afternoon|evening)|at the moment|as we speak|is back|it'?s back|its back|came back|ahora|hoy|todavia|sigue|otra vez|de nuevo)\b/;

const HYPOTHETICAL_CUE = /\b(if|what if|in case|suppose|supposing|hypothetically|say (a|the|my)|should (a|the|my|our|your) [a-z]+ ever|would (you|it|that)|do (you|u|y'?all)( guys)? (handle|do|fix|repair|cover|deal with|offer|service|respond to|come out for|come out|take|install|have|work on|charge)|are (you|u)( guys)? (able|available) (to|for)|how much (do|would|does|is|to|for|will)|what (do|would|does) (you|it) (charge|cost|run)|what('?s| is) (the|your) (price|cost|rate|fee|charge)|en caso de|que pasa si|cuanto cobran)\b/g;

function lastMatchBefore(re: RegExp, s: string): RegExpMatchArray | undefined {
  let last: RegExpMatchArray | undefined;
  for (const m of s.matchAll(re)) last = m;
  return last;
}

function clauseStart(low: string, sentenceStart: number, pos: number): number {
  const window = low.slice(sentenceStart, pos);
  const m = lastMatchBefore(CLAUSE_BREAK, window);
  return m ? sentenceStart + (m.index as number) + m[0].length : sentenceStart;
}

export function isNegated(p: PreparedText, start: number, sentenceStart: number): boolean {
  const from = clauseStart(p.low, sentenceStart, start);
  const window = p.low.slice(from, start);
  for (const m of window.matchAll(NEGATION_CUE)) {
    const after = window.slice((m.index as number) + m[0].length);
    if (m[0] === 'no' && INTERJECTION_AFTER_NO.test(after)) continue;
    if (NEGATION_EXCEPTION.test(after)) continue;
    const gap = after.trim() === '' ? 0 : after.trim().split(/\s+/).length;
    if (gap <= MAX_NEGATION_GAP_WORDS) return true;
  }
  return false;
}

export function isPast(p: PreparedText, start: number, end: number, sentence: readonly [number, number]): boolean {
  const s = p.low.slice(sentence[0], sentence[1]);
  for (const m of s.matchAll(PAST_CUE)) {
    const cueStart = sentence[0] + (m.index as number);
    const cueEnd = cueStart + m[0].length;
    const between = cueEnd <= start ? p.low.slice(cueEnd, start) : p.low.slice(end, cueStart);
    if (!PRESENT_ANCHOR.test(between)) return true;
  }
  return false;
}

function isSpanishYes(p: PreparedText, cueStart: number): boolean {
  // Folding turned "sí" (yes) into "si" (if); the prepared text still has the accent.
  return p.text[cueStart + 1] === 'í' || p.text[cueStart + 1] === 'Í';
}

export function isHypothetical(p: PreparedText, start: number, sentence: readonly [number, number]): boolean {
  const window = p.low.slice(sentence[0], start);
  for (const m of window.matchAll(HYPOTHETICAL_CUE)) {
    const between = window.slice((m.index as number) + m[0].length);
    if (!PRESENT_ANCHOR.test(between) && !/\b(because|since|cause|but|pero|porque)\b/.test(between)) return true;
  }
  if (p.spanish) {
    for (const m of window.matchAll(/\bsi\b/g)) {
      if (!isSpanishYes(p, sentence[0] + (m.index as number))) return true;
    }
  }
  return false;
}

const RESOLVED_CUE = /\b(its (stopped|gone|fixed|done|over)|(turned|shut) (the )?(\w+ )?(valve|water|main|supply|breaker|gas) off|(turned|shut) off the (\w+ )?(valve|water|main|supply|breaker|gas)|no longer|not any ?more|anymore|any more|no more|(is|'s|has|have|are) (all )?(gone|stopped|fixed|resolved|over|done)|went away|cleared up|dried up|under control|(fine|ok|okay|good) now|all good|taken care of|false alarm|never ?mind|(it|that) (has )?stopped\b(?! (working|cooling|heating|running|draining|flushing|blowing))|ya no|ya (paro|se (detuvo|arreglo|quito|fue)|esta bien))\b/;
/** The caller takes back a danger said earlier: "actually it's not leaking anymore", "false alarm". */
export function deEscalates(p: PreparedText): boolean {
  return RESOLVED_CUE.test(p.low) || /\b(not|isn'?t|aren'?t|no)\b.{0,30}\b(anymore|any more)\b/.test(p.low);
}

const RESOLVED_REACH = /\b(but|pero|however)\b|[.!?]/;

export function isResolved(p: PreparedText, start: number, sentence: readonly [number, number]): boolean {
  const rest = p.low.slice(start, sentence[1]);
  const stop = rest.search(RESOLVED_REACH);
  const scope = stop > 0 ? rest.slice(0, stop) : rest;
  // "I shut the valve but it's still pouring": not resolved.
  if (RESOLVED_CUE.test(scope) && !/\b(still|keeps|won'?t stop|not stopping|sigue|no para)\b/.test(scope)) return true;
  // "no longer sparking": the cue sits just before the match.
  const before = p.low.slice(Math.max(sentence[0], start - 16), start);
  return /\b(no longer|ya no)\s*$/.test(before);
}

/** The first reason, if any, that this danger phrase is not happening now. */
export function modifierAt(
  p: PreparedText,
  start: number,
  end: number,
  sentence: readonly [number, number],
): Modifier | undefined {
  if (isNegated(p, start, sentence[0])) return 'negated';
  if (isHypothetical(p, start, sentence)) return 'hypothetical';
  if (isPast(p, start, end, sentence)) return 'past';
  if (isResolved(p, start, sentence)) return 'resolved';
  return undefined;
}
