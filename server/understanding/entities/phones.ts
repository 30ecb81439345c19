import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { readNumber } from '../numbers.js';
import type { FoundEntity, Source } from './entity.js';

/**
 * Phone numbers written ("201-555-0188", "(512) 555 0148") or said digit by digit ("five one two five five
 * five oh one four eight", "double five"), in E.164 with +1 assumed (libphonenumber-js).
 */
export function findPhones({ text, tokens }: Source): FoundEntity[] {
  const found: FoundEntity[] = [];
  for (let i = 0; i < tokens.length; ) {
    const number = readNumber(tokens, i);
    if (!number) {
      i++;
      continue;
    }
    const e164 = toPhone(number.digits);
    if (e164) {
      // A written "+1" belongs to the span.
      const plus = text.lastIndexOf('+', number.start);
      const start = plus >= 0 && number.start - plus <= 2 ? plus : number.start;
      found.push({ type: 'phone', value: e164, text: text.slice(start, number.end), start, end: number.end });
    }
    i = number.next;
  }
  return found;
}

/** Ten digits, or eleven starting with the country code 1; a longer run keeps its first ten. */
export function toPhone(digits: string): string | undefined {
  let national = digits;
  if (national.length === 11 && national.startsWith('1')) national = national.slice(1);
  else if (national.length > 10 && national.length <= 12 && !national.startsWith('1')) national = national.slice(0, 10);
  if (national.length !== 10) return undefined;
  const parsed = parsePhoneNumberFromString(national, 'US');
  return parsed?.isValid() ? parsed.number : undefined;
}
