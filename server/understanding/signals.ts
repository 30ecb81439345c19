import { readNumber, tokenize } from './numbers.js';

/**
 * What raises or lowers a priority besides the problem itself: who is at risk, the weather, time pressure,
 * "no rush", and the signs of a turn that needs nothing soon (just curious, next year, a sales pitch).
 */
export const vulnerable =
  /\b(infants|twins|newborns|just had (heart |open heart |major )?surgery|recovering from surgery|post[- ]op|heart patient|feeling faint|fainting|dizzy|heat stroke|heat exhaustion|(tiene|de) (7\d|8\d|9\d|setenta|ochenta|noventa)( y \w+)? anos|(mother|mom|father|dad|grandmother|grandma|grandfather|grandpa|husband|wife|neighbor|aunt|uncle|she|he) (is|turned) (in (her|his) )?(7\d|8\d|9\d|seventy|eighty|ninety|seventies|eighties|nineties)|new ?born|baby|babies|infant|toddler|preemie|(\d|one|two|three|four|five|six|seven|eight|nine) months? pregnant|pregnant|elderly|senior citizen|(?:7|8|9)\d[ -]?(?:years?|yrs?)[ -]?old|(?:seventy|eighty|ninety)[ -]?\w*[ -]?(?:years?|yrs?)[ -]?old|(?:she|he)'?s (?:seventy|eighty|ninety|7\d|8\d|9\d)\b|(?:my|our) (?:grandma|grandpa|grandmother|grandfather|elderly)|oxygen|on o2|disabled|wheelchair|bedridden|bed ridden|dialysis|hospice|chemo|heart condition|medical condition|asthma|copd|bebe|recien nacido|recien nacida|embarazada|anciano|anciana|mi abuela|mi abuelo|discapacitado)\b/;

const coldWords = /\b(freezing|frigid|below zero|below freezing|single digits|sub ?zero|snow|snowing|ice storm|polar vortex|blizzard|bajo cero|helando|congelando|mucho frio|hace frio)\b/;
const hotWords = /\b(heat wave|heatwave|triple digits|scorching|sweltering|heat advisory|ola de calor|mucho calor)\b/;
const inside = /^\s*(?:degrees?|deg|°f?|grados)?\s*(?:f\b)?\s*(?:in here|inside|in the house|in the apartment|in the home|indoors|adentro|en la casa|dentro)/;
const outside = /^\s*(?:degrees?|deg|°f?|grados)?\s*(?:f\b)?\s*(?:outside|out|out there|tonight|afuera|fuera|today)\b/;
const degrees = /^\s*(?:degrees?|deg|°|grados)/;
const temperatureLead = /(?:it'?s|its|is|like|about|around|only|barely|still|now|down to|get to|drop to|hace|esta a|estamos a|a)\s*$/;

export interface Weather {
  cold: boolean;
  hot: boolean;
  /** For the reason shown to the owner: "45°F inside". */
  detail?: string;
}

/** Temperatures the caller mentions ("it's 45 in here", "nine degrees out", "sesenta y cinco grados"). */
export function weather(folded: string): Weather {
  let cold = coldWords.test(folded);
  let hot = hotWords.test(folded);
  let detail: string | undefined;
  const tokens = tokenize(folded);
  for (let i = 0; i < tokens.length; ) {
    const number = readNumber(tokens, i);
    if (!number || number.value === undefined || number.value > 130) {
      i = number ? number.next : i + 1;
      continue;
    }
    let after = folded.slice(number.end, number.end + 30);
    // "11 below outside", "five below zero"
    const below = /^\s*below( zero)?/.exec(after);
    if (below) after = after.slice(below[0].length);
    const before = folded.slice(Math.max(0, number.start - 14), number.start);
    const isTemperature = Boolean(below) || degrees.test(after) || ((inside.test(after) || outside.test(after)) && temperatureLead.test(before));
    if (isTemperature) {
      const negative = Boolean(below) || /(minus|negative|-)\s*$/.test(folded.slice(Math.max(0, number.start - 9), number.start));
      const t = negative ? -number.value : number.value;
      const where = inside.test(after) ? 'inside' : outside.test(after) ? 'outside' : 'unknown';
      if ((where === 'inside' && t <= 55) || (where === 'outside' && t <= 32) || (where === 'unknown' && t <= 40)) cold = true;
      if ((where === 'inside' && t >= 88) || (where !== 'inside' && t >= 95)) hot = true;
      detail ??= `${t}°F${where === 'unknown' ? '' : ` ${where}`}`;
    }
    i = number.next;
  }
  return { cold, hot, ...(detail ? { detail } : {}) };
}

export const timePressure =
  /\b(how soon|soonest|earliest|quickly|can'?t wait|today|tonight|tonite|asap|a\.s\.a\.p|right away|right now|immediately|as soon as (possible|you can)|first thing|tomorrow|tmrw|tmr|urgent|urgently|emergency|same day|hoy|esta noche|manana|urgente|lo antes posible|cuanto antes|ya mismo|lo mas pronto)\b/;
export const notUrgent =
  /\b(not urgent|non-? ?urgent|not an emergency|no emergency|not (that|super|too) urgent|no rush|no hurry|whenever|when(ever)? you (have|get) (a |the )?(time|chance)|not in a hurry|at your convenience|nada grave|no es urgente|no es una emergencia|sin prisa|no hay prisa|cuando puedan|not a big deal|drives fine|runs fine|still drives|still drivable|heats fine|cools fine)\b/;
/** A generic problem: with time pressure it makes a turn HIGH ("the fob died, I need it tomorrow"). */
export const problem =
  /\b(broken|broke|not working|isn'?t working|won'?t (start|work|turn|open|close|lock|drain|flush|stop)|doesn'?t work|stopped working|leak|leaks|leaking|backed up|backing up|clogged|(is|are|went|been|'s) out|dead|died|damaged|cracked|snapped|lost|losing|hurts|hurting|pain|sensitive|tripping|noise|squeal|smell|smells|odor|stink|stinks|slipping|shaking|vibrating|overheating|stalling|stalls|bump|lump|redness|swelling|swollen|bruising|drooping|droopy|uneven|rash|leaked|warped|soaked|soaking|wet|water damage|mold|droppings|infestation|infested|chewed|roaches|cockroaches|mice|rats|bed ?bugs|termites|wasps? nest|hornets? nest|squealing|grinding|stuck|jammed|flat|nail|dripping|overflowing|dangling|shutting off|shuts off|blank|no calienta|no funciona|no sirve|roto|rota|descompuesto|fuga|dolor|ruido|se rompio|se descompuso|due|deadline|summons|served|low appraisal|came in .* low)\b/;

export const lowNeed =
  /\b(just curious|just wondering|just researching|researching|just looking|just thinking|thinking about it|someday|some day|one day|next year|next (spring|summer|fall|autumn|winter)|in a (couple|few) (of )?(years|months)|couple (of )?years|maybe next year|down the road|school project|for a project|homework|just trying to understand|out of curiosity|what (happens|would happen) if|should (i|we) (be )?worr(y|ied)|shopping around|just browsing|maybe in the (fall|spring|summer|winter)|asking for a friend|just asking|hypothetically|not yet|don'?t have (one|it|any) yet|para mas adelante|mas adelante|el proximo ano|el ano que viene|solo (preguntaba|pregunto|curiosidad)|por curiosidad|nothing specific|no (bugs|problem|issues) right now)\b/;
/** General information about the business rather than a job of one's own. */
export const businessInfo =
  /\b(are you (licensed|insured|bonded|certified|open|hiring)|licensed and insured|what are your hours|your hours|open (on )?(sundays?|saturdays?|weekends|holidays|evenings)|do you (service|serve|cover|come to|go to)|service area|what areas|any (specials|deals|discounts|promotions|coupons)|specials going on|what brands|which brands|do you (carry|install|use|sell) [a-z ]{0,20}brands?|do you offer financing|financing available|free (inspections?|estimates?|quotes?)|do you (accept|take) ([a-z]+ )?(insurance|dental|medicaid|medicare|credit cards?|checks|cash|financing)|how long have you been|where are you located|estan (abiertos|licenciados)|tienen (ofertas|descuentos))\b/;
/** Sales pitches, job seekers, wrong numbers, thanks: nothing to do for the business. */
/** Questions about the trade in general ("how long does a roof take?", "is it safe to …?"). */
export const generalQuestion =
  /^(\W*(hi|hello|hey|quick question)\W+)?(how long (does|do|is|will|would)|is it (safe|normal|ok|okay|bad|worth)|what'?s the difference|what is the difference|do (you|y'?all|you guys|ya) (service|do|work on|carry|sell|install|use|handle|repair|fix|offer|make)|what (brands|kind|kinds|type|types)|can you explain|how often should|should (i|we)|if (my|our|i|we|the)\b)/;
/** Signs of a need of one's own, which keep a general question NORMAL. */
export const concreteNeed =
  /\b(how much|cost|costs|run|price|rate|quote|estimate|booking|book|appointment|schedule|email me|call me|text me|reach me|my number|my email|i'?m looking for|looking for (a|an|one)|i need|we need|i want|we want|i'?d like|we'?d like|can i|could i|for my|i have an?|we have an?|my \w+ (is|has|was|keeps)|our \w+ (is|has|was|keeps)|i already)\b|@|\s[-–—]\s*[A-Za-z]+\s*$/;

export const spam =
  /\b(promo|promotion|we('ve| have)? got a (deal|promo|special)|i'?m with [a-z]+ (supply|marketing|media|solutions|capital|funding)|seo|search engine|google (listing|ranking|business profile)|marketing (services|agency)|business (loan|funding|line of credit)|merchant services|extended warranty|this message is for the owner|we help (contractors|businesses|companies|plumbers|local businesses)|more (leads|customers|reviews|calls)|leads online|from [a-z]+ (marketing|media|digital|seo|advertising)|(offering|we offer|i offer) [a-z ]{0,40}(packages|services|solutions)|would love to (work|partner) with|sales rep|sales representative|rep for|drop off (some )?samples|partner(ship)? with (you|your)|calling on behalf of [a-z]+ (supply|marketing|media))\b/;
export const jobSeeker = /\b(are you hiring|you hiring|looking for (work|a job|employment)|job opening|any openings for|apply for|send (my|a) (resume|cv)|my resume|estan contratando|busco trabajo)\b/;
export const wrongNumber = /\b(wrong number|sorry,? wrong|numero equivocado|equivocado de numero)\b/;
export const thanks = /^(\W*((ok|okay|alright|great|cool|perfect|awesome)\W+)?(thank you|thanks|thx|ty|great job|awesome|amazing|appreciate|you guys (rock|are (the best|great|awesome))|gracias|muchas gracias|excelente)\b.*)$|\b(love (your|the) (work|service|page|pics|posts|instagram)|best [a-z]+ (company |service )?in town|(thanks|thank you) (so much |again |a lot )?for (setting|helping|coming|the|your|all|everything|getting|fixing)|(killer|great|amazing|awesome|fantastic) (service|job|work)|five stars|5 stars)\b/;
export const chitChat = /\b(instagram|facebook|tiktok|your (pic|photo|post|video)|lol|haha)\b/;

/** The customer says the danger is over ("actually it's not leaking anymore", "false alarm"). */
export const resolved =
  /\b(it'?s stopped|has stopped|stopped now|not \w+ing anymore|isn'?t \w+ing anymore|stopped (leaking|sparking|smoking|dripping|bleeding|hissing|flooding|burning|buzzing|pouring|smelling)|no longer (leaking|sparking|smoking|dripping|bleeding|hissing|flooding|burning|smelling)|it stopped|it'?s (fine|ok|okay) now|all good now|false alarm|never ?mind|nvm|got it under control|under control now|shut (it|the water|the gas|the breaker) off and it stopped|ya no (sale|gotea|huele)|ya paro|ya esta bien|falsa alarma)\b/;

export function isNight(hour: number): boolean {
  return hour >= 22 || hour < 6;
}
