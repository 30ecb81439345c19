import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { PreparedText } from '../text/prepare.js';

export interface PhoneMention {
  start: number;
  end: number;
  value: string;
  digits: string;
}

const PHONE = /(?<![\d$.,])(?:\+?1[\s.-]{0,2})?\(?\d{3}\)?[\s.-]{0,2}\d{3}[\s.-]{0,2}\d{4}(?![\d%])/g;
// Spoken self-corrections: "... oh one four eight no wait oh one four nine".
const CORRECTION_TAIL = /^\s*,?\s*(?:no+,? wait|wait,? no|no no|sorry|i mean|i meant|correction|scratch that|or rather|perdon|digo|quiero decir|mejor dicho|no espere|no,? (?:it'?s|its|es))\b[\s,]*(?:it'?s |its |es |the last (?:four|4) (?:is|are) )?(\d[\d\s.-]{2,14}\d)(?![\d])/;

export function toE164(digits: string): string | undefined {
  const clean = digits.replace(/\D/g, '');
  const parsed = parsePhoneNumberFromString(clean.length === 11 && clean.startsWith('1') ? `+${clean}` : clean, 'US');
  if (parsed?.isPossible()) return parsed.number;
  return clean.length === 10 ? `+1${clean}` : undefined;
}

export function findPhones(p: PreparedText): PhoneMention[] {
  const out: PhoneMention[] = [];
  for (const m of p.text.matchAll(PHONE)) {
    let digits = m[0].replace(/\D/g, '');
    if (digits.length === 11 && !digits.startsWith('1')) continue;
    let end = m.index + m[0].length;
    const fix = CORRECTION_TAIL.exec(p.low.slice(end, end + 60));
    if (fix) {
      const newDigits = (fix[1] as string).replace(/\D/g, '');
      // A shorter correction replaces the tail ("...0148, sorry, 0149"); a full one replaces the number.
      if (newDigits.length >= 10) digits = newDigits.slice(-10);
      else if (newDigits.length >= 3) digits = digits.slice(0, digits.length - newDigits.length) + newDigits;
      end += fix[0].length;
    }
    const value = toE164(digits);
    if (value) out.push({ start: m.index, end, value, digits });
  }
  return out;
}
