import type { PreparedText } from '../text/prepare.js';
import { SMALL_ORDINALS } from '../text/number-words.js';

export interface AddressMention {
  start: number;
  end: number;
  value: string;
}

const SUFFIX = String.raw`street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|circle|cir|place|pl|terrace|ter|trail|trl|parkway|pkwy|loop|run|path|pike|row|square|sq|crossing|xing|alley|plaza|point|pt|ridge|hollow|cove|bend|highway|hwy`;
const DIRECTION = String.raw`n|s|e|w|ne|nw|se|sw|north|south|east|west|northeast|northwest|southeast|southwest`;
const UNIT = String.raw`(?:,?\s*(apt|apartment|apartamento|apto|depto|departamento|unit|suite|ste|#|number|no|building|bldg|space|lot)\.?\s*#?\s*([a-z]?\d+(?: ?[a-z]\b)?|[a-z]\b))?`;
const NAME_WORD = String.raw`(?:\d+(?:st|nd|rd|th)|[a-z][a-z'.-]*)`;
const STREET = new RegExp(
  String.raw`\b(\d{1,6}[a-z]?)\s+(?:(${DIRECTION})\.?\s+)?((?:${NAME_WORD}\s+){0,3}?${NAME_WORD})\s+(${SUFFIX})\b\.?(?:\s+(${DIRECTION})\b\.?)?${UNIT}`,
  'g',
);
// "no wait it's 1420 Oak": a number and a capitalised word after an address cue, without a street type.
const CUED_BARE = /\b(?:at|address is|address|live at|live on|located at|it'?s|its|on|en el|en la|en)\s+(\d{2,6})\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b/g;
const SPANISH_STREET = new RegExp(
  String.raw`\b(calle|avenida|av|camino|paseo|bulevar|boulevard|privada|calzada|carretera|callejon)\.?\s+((?:[a-z][a-z'.-]*\s+){0,3}?[a-z][a-z'.-]*)\s+(?:(?:numero|num|no|#)\.?\s*)?(\d{1,6}[a-z]?)\b${UNIT}`,
  'g',
);
// "vivo en 455 calle Elm", "2200 avenida Lamar": the number first, as many Spanish speakers in the US say it.
// The street name is up to three words and stops at a word that cannot belong to it ("y", "apartamento").
const ES_NAME_WORD = String.raw`(?!(?:y|e|en|de|del|la|el|los|las|por|para|con|que|mi|mis|es|esta|cerca|entre|pero|numero|num|no|apartamento|apto|depto|departamento|apt|unit|casa|porque|donde|a|al)\b)[a-z][a-z'.-]*`;
const SPANISH_NUMBER_FIRST = new RegExp(
  String.raw`\b(\d{1,6}[a-z]?)\s+(calle|avenida|av|camino|paseo|bulevar|boulevard|privada|calzada|carretera|callejon)\.?\s+((?:${ES_NAME_WORD}\s+){0,2}${ES_NAME_WORD})\b${UNIT}`,
  'g',
);
const CROSS_PART = String.raw`(?:\d+(?:st|nd|rd|th)|first|second|third|[a-z][a-z]+)(?:\s+(?:st|street|ave|avenue|rd|road|blvd|dr|drive|ln|lane))?`;
const INTERSECTION_CUED = new RegExp(
  String.raw`\b(?:corner of|intersection of|esquina de|en la esquina de|cross streets? (?:are|is)?)\s+(${CROSS_PART})\s+(?:&|and|y|at)\s+(${CROSS_PART})\b`,
  'g',
);
const INTERSECTION_AMP = /\b([A-Z][a-z]+|\d+(?:st|nd|rd|th))(\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Lane))?\s*&\s*([A-Z][a-z]+|\d+(?:st|nd|rd|th))(\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Lane))?\b/g;

// Words that cannot be part of a street name: "I have 2 dogs in the way".
const NOT_STREET = new Set(
  `a an the my our your his her their this that and or but of to for at in on is are was were be been it its
  i we you they he she me us them have has had do does did can could would will just also very really so
  not no yes dogs cats kids units people times years days hours minutes weeks months miles degrees bucks
  dollars apartments houses homes rooms floors stories out outside inside about around like some any all
  from with by into over under up down off per each every other more less too then than when where`
    .split(/\s+/)
    .filter(Boolean),
);

const UNIT_LABEL: Readonly<Record<string, string>> = {
  apt: 'Apt', apartment: 'Apt', apartamento: 'Apt', apto: 'Apt', depto: 'Apt', departamento: 'Apt', unit: 'Unit', suite: 'Suite', ste: 'Suite', '#': '#', number: '#', no: '#',
  building: 'Bldg', bldg: 'Bldg', space: 'Space', lot: 'Lot',
};

function titleCase(s: string): string {
  return s
    .split(/\s+/)
    .map((w) => {
      const small = SMALL_ORDINALS[w.toLowerCase()];
      if (small !== undefined) return `${small}${['', 'st', 'nd', 'rd'][small]}`;
      if (/^\d/.test(w)) return w.toLowerCase();
      if (w !== w.toLowerCase() && w !== w.toUpperCase()) return w;
      return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
    })
    .join(' ');
}

function unitPart(label: string | undefined, id: string | undefined): string {
  if (!label || !id) return '';
  const l = UNIT_LABEL[label] ?? titleCase(label);
  const clean = id.replace(/\s+/g, '').toUpperCase();
  return l === '#' ? ` #${clean}` : `, ${l} ${clean}`;
}

export function findAddresses(p: PreparedText): AddressMention[] {
  const out: AddressMention[] = [];
  const overlaps = (s: number, e: number): boolean => out.some((o) => s < o.end && o.start < e);
  const orig = (s: number, e: number): string => p.text.slice(s, e);

  for (const m of p.low.matchAll(STREET)) {
    const nameWords = (m[3] as string).split(/\s+/);
    if (nameWords.some((w) => NOT_STREET.has(w))) continue;
    // "dr"/"st" after a name are street types only when they end the phrase, not "St. Mary".
    const start = m.index;
    const end = start + m[0].length;
    const numberEnd = start + (m[1] as string).length;
    const full = orig(start, end);
    const afterNumber = full.slice((m[1] as string).length).trim();
    const unitAt = m[6] ? afterNumber.toLowerCase().lastIndexOf((m[6] as string).toLowerCase()) : -1;
    const streetText = (unitAt > 0 ? afterNumber.slice(0, unitAt) : afterNumber).replace(/[,\s]+$/, '');
    const value = `${m[1]} ${titleCase(streetText)}${unitPart(m[6], m[7])}`.trim();
    if (!overlaps(start, end) && numberEnd < end) out.push({ start, end, value });
  }
  for (const m of p.low.matchAll(SPANISH_NUMBER_FIRST)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const kindStart = start + m[0].indexOf(m[2] as string, (m[1] as string).length);
    const nameStart = start + m[0].indexOf(m[3] as string, kindStart - start + (m[2] as string).length);
    const kind = titleCase(orig(kindStart, kindStart + (m[2] as string).length));
    const name = titleCase(orig(nameStart, nameStart + (m[3] as string).length));
    out.push({ start, end, value: `${m[1]} ${kind} ${name}${unitPart(m[4], m[5])}` });
  }
  for (const m of p.low.matchAll(SPANISH_STREET)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const words = (m[2] as string).split(/\s+/);
    if (words.some((w) => /^(que|esta|es|en|de|la|el|y|mi|donde|por)$/.test(w) && words.length === 1)) continue;
    const kind = titleCase(orig(start, start + (m[1] as string).length));
    const nameStart = start + m[0].indexOf(m[2] as string, (m[1] as string).length);
    const name = titleCase(orig(nameStart, nameStart + (m[2] as string).length));
    out.push({ start, end, value: `${kind} ${name} ${m[3]}${unitPart(m[4], m[5])}` });
  }
  for (const m of p.text.matchAll(CUED_BARE)) {
    const numStart = m.index + m[0].indexOf(m[1] as string);
    const end = m.index + m[0].length;
    if (overlaps(numStart, end)) continue;
    const word = (m[2] as string).toLowerCase();
    if (/^(am|pm|a|p|degrees|bucks|dollars|units|percent|miles)\b/.test(word)) continue;
    if (/^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)\b/.test(word)) continue;
    out.push({ start: numStart, end, value: `${m[1]} ${m[2]}` });
  }
  for (const m of p.low.matchAll(INTERSECTION_CUED)) {
    const a = m[1] as string;
    const b = m[2] as string;
    if (NOT_STREET.has(a) || NOT_STREET.has(b)) continue;
    const start = m.index + m[0].indexOf(a);
    const end = m.index + m[0].length;
    if (overlaps(start, end)) continue;
    out.push({ start, end, value: `${titleCase(orig(start, start + a.length))} & ${titleCase(orig(end - b.length, end))}` });
  }
  for (const m of p.text.matchAll(INTERSECTION_AMP)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    out.push({ start, end, value: `${m[1]}${m[2] ?? ''} & ${m[3]}${m[4] ?? ''}` });
  }
  return out.sort((a, b) => a.start - b.start);
}
