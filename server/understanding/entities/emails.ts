import type { PreparedText } from '../text/prepare.js';

export interface EmailMention {
  start: number;
  end: number;
  value: string;
}

const WRITTEN = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const TLD = 'com|net|org|edu|gov|us|io|co|info|biz|me|mx|es|ca|uk|app|dev|ai|law|legal|realty|homes';
const CONNECTOR = String.raw`(?: (?:dot|underscore|under score|dash|hyphen|minus|punto|guion bajo|guion) )`;
// The local part as spoken: spelled letters ("j o n"), an initial and a word ("j smith"), words joined by
// "dot"/"underscore", and digits said after them ("seventy two", already digits here) all belong to it.
const SPOKEN = new RegExp(
  String.raw`\b((?:[a-z] ){1,}[a-z]+(?: \d+)?|[a-z0-9]+(?:${CONNECTOR}[a-z0-9]+)*(?: \d+)?) (?:at|arroba) ([a-z0-9-]+(?:(?: (?:dot|punto) |\.)[a-z0-9-]+)*?(?: (?:dot|punto) |\.)(?:${TLD}))\b`,
  'g',
);

function speak(s: string): string {
  return s
    .replace(/ (?:dot|punto) /g, '.')
    .replace(/ (?:underscore|under score|guion bajo) /g, '_')
    .replace(/ (?:dash|hyphen|minus|guion) /g, '-')
    .replace(/\s+/g, '');
}

export function findEmails(p: PreparedText): EmailMention[] {
  const out: EmailMention[] = [];
  for (const m of p.low.matchAll(WRITTEN)) out.push({ start: m.index, end: m.index + m[0].length, value: m[0].replace(/\.$/, '') });
  for (const m of p.low.matchAll(SPOKEN)) {
    if (out.some((o) => m.index < o.end && o.start < m.index + m[0].length)) continue;
    const local = speak(m[1] as string);
    const domain = speak(m[2] as string);
    if (/^(me|us|him|her|them|it|you|i|we|them|this|that|home|work|the)$/.test(local)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, value: `${local}@${domain}` });
  }
  return out;
}
