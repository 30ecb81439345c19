import type { FoundEntity, Source } from './entity.js';
import { firstNames } from './first-names.js';

const titles = /^(dr|mr|mrs|ms|miss|sr|sra|srta|don|dona|doctor|doctora|attorney|lic)$/;
/** Words that end a name: a cue is often followed by ordinary words ("this is urgent", "I'm calling"). */
const notName = new Set(
  `a an the and or but so with from at here there again back just calling call wondering looking trying having not no yes
  really still also going gonna about in on for new very pretty sure good fine okay ok glad happy urgent important emergency
  your my our his her their this that it its is was be been being am are were i you he she we they me us them to of by as
  calling speaking sorry hoping hi hey hello please thanks thank mom dad wife husband son daughter tenant owner landlord
  llamando hablando de del la el los las un una muy tu su mi y o que con por para en es soy hola buenos buenas gracias
  interested reaching following checking returning wanting needing scheduled booked having getting i'm i'll i've i'd im`.split(/\s+/),
);
const particles = new Set(['de', 'del', 'la', 'los', 'van', 'von', 'da', 'di', 'le', 'st']);
/** Capitalised words that follow a first name in places and companies, never in a person's name. */
const notSurname = new Set(
  `county city town street st avenue ave road rd park lake river creek hill hills valley heights springs beach bay center centre mall
  plaza school university college hospital clinic church bank insurance apartments apartment homes plumbing electric electrical hvac
  roofing dental law realty supply company co inc llc group services service station airport road highway boulevard`.split(/\s+/),
);
/** Cues before a name, and whether the name must look like one (capitalised or a known first name). */
const cues: Array<[RegExp, 'loose' | 'strict']> = [
  [/\b(?:my name is|my name's|name is|name's|names|me llamo|mi nombre es|my full name is)\s+$/, 'loose'],
  [/\b(?:this is|it's|its|i'm|im|i am|soy|habla|le habla|here is|speaking with|ask for|talked to|talk to|spoke to|spoke with|case is for|for client|on behalf of|de parte de)\s+$/, 'strict'],
];
/** After a bare first name, these make it a person acting ("Chris sent over the estimate"). */
const actsAfter = /^\s+(sent|said|told|came|quoted|gave|did|was|is|called|mentioned|emailed|texted|came out|from your|at your)\b/;
const actsBefore = /\b(tech|technician|agent|realtor|hygienist|nurse|attorney|lawyer|ask for|asked for|talk to|talked to|speak to|spoke to|spoke with|speak with|thanks|thank you|hi|hey|hello)\s+$/;

/** Person names, proper-cased, titles kept ("Dr. Nguyen"). Business names are not names. */
export function findNames({ text, folded }: Source): FoundEntity[] {
  const found: FoundEntity[] = [];
  const words = [...text.matchAll(/[\p{L}][\p{L}'’.-]*/gu)].map((m) => ({ raw: m[0].replace(/[.’']+$/, ''), start: m.index!, end: m.index! + m[0].replace(/[.’']+$/, '').length }));
  const isCap = (w: string) => /^\p{Lu}/u.test(w);
  const lower = (w: string) => w.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const add = (from: number, to: number) => {
    const first = words[from]!;
    const last = words[to - 1]!;
    if (found.some((f) => first.start < f.end && last.end > f.start)) return;
    const parts = words.slice(from, to).map((w) => w.raw);
    const value = parts.map((p, k) => (particles.has(lower(p)) && k > 0 ? lower(p) : properCase(p))).join(' ').replace(/^(Dr|Mr|Mrs|Ms|Sr|Sra|Srta)\b(?!\.)/, '$1.');
    found.push({ type: 'name', value, text: text.slice(first.start, last.end), start: first.start, end: last.end });
  };

  for (let i = 0; i < words.length; i++) {
    const before = folded.slice(Math.max(0, words[i]!.start - 30), words[i]!.start);
    const cue = cues.find(([regex]) => regex.test(before));
    const w = words[i]!;
    if (cue) {
      const loose = cue[1] === 'loose';
      const lw = lower(w.raw);
      if (notName.has(lw) || !/^\p{L}/u.test(w.raw)) continue;
      const looksLikeName = isCap(w.raw) && (firstNames.has(lw) || (words[i + 1] && isCap(words[i + 1]!.raw) && sameRun(text, w, words[i + 1]!)));
      if (!loose && !looksLikeName && !firstNames.has(lw)) continue;
      let j = i + 1;
      while (j < words.length && j - i < 3 && sameRun(text, words[j - 1]!, words[j]!)) {
        const next = words[j]!;
        const ln = lower(next.raw);
        if (notName.has(ln) && !particles.has(ln)) break;
        if (particles.has(ln) && !(words[j + 1] && isCap(words[j + 1]!.raw))) break;
        // In a capitalised name, a lower-case word is not part of it ("Brooke Adams calling").
        if (isCap(w.raw) && !isCap(next.raw) && !particles.has(ln)) break;
        j++;
      }
      add(i, j);
      i = j - 1;
      continue;
    }
    // A title and a surname: "Dr. Nguyen", "Sra. López".
    if (titles.test(lower(w.raw)) && words[i + 1] && isCap(words[i + 1]!.raw) && /^\.?[ \t]+$/.test(text.slice(w.end, words[i + 1]!.start))) {
      add(i, i + 2);
      i++;
      continue;
    }
    if (!isCap(w.raw) || !firstNames.has(lower(w.raw))) continue;
    // A known first name and a capitalised surname: "Ben Harlow", "Julio Santos".
    const next = words[i + 1];
    if (next && isCap(next.raw) && sameRun(text, w, next) && !notName.has(lower(next.raw)) && !notSurname.has(lower(next.raw)) && !firstNames.has(lower(next.raw)) || (next && isCap(next.raw) && sameRun(text, w, next) && firstNames.has(lower(next.raw)) && /[–—-]\s*$/.test(text.slice(0, w.start)))) {
      add(i, i + 2);
      i++;
      continue;
    }
    // A first name alone, doing something or addressed: "Chris sent over", "talked to Maria".
    if (actsAfter.test(text.slice(w.end, w.end + 20).toLowerCase()) || actsBefore.test(folded.slice(Math.max(0, w.start - 25), w.start)) || isSignature(text, w)) {
      add(i, i + 1);
    }
  }
  return found;
}

/** Two words of one name: separated by a space, not by punctuation. */
function sameRun(text: string, a: { end: number }, b: { start: number }): boolean {
  return /^[ \t]+$/.test(text.slice(a.end, b.start));
}

/** "… – Dana" or "… Thanks, Dana" at the very end of a message. */
function isSignature(text: string, w: { start: number; end: number }): boolean {
  return /(?:[–—-]|thanks,?|thank you,?|regards,?|gracias,?)\s*$/i.test(text.slice(0, w.start)) && /^\W*$/.test(text.slice(w.end));
}

function properCase(word: string): string {
  return word
    .split(/([-'])/)
    .map((part) => (part.length > 0 && /\p{L}/u.test(part[0]!) ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('');
}
