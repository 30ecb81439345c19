import { businessInfo, chitChat, jobSeeker, spam, thanks, wrongNumber } from './signals.js';

export type Intent = 'emergency' | 'booking' | 'quote' | 'question' | 'follow_up' | 'complaint' | 'cancel' | 'other';

/**
 * Exactly one intent; when several apply the first of emergency > cancel > complaint > booking > quote >
 * follow_up > question > other wins (the label rules). Confidence says how direct the evidence was.
 */
const cancel = /\b(cancel|cancell?ing|cancell?ation|call off|calling off|cancelar|cancela|cancelen|cancelo|anular)\b|\b(won'?t|will not|don'?t|do not) need (the|my|our) (appointment|appt|visit|service|showing|consult(ation)?) (anymore|any more)\b/;
export const unsubscribe = /\b(unsubscribe|stop (texting|calling|emailing|sending)|remove me from|opt out|take me off)\b/;

const complaint = [
  /\b((nobody|no one|no-one|never) (showed|came|show|come)( up)?|overcharged|over charged|charged (me )?(twice|double)|double charged|rip ?off|ripped off|not happy|unhappy|disappointed|dissatisfied|terrible|horrible|awful|worst|rude|unprofessional|never showed|no[- ]show|didn'?t show( up)?|stood (me|us) up|made it worse|messed up|left a mess|complain|complaint|unacceptable|ridiculous|scam|queja|mal servicio|cobraron de mas|nunca llegaron|no vinieron)\b/,
  /\bstill (leaking|broken|not working|dripping|clogged|making (that|the) noise|doing it|happening)\b.*\b(after|since) (you|your|the tech|the repair|they)\b/,
  /\b(after|since) (you|your (guys|tech|team|plumber|electrician)|the tech|the repair)\b.*\b(still|again|worse|broke|leaking)\b/,
  /\b(invoice|bill|charged?|fee|statement)\b.*\b(when|but|although|though|supposed to|was told|told me|said|quoted|waived|instead of)\b/,
  /\b(was told|told me|you said|they said|supposed to)\b.*\b(invoice|bill|charged?|fee|waived|price)\b/,
  /\b(your|the) (guys|tech|techs|crew|team|plumber|electrician|installer)\b.*\b(blew off|fell off|broke|damaged|ruined|scratched|forgot|left)\b/,
  /\b(love|great|thanks for the) (surprises?|job|work)\b.*[🙃🙄😒😤]|[🙃🙄😒😤]/u,
  /\bplease fix (this|it|my bill|the invoice)\b/,
  /\byou (guys )?(replaced|fixed|installed|repaired|serviced|put in|worked on)\b[^.?!]{0,60}\b(again|still|now (it|the|there))\b/,
  /\breally\?\s*$/,
];

const visit =
  /\b(come (out|over|by|in|today|tomorrow|fix|look|take)|swing by|stop by|send (someone|somebody|a tech|a plumber|an electrician|out)|(someone|somebody|anyone|a tech|you) (to )?(come|be) (out|over|by|here|today|tomorrow)|(can|could|would) (you|someone|somebody|anyone|u|y'?all|you guys) (come|make it|get (out|here|someone))|(can|could) (you|someone|somebody|u|you guys) (fix|repair|look at|check|replace|unlock|rekey|make|install|get to|service|take a look|tow|pick (it|me) up|jump)\b[^.?!]{0,40}\b(today|tomorrow|tmrw|tonight|this (morning|afternoon|evening|week)|next week|sometime|soon|asap|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun)|(can|could) (you|u|someone|somebody) help (me |us )?(today|tomorrow|tonight|asap|now|right away)|(soonest|earliest|next) (available )?(appointment|appt|opening|slot|time)|(can|could) (someone|somebody) (come )?(inspect|look at|check|take a look|fix|repair|replace|clean|service)|(can|could|may) (i|we|she|he|they) (be seen|come in|get in|get an appointment|get seen|bring (it|him|her) in)|\bbe seen\b|any chance (of|for) (today|tomorrow|tonight|this)|want (someone|somebody) (out|here|to come|today|tomorrow|asap|tonight)|(looking for|need|want) (someone|somebody) to (come|fix|handle|look|clean|do|check|repair|replace|help)|(can|could) (someone|somebody|a lawyer|an attorney|a realtor) (call|contact|reach) (me|us)|need (it|him|her) looked at|(have|need|get) (someone|somebody) (to )?(come|out|look|here|today|tomorrow|asap|tonight|now)|come make|pueden venir|puede venir|que vengan|vengan|venir (hoy|manana))/;
const schedule =
  /\b((can|could|may|would|i'?d like to|i would like to|id like to|like to|want to|wanna|need to|trying to|looking to|please|let'?s|let me|hoping to)( i| we| you)? ((book|schedule|reschedule)( (me|us|in|an?|the|my|our|some))?( (appointment|appt|consult(ation)?|showing|visit|time|tour|cleaning|check[- ]?up|service call|inspection|plumber|electrician|tech|technician|someone|somebody))?|(set up|make|get) (me |us |in |an? |the |my |our |some )?(quick |free |short |brief |new |initial |first )?(appointment|appt|consult(ation)?|showing|visit|time|tour|cleaning|check[- ]?up|service call|inspection))|re-?schedule|(book|schedule) (me|us|an?|a time|someone|somebody|a plumber|a tech|an appointment)|(an|a new|another|the next available|next available) (appointment|appt)|set up a (consult(ation)?|meeting|time|call|appointment)|showing|tour (the|it)|see (the )?(house|home|property|place|unit|listing|apartment)|can (we|i) see \d+|(move|change|switch|push) (it|my|our|the)( \w+)?( (appointment|appt|booking|visit|cleaning|consultation|showing))?( from [^.?!]{0,30})? to|(do (you|u|ya|y'?all) have|any) (anything|availability|openings?|slots?|time)|(can|could) (you|u|y'?all) do (today|tomorrow|tonight|this|next|the \d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|\d)|earliest (available|appointment)|(want|need|like|get|schedule) (a|an) (tune[- ]?up|inspection|cleaning|check[- ]?up|service call|maintenance visit|appointment|consult(ation)?)|whenever you have time|when you have time|i'?m free|we'?re free|check[- ]?up|hacer una cita|una cita|agendar|programar una|quisiera una cita)\b/;
/** A bare day as the whole question asks for a visit: "… can't use either. today or tomorrow?" */
const scheduleAsDay = /(^|[.!]\s+)((any chance|maybe|possibly|how about|sometime)\s+)?(of\s+)?(today|tomorrow|tmrw|tonight)( or (today|tomorrow|tmrw))?\s*\?/;
const quote =
  /\b(how much|(the|your|a|what'?s the|what is the) (price|prices)( (of|for|range|to|on|list))?|prices? (for|of|on)|pricing|price range|quotes|what'?s (the|your) (price|rate|cost|charge)|what (do|does|would|will|did) (you|it|that|this|they|y'?all) (usually |typically |normally |generally |roughly )?(charge|cost|run)|what would it (cost|be|run)|what you charge|what (that|it|this) (runs|costs|would (run|cost))|charge extra|extra (charge|fee)|additional (fee|charge)|(do|does) (you|it|y'?all) charge|would it (cost|be)|cost to|costs? (for|of)|(your|hourly|flat|the|what'?s your|what are your) rates?|rates? for|hourly|quote|ballpark|estimate for|free estimate|(give|send|email|get) (me |us )?(an? )?(estimate|quote)|cuanto (cuesta|cobran|sale|seria|costaria)|cuanto es|precio|costo|cotizacion|presupuesto)\b/;
const quoteExcluded = /\b(the|your|that) (estimate|quote) (\w+ )?(sent|you sent|he sent|she sent|they sent|from)\b|\bquote (you|me) on\b/;
const followUp =
  /\b(follow(ing)? up|follow-up|checking (in|on|where|to see|back)|check on|status|any (update|news|word)|update on|heard (anything|back)|haven'?t heard|where things stand|calling back|call(ing)? you back|returning (your|a|the) call|about (my|our|the|your|\w+'s) (appointment|appt|estimate|quote|invoice|bill|case|job|order|service|visit|treatment|repair|install|installation|inspection|closing|offer|listing|claim|file|project)|(my|our) (appointment|appt|case|claim|file|closing|listing|order|project) (on|for|next|this|is)|before my (appt|appointment)|when (is|will|are|does) (the|my|our|your) [a-z ]{0,30}(coming|come|arrive|be here|start|be done|be ready|show up)|(is|was|are) (it|my|the|our) [a-z ]{0,20}(done|ready|scheduled|confirmed|received)|confirm(ing)? (my|the|our)|confirmation|we signed|i signed|under contract|(pay|paying) (the|my|our|this|that) (\$?\d+ )?(invoice|bill|balance)|\w+'s (appointment|appt)|(appointment|appt) is (on|at|for)|(our|my) (agent|realtor|attorney|lawyer|case manager|membership|account|subscription|package|plan|policy|warranty)|(inspection|appraisal) (report )?(came back|came in)|(seller|buyer|lender) (needs|wants|countered|accepted)|(do|did) (we|i) need to be (out|home|there)|on track|still on for|(is|are) (he|she|they|the \w+) still (coming|on)|still scheduled|seguimiento|mi cita|nuestra cita)\b/;
const questionCue = /\?|^(do|does|did|can|could|are|is|was|will|would|what|what'?s|how|where|when|why|who|which|any|have you)\b|\b(what'?s the|what is the|how (much|long|does|do|is|often)|should i|do you|does your|can you|are you|is it|is there|i was (just )?wondering|wondering|i have a question|question about|quick question|tienen|venden|hacen|pueden|se puede|cual|como|donde|cuando|que tal|debo|deberia|puedo|que hago|que debo|es necesario)\b/;

export function classifyIntent(folded: string, emergency: boolean, noRequest: boolean): { intent: Intent; confidence: number } {
  if (emergency) return { intent: 'emergency', confidence: 0.95 };
  if (cancel.test(folded) && !unsubscribe.test(folded)) return { intent: 'cancel', confidence: 0.9 };
  if (spam.test(folded) || jobSeeker.test(folded) || wrongNumber.test(folded) || unsubscribe.test(folded)) return { intent: 'other', confidence: 0.85 };
  if (complaint.some((c) => c.test(folded))) return { intent: 'complaint', confidence: 0.75 };
  if (visit.test(folded) || schedule.test(folded) || scheduleAsDay.test(folded)) return { intent: 'booking', confidence: visit.test(folded) ? 0.85 : 0.75 };
  if (quote.test(folded) && !quoteExcluded.test(folded)) return { intent: 'quote', confidence: 0.85 };
  if (followUp.test(folded)) return { intent: 'follow_up', confidence: 0.75 };
  if (questionCue.test(folded.trim()) || businessInfo.test(folded)) return { intent: 'question', confidence: 0.7 };
  if (noRequest || thanks.test(folded.trim()) || chitChat.test(folded)) return { intent: 'other', confidence: 0.7 };
  return { intent: 'other', confidence: 0.4 };
}
