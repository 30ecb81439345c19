import { readNumber } from '../numbers.js';
import type { FoundEntity, Source } from './entity.js';

// "$650", "$1,200", "$5k", "$600k", "$12.50", "USD 300"
const dollars = /(?:\$|\busd\s?)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(k|m|mil|grand)?\b/gi;
// "650 dollars", "300 bucks", "200 dolares"
const numberThenUnit = /\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(k|grand)?\s+(dollars?|bucks|dolares|dlls?|usd)\b/gi;
const moneyUnits = new Set(['dollars', 'dollar', 'bucks', 'dolares', 'grand', 'usd', 'pesos']);
/** Words that make a spoken number in the same sentence a sum of money ("the tech told me around four hundred"). */
const moneyContext = /\$|\b(invoice|bill|billed|charged?|charging|quoted?|estimate|price|cost|costs|paid|pay|fee|rate|budget|deposit|refund|dollars|bucks|precio|cuesta|cobraron|factura)\b/;
/** Nouns that make a number a count or a measure, not money. */
const notMoney = /^\s*(degrees?|grados|units?|shingles?|years?|yrs?|anos|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|miles?|feet|ft|foot|sq|square|percent|%|people|kids|times|pounds|lbs|gallons|inches|stories|floors|rooms|windows|doors|trees|am|pm|o'?clock)\b/;

/** Sums of money in dollars, as a number string: "$1,200" → "1200", "$5k" → "5000", "two hundred bucks" → "200". */
export function findAmounts({ text, folded, tokens }: Source): FoundEntity[] {
  const found: FoundEntity[] = [];
  const add = (start: number, end: number, value: number) => {
    if (!Number.isFinite(value) || value <= 0 || found.some((f) => start < f.end && end > f.start)) return;
    found.push({ type: 'amount', value: formatAmount(value), text: text.slice(start, end), start, end });
  };
  for (const regex of [dollars, numberThenUnit]) {
    for (const match of folded.matchAll(regex)) {
      const whole = Number(match[1]!.replace(/,/g, ''));
      const cents = match[2] ? Number(`0.${match[2]}`) : 0;
      const scale = match[3] === 'k' || match[3] === 'grand' || match[3] === 'mil' ? 1000 : match[3] === 'm' ? 1_000_000 : 1;
      add(match.index!, match.index! + match[0].length, (whole + cents) * scale);
    }
  }
  // Spoken sums: "two hundred bucks", "five grand", or a round number where the sentence talks money.
  for (let i = 0; i < tokens.length; ) {
    const number = readNumber(tokens, i);
    if (!number || number.numeric || number.value === undefined) {
      i = number ? number.next : i + 1;
      continue;
    }
    const unit = tokens[number.next]?.w;
    const after = folded.slice(number.end, number.end + 16);
    if (unit && moneyUnits.has(unit)) {
      add(number.start, tokens[number.next]!.end, number.value * (unit === 'grand' ? 1000 : 1));
    } else if (number.value >= 20 && /\b(hundred|thousand|mil|cien|ciento|cientos)\b/.test(folded.slice(number.start, number.end)) && !notMoney.test(after)) {
      const sentence = sentenceAround(folded, number.start);
      if (moneyContext.test(sentence)) add(number.start, number.end, number.value);
    }
    i = number.next;
  }
  return found;
}

function sentenceAround(folded: string, at: number): string {
  const before = folded.slice(0, at).search(/[.!?]\s[^.!?]*$/);
  const start = before === -1 ? 0 : before;
  const endMatch = /[.!?](\s|$)/.exec(folded.slice(at));
  return folded.slice(start, endMatch ? at + endMatch.index : folded.length);
}

function formatAmount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
