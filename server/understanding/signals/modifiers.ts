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
// After "not"/"doesn't" inside a danger phrase, these words make it a failure ("not heating"), not a denial.
const FAILURE_AFTER_NOT = /^\s*(be able to |even )?(work|working|works|heat|heating|cool|cooling|turn|turning|lock|locking|latch|latching|close|closing|shut|shutting|secure|drain|draining|flush|flushing|start|starting|stop|stopping|respond|responding|answer|answering|breathe|breathing|blow|blowing|keep|keeping|come|coming|kick|kicking|ignite|igniting|light|lighting|reset|resetting|run|running|spin|spinning|open|opening|go|going|get|getting|move|moving|hold|holding|budge|budging|calienta|funciona|prende|enfria|sirve|cierra|para|baja|drena)\b/;

const PAST_CUE = /\b(last (year|winter|summer|spring|fall|autumn|month|season|time|owner|tenant|house|week|weekend)('?s)?|back in (january|february|march|april|may|june|july|august|september|october|november|december)|in (19|20)\d{2}|([a-z0-9]+ )?(years?|months?|weeks?|winters?|summers?|springs?|falls?|seasons?) ago|a while (ago|back)|back in (\d{4}|the)|in the past|used to|previous(ly)?|prior owner|before we (bought|moved)|(was|were|got|been|had it|has been|have been) (fixed|repaired|replaced|resolved|taken care of|cleaned up|handled)|(came|come|came out) and (fixed|repaired) it|(they|he|she|someone|somebody) (fixed|repaired) it|already (fixed|repaired|replaced|handled|taken care|cleaned|resolved)|(el|la) (ano|mes|invierno|verano|semana) pasad[oa]|hace (\d+ |unos |varios |muchos )?(anos|meses|semanas)|hace mucho tiempo|hace un ano|ya (lo )?(arreglaron|repararon|se arreglo))\b/g;
// Words that pin a clause to now: "the pipe that burst last winter is leaking again".
const PRESENT_ANCHOR = /\b(now|right now|currently|again|still|today|tonight|this (morning|afternoon|evening)|at the moment|as we speak|is back|it'?s back|its back|came back|ahora|hoy|todavia|sigue|otra vez|de nuevo)\b/;

// Someone else's place: "a pipe burst at my neighbor's" is not this caller's emergency.
const OTHER_PARTY = /\b(neighbou?rs?'?s?|next door|friend'?s|coworker'?s|co-worker'?s)\b/g;
const HYPOTHETICAL_CUE = /\b(could (there|it|this|that) be|might (be|have)|before (it|they|that) (starts?|begins?|gets?)|(neighbor|neighbour|friend|coworker|co-worker)'?s|worried (that|about|it)|afraid (that|of|it)|if|what if|in case|suppose|supposing|hypothetically|say (a|the|my)|should (a|the|my|our|your) [a-z]+ ever|would (you|it|that)|do (you|u|y'?all)( guys)? (handle|do|fix|repair|cover|deal with|offer|service|respond to|come out for|come out|take|install|have|work on|charge)|are (you|u)( guys)? (able|available) (to|for)|how much (do|would|does|is|to|for|will)|what (do|would|does) (you|it) (charge|cost|run)|what('?s| is) (the|your) (price|cost|rate|fee|charge)|en caso de|que pasa si|cuanto cobran)\b/g;

interface Span {
  start: number;
  end: number;
}

/** Cue positions of one sentence, found once and shared by every danger phrase in it. */
interface SentenceCues {
  breaks: number[];
  negations: Span[];
  past: Span[];
  hypothetical: Span[];
  anchors: Span[];
  reasons: Span[];
  otherParty: Span[];
}

function spans(re: RegExp, s: string, offset: number): Span[] {
  const out: Span[] = [];
  for (const m of s.matchAll(re)) out.push({ start: offset + m.index, end: offset + m.index + m[0].length });
  return out;
}

const PRESENT_ANCHOR_G = new RegExp(PRESENT_ANCHOR.source, 'g');
const REASON_BREAK_G = /\b(because|since|cause|but|pero|porque)\b/g;

function isSpanishYes(p: PreparedText, cueStart: number): boolean {
  // Folding turned "sí" (yes) into "si" (if); the prepared text still has the accent.
  return p.text[cueStart + 1] === 'í' || p.text[cueStart + 1] === 'Í';
}

function sentenceCues(p: PreparedText, sentence: readonly [number, number]): SentenceCues {
  const [from, to] = sentence;
  const s = p.low.slice(from, to);
  const negations: Span[] = [];
  for (const m of s.matchAll(NEGATION_CUE)) {
    const after = s.slice(m.index + m[0].length, m.index + m[0].length + 24);
    if (m[0] === 'no' && INTERJECTION_AFTER_NO.test(after)) continue;
    if (NEGATION_EXCEPTION.test(after)) continue;
    negations.push({ start: from + m.index, end: from + m.index + m[0].length });
  }
  const hypothetical = spans(HYPOTHETICAL_CUE, s, from);
  if (p.spanish) {
    for (const m of s.matchAll(/\bsi\b/g)) {
      if (!isSpanishYes(p, from + m.index)) hypothetical.push({ start: from + m.index, end: from + m.index + 2 });
    }
  }
  return {
    breaks: spans(CLAUSE_BREAK, s, from).map((b) => b.end),
    negations,
    past: spans(PAST_CUE, s, from),
    hypothetical,
    anchors: spans(PRESENT_ANCHOR_G, s, from),
    reasons: spans(REASON_BREAK_G, s, from),
    otherParty: spans(OTHER_PARTY, s, from),
  };
}

function anyWithin(xs: Span[], from: number, to: number): boolean {
  for (const x of xs) if (x.start >= from && x.end <= to) return true;
  return false;
}

function wordsBetween(low: string, from: number, to: number): number {
  const t = low.slice(from, to).trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

/** Finds why danger phrases do not count now; cues are gathered once per sentence. */
export class ModifierIndex {
  private readonly cues = new Map<number, SentenceCues>();

  constructor(private readonly p: PreparedText) {}

  private sentence(i: number): SentenceCues {
    let c = this.cues.get(i);
    if (!c) {
      c = sentenceCues(this.p, this.p.sentences[i] as readonly [number, number]);
      this.cues.set(i, c);
    }
    return c;
  }

  modifierAt(start: number, end: number, sentenceIndex: number): Modifier | undefined {
    const c = this.sentence(sentenceIndex);
    const sentence = this.p.sentences[sentenceIndex] as readonly [number, number];
    const low = this.p.low;
    let clauseStart = sentence[0];
    for (const b of c.breaks) if (b <= start && b > clauseStart) clauseStart = b;
    for (const n of c.negations) {
      if (n.start >= clauseStart && n.end <= start && wordsBetween(low, n.end, start) <= MAX_NEGATION_GAP_WORDS) return 'negated';
      // Phrases that span a few words ("roof ... leaking") are negated from inside: "roof isn't leaking",
      // but a failure said with a negation ("is not heating", "will not lock") is the danger itself.
      // Only when the negation sits on the phrase's last words: "doesn't have his epipen" still counts.
      if (n.start > start && n.end < end && wordsBetween(low, n.end, end) <= 2 && !/[,.;!?]/.test(low.slice(start, n.start)) && !FAILURE_AFTER_NOT.test(low.slice(n.end, end))) {
        return 'negated';
      }
    }
    let clauseEnd = sentence[1];
    for (const b of c.breaks) if (b > end && b < clauseEnd) clauseEnd = b;
    for (const o of c.otherParty) if (o.start >= clauseStart && o.end <= clauseEnd) return 'hypothetical';
    for (const h of c.hypothetical) {
      if (h.end <= start && !anyWithin(c.anchors, h.end, start) && !anyWithin(c.reasons, h.end, start)) return 'hypothetical';
    }
    for (const q of c.past) {
      // A past cue inside the phrase ("heater you fixed last week stopped working again") is pinned to now
      // by an anchor anywhere after it in the clause.
      const inside = q.start >= start && q.end <= end;
      const [a, b] = inside ? [q.end, clauseEnd] : q.end <= start ? [q.end, start] : [end, q.start];
      if (!anyWithin(c.anchors, a, b)) return 'past';
    }
    if (isResolved(this.p, start, sentence)) return 'resolved';
    return undefined;
  }
}

const RESOLVED_CUE = /\b(put (it|the fire|the flames) out|(fire|flames?) (is |are |was |were )?(out|extinguished)\b|extinguished|its (stopped|gone|fixed|done|over)|(turned|shut) (the )?(\w+ )?(valve|water|main|supply|breaker|gas) off|(turned|shut) off the (\w+ )?(valve|water|main|supply|breaker|gas)|no longer|not any ?more|anymore|any more|no more|(is|'s|has|have|are) (all )?(gone|stopped|fixed|resolved|done)\b|(it'?s|its|is) over\b(?! (the|a|my|our|\w+ing))|went away|cleared up|dried up|dried out|(it'?s|its|is|are|everything'?s|everything is) (all )?(dry|dried( out| up)?|cleaned up|repaired|patched( up)?|sorted( out)?|back to normal)|all (dry|dried|cleaned up|fixed|repaired|patched( up)?) now|already (cleaned|dried|fixed|repaired|patched|pumped|mopped|handled)|under control|(fine|ok|okay|good) now|all good|taken care of|false alarm|never ?mind|(it|that) (has )?stopped\b(?! (working|cooling|heating|running|draining|flushing|blowing))|ya no|ya (paro|se (detuvo|arreglo|quito|fue)|esta bien))\b/;

/** The caller takes back a danger said earlier: "actually it's not leaking anymore", "false alarm". */
export function deEscalates(p: PreparedText): boolean {
  return RESOLVED_CUE.test(p.low) || /\b(not|isn'?t|aren'?t|no)\b.{0,30}\b(anymore|any more)\b/.test(p.low);
}

const RESOLVED_REACH = /\b(but|pero|however)\b|[.!?]/;

// Said of the whole situation, these reach past "but": "the alarm went off but the fire dept said it's fine now".
const SITUATION_RESOLVED = /\b((let|got) (me|us) (back )?in|fine now|ok now|okay now|all good( now)?|false alarm|under control|levels (are|were) (fine|normal|ok|okay|good)|(said|says|told (us|me)) (that )?(it'?s |its |it was |all |everything'?s |everything is |we'?re )?(fine|safe|ok|okay|good|all good|normal|clear))\b/;

export function isResolved(p: PreparedText, start: number, sentence: readonly [number, number]): boolean {
  const rest = p.low.slice(start, sentence[1]);
  if (SITUATION_RESOLVED.test(rest)) return true;
  const stop = rest.search(RESOLVED_REACH);
  const scope = stop > 0 ? rest.slice(0, stop) : rest;
  // "I shut the valve but it's still pouring": not resolved.
  // The "still" may come after the "but": "I turned off the valve but it's still coming".
  if (RESOLVED_CUE.test(scope) && !/\b(still(?! (want|need|like|would|have|going|planning|hoping|wanna))|keeps|won'?t stop|not stopping|sigue|no para)\b/.test(rest)) return true;
  // "no longer sparking": the cue sits just before the match.
  const before = p.low.slice(Math.max(sentence[0], start - 16), start);
  return /\b(no longer|ya no)\s*$/.test(before);
}
