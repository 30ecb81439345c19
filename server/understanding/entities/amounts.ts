import type { PreparedText } from '../text/prepare.js';

export interface AmountMention {
  start: number;
  end: number;
  value: string;
}

const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const DOLLAR = new RegExp(String.raw`\$\s?${NUM}(?:\s?(k|grand|thousand|mil)\b)?`, 'g');
const WORDED = new RegExp(String.raw`\b${NUM}\s?(k|grand|thousand|mil)?\s?(dollars?|bucks|usd|dolares|dlls?|pesos)\b`, 'g');
const THOUSANDS = new RegExp(String.raw`\b${NUM}\s?(k|grand)\b(?! ?(?:miles|mi\b|km|views|followers|sq|square|btu))`, 'g');
const STRONG_CUE = String.raw`paid|pay|paying|charged?|charging|quoted?|quoting|cost(?:s|ing)?|price[ds]?|budget(?:ed)?|estimated?|bill(?:ed)?|invoiced?|fee|spent|spend|owe|deposit|refund|cobraron|pague|cuesta|presupuesto|precio`;
const WEAK_CUE = String.raw`around|about|like|under|over|max|up to|only|roughly|approximately|approx|told me|said`;
const CUED = new RegExp(String.raw`\b(?:(${STRONG_CUE})|(${WEAK_CUE}))\b[\s"'“:]*(?:(?:was|is|of|me|us|for|at|it|be|around|about|like|only|just|the)\s+){0,3}[\s"'“]*\$?${NUM}\b(?!\s?(?:%|percent|degrees|°|miles|mi\b|units?|sq|square|feet|ft|years?|yrs?|am\b|pm\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|people|o'?clock|out\b|outside|inside|in the|times|k\b|grand|dollars?|bucks))`, 'g');
const MONEY_CONTEXT = /\$|\b(dollars?|bucks|invoice|bill|charged?|quoted?|price|cost|paid|pay|estimate|fee|dolares|cobr\w+|pag\w+)\b/;
const NOT_MONEY_AFTER = /^\s?(?:%|percent|degrees|°|miles|mi\b|units?|sq|square|feet|ft|years?|yrs?|am\b|pm\b|minutes?|hours?|days?|people)/;

function toValue(whole: string, cents: string | undefined, scale: string | undefined): string {
  let n = Number(whole.replace(/,/g, '')) + (cents ? Number(`0.${cents}`) : 0);
  if (scale) n *= 1000;
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

function isYear(whole: string): boolean {
  return /^(19|20)\d{2}$/.test(whole);
}

export function findAmounts(p: PreparedText): AmountMention[] {
  const low = p.low;
  const out: AmountMention[] = [];
  const overlaps = (s: number, e: number): boolean => out.some((o) => s < o.end && o.start < e);
  const push = (s: number, e: number, value: string): void => {
    if (!overlaps(s, e)) out.push({ start: s, end: e, value });
  };
  for (const m of low.matchAll(DOLLAR)) push(m.index, m.index + m[0].length, toValue(m[1] as string, m[2], m[3]));
  for (const m of low.matchAll(WORDED)) push(m.index, m.index + m[0].length, toValue(m[1] as string, m[2], m[3]));
  const moneyTalk = MONEY_CONTEXT.test(low);
  for (const m of low.matchAll(THOUSANDS)) {
    if (moneyTalk || /\b(budget|afford|save|spend|looking to)\b/.test(low)) push(m.index, m.index + m[0].length, toValue(m[1] as string, m[2], m[3]));
  }
  for (const m of low.matchAll(CUED)) {
    const whole = m[3] as string;
    const numStart = m.index + m[0].lastIndexOf(whole);
    if (overlaps(numStart, m.index + m[0].length)) continue;
    if (isYear(whole) || Number(whole.replace(/,/g, '')) < 10) continue;
    if (NOT_MONEY_AFTER.test(low.slice(m.index + m[0].length))) continue;
    if (!m[1] && !moneyTalk) continue;
    push(numStart, m.index + m[0].length, toValue(whole, m[4], undefined));
  }
  return out.sort((a, b) => a.start - b.start);
}
