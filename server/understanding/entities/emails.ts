import type { FoundEntity, Source } from './entity.js';

const written = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

const tlds = 'com|net|org|edu|gov|io|co|us|mx|info|biz|me|ca|uk|es|app|dev|ai';
// "john dot smith at gmail dot com", "m punto alvarez arroba vistapm punto com"
const joiner = '(?:dot|period|punto|underscore|guion bajo|dash|hyphen|guion)';
const spoken = new RegExp(
  `\\b((?:[a-z0-9]+\\s+${joiner}\\s+)*[a-z0-9]+)\\s+(?:at|arroba)\\s+((?:[a-z0-9]+\\s+(?:dot|punto)\\s+)+(?:${tlds}))\\b`,
  'g',
);
const joinerMap: Record<string, string> = { dot: '.', period: '.', punto: '.', underscore: '_', 'guion bajo': '_', dash: '-', hyphen: '-', guion: '-' };
// Words that introduce an address but are not part of it.
const lead = new Set(['is', 'me', 'email', 'mail', 'es', 'correo', 'to', 'at', 'its', 'address', 'it', 'send', 'reach']);

/** Email addresses written or spelled out, in lower case. */
export function findEmails({ text, folded }: Source): FoundEntity[] {
  const found: FoundEntity[] = [];
  for (const match of text.matchAll(written)) {
    const value = match[0].replace(/[.]+$/, '');
    found.push({ type: 'email', value: value.toLowerCase(), text: value, start: match.index!, end: match.index! + value.length });
  }
  for (const match of folded.matchAll(spoken)) {
    if (found.some((f) => match.index! < f.end && match.index! + match[0].length > f.start)) continue;
    const words = [...match[1]!.matchAll(/\S+/g)];
    // Keep only the address: drop the words before it ("email me at", "my email is").
    const cut = words.findLastIndex((w, i) => lead.has(w[0]) && (i === 0 || !(words[i - 1]![0] in joinerMap)));
    const kept = words.slice(cut + 1);
    if (kept.length === 0) continue;
    const local = spokenToAddress(kept.map((w) => w[0]).join(' '));
    const domain = spokenToAddress(match[2]!);
    const spanStart = match.index! + kept[0]!.index!;
    const end = match.index! + match[0].length;
    found.push({ type: 'email', value: `${local}@${domain}`, text: text.slice(spanStart, end), start: spanStart, end });
  }
  return found;
}

function spokenToAddress(words: string): string {
  return words
    .replace(/\bguion bajo\b/g, 'underscore')
    .split(/\s+/)
    .map((w) => joinerMap[w] ?? w)
    .join('');
}
