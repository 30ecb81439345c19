import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ValidationFailed } from '../errors.js';
import type { QuestionKind } from '../businesses/schemas.js';

/**
 * Fields every lead understands even when the business asked no question for them. The agent's
 * record_lead_field tool and the scripted flows may record these or any question's field.
 */
export const standardFields: Readonly<Record<string, QuestionKind>> = {
  name: 'text',
  phone: 'phone',
  email: 'email',
  address: 'address',
  issue: 'text',
  notes: 'text',
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A phone number in E.164 (US when no country code is given), or undefined if it is not a valid number. */
export function toE164(raw: string, defaultCountry: 'US' = 'US'): string | undefined {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Checks and normalises an answer for its question kind. Throws ValidationFailed with a message the agent can
 * read back to the caller ("that does not look like a phone number").
 */
export function normaliseAnswer(field: string, kind: QuestionKind, raw: string, choices?: string[] | null): string {
  const value = raw.replace(controlChars, ' ').trim();
  if (value.length === 0) throw new ValidationFailed(`${field} is empty`);
  if (value.length > 1000) throw new ValidationFailed(`${field} is longer than 1000 characters`);
  switch (kind) {
    case 'phone': {
      const phone = toE164(value);
      if (!phone) throw new ValidationFailed(`${field} is not a valid phone number`);
      return phone;
    }
    case 'email': {
      const email = value.toLowerCase();
      if (!emailPattern.test(email)) throw new ValidationFailed(`${field} is not a valid email address`);
      return email;
    }
    case 'date':
      // The agent sends ISO dates; scripted flows keep what the customer said ("tomorrow morning").
      if (isoDate.test(value) && !isRealDate(value)) throw new ValidationFailed(`${field} is not a real date`);
      return value;
    case 'choice': {
      const match = choices?.find((choice) => choice.toLowerCase() === value.toLowerCase());
      if (!match) throw new ValidationFailed(`${field} must be one of: ${(choices ?? []).join(', ')}`);
      return match;
    }
    case 'address':
      return value.replace(/\s+/g, ' ');
    case 'text':
      // A chat visitor's description may have paragraphs; keep them, tidy the rest.
      return value.replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n');
  }
}

/** Date.parse('2026-02-31') is a valid date in V8 (it rolls over to March); the calendar must agree. */
function isRealDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && !Number.isNaN(Date.parse(value));
}
