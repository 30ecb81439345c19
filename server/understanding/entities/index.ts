import type { LocalTime } from '../local-time.js';
import { findAddresses } from './addresses.js';
import { findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import { findEmails } from './emails.js';
import type { FoundEntity, Source } from './entity.js';
import { findNames } from './names.js';
import { findPhones, toPhone } from './phones.js';
import { readNumber } from '../numbers.js';

export type { EntityType, FoundEntity } from './entity.js';

/** "no wait", "sorry", "I mean": what follows replaces what came before, for the same kind of entity. */
const correction = /\b(no wait|wait no|no no|oh no|sorry|i mean|i meant|actually|correction|scratch that|let me correct|rather|make that|perdon|digo|mejor dicho|no espera|quiero decir|me equivoque)\b/;

/**
 * Every entity in the turn. Extractors run from the most specific (an email contains a name-like word; a phone
 * is a long run of digits) to the least, and a later one never takes a span an earlier one found.
 */
export function extractEntities(source: Source, now: LocalTime): FoundEntity[] {
  const taken: FoundEntity[] = [];
  const take = (candidates: FoundEntity[]) => {
    for (const c of candidates) if (!taken.some((t) => c.start < t.end && c.end > t.start)) taken.push(c);
  };
  take(findEmails(source));
  take(findPhones(source));
  take(findAmounts(source));
  take(findDates(source, now));
  take(findAddresses(source));
  take(findNames(source));
  correctPhoneTails(taken, source);
  const corrected = applyCorrections(taken.sort((a, b) => a.start - b.start), source.folded);
  const seen = new Set<string>();
  return corrected.filter((e) => {
    const key = `${e.type}\u0000${e.value.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * "… oh two two one sorry oh two two four": a correction that repeats only the end of a number replaces
 * that end.
 */
function correctPhoneTails(entities: FoundEntity[], source: Source): void {
  for (const phone of entities.filter((e) => e.type === 'phone')) {
    const after = source.folded.slice(phone.end, phone.end + 80);
    const cue = correction.exec(after);
    if (!cue || cue.index > 4) continue;
    const start = phone.end + cue.index + cue[0].length;
    const index = source.tokens.findIndex((t) => t.start >= start);
    const tail = index >= 0 ? readNumber(source.tokens, index) : undefined;
    if (!tail || tail.digits.length >= 10 || tail.digits.length > 7 || tail.start - start > 4) continue;
    const digits = phone.value.slice(2);
    const fixed = toPhone(digits.slice(0, 10 - tail.digits.length) + tail.digits);
    if (fixed) {
      phone.value = fixed;
      phone.text = source.text.slice(phone.start, tail.end);
      phone.end = tail.end;
    }
  }
}

function applyCorrections(entities: FoundEntity[], folded: string): FoundEntity[] {
  const dropped = new Set<FoundEntity>();
  for (let i = 0; i < entities.length; i++) {
    for (let j = i + 1; j < entities.length; j++) {
      const a = entities[i]!;
      const b = entities[j]!;
      if (a.type !== b.type || a.type === 'date' || a.type === 'amount') continue;
      // The correction cue sits between the two, with nothing of the same kind in between.
      if (correction.test(folded.slice(a.end, b.start)) && b.start - a.end < 60) dropped.add(a);
    }
  }
  return entities.filter((e) => !dropped.has(e));
}
