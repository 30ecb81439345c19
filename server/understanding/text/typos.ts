// Common chat misspellings of the words the danger rules look for. Each correction is no longer than
// the typo and is padded with spaces, so the folded text keeps its length and every offset still points
// at the same place in what the caller wrote.
const TYPOS: Readonly<Record<string, string>> = {
  cieling: 'ceiling', celing: 'ceilin', leeking: 'leaking', leeks: 'leaks', leek: 'leak', leakin: 'leak',
  smels: 'smell', smeels: 'smells', smelss: 'smells', smelling: 'smelling', gass: 'gas', watter: 'water',
  sparkin: 'spark', sparkes: 'sparks', flodding: 'flooding', floding: 'flood', flooing: 'flood',
  emergancy: 'emergency', emergencey: 'emergency', emergeny: 'emergen', furnance: 'furnace', furnice: 'furnace',
  toliet: 'toilet', toilit: 'toilet', smoak: 'smoke', smokeing: 'smoking', burnign: 'burning', buring: 'burn',
  breathe: 'breathe', brething: 'breath', bleading: 'bleeding', sewer: 'sewer', sewerage: 'sewage',
  electic: 'electr', eletrical: 'electric', outlit: 'outlet', outet: 'outlet', brakes: 'brakes',
  flooded: 'flooded', overflowin: 'overflow', clogd: 'clog', cloged: 'clogged', heatr: 'heat',
};

const TYPO_RE = new RegExp(
  String.raw`\b(${Object.keys(TYPOS)
    .filter((k) => TYPOS[k] !== k)
    .join('|')})\b`,
  'g',
);

/** Rewrites known misspellings in folded text, keeping its length. */
export function fixTypos(low: string): string {
  if (!TYPO_RE.test(low)) return low;
  TYPO_RE.lastIndex = 0;
  return low.replace(TYPO_RE, (typo) => {
    const fixed = TYPOS[typo] ?? typo;
    return fixed.length <= typo.length ? fixed + ' '.repeat(typo.length - fixed.length) : typo;
  });
}
