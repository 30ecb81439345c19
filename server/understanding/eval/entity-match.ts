// Entity matching rules of the datasets README ("Scoring"): one function per type, then a maximum
// bipartite matching so each gold entity matches at most one prediction.

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'doctor', 'dra', 'sr', 'sra', 'srta', 'senor', 'senora', 'senorita', 'don', 'dona', 'attorney', 'atty', 'esq', 'prof', 'professor', 'lic', 'licenciado', 'licenciada']);
const ADDRESS_ABBREVIATIONS: Readonly<Record<string, string>> = {
  street: 'st', avenue: 'ave', av: 'ave', road: 'rd', lane: 'ln', drive: 'dr', boulevard: 'blvd', court: 'ct',
  circle: 'cir', place: 'pl', terrace: 'ter', trail: 'trl', parkway: 'pkwy', highway: 'hwy', square: 'sq',
  point: 'pt', crossing: 'xing', expressway: 'expy', freeway: 'fwy', mount: 'mt', north: 'n', south: 's',
  east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};
const UNIT_WORDS = new Set(['apt', 'apartment', 'unit', 'suite', 'ste', '#', 'no', 'number', 'num']);

export function foldTokens(s: string): string[] {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s#]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function phoneDigits(v: string): string {
  const d = v.replace(/\D/g, '');
  return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
}

export function nameTokens(v: string): Set<string> {
  return new Set(foldTokens(v).filter((t) => !TITLES.has(t)));
}

export function addressTokens(v: string): Set<string> {
  const out = new Set<string>();
  for (const raw of foldTokens(v.replace(/#/g, ' # '))) {
    if (UNIT_WORDS.has(raw)) continue;
    out.add(ADDRESS_ABBREVIATIONS[raw] ?? raw);
  }
  return out;
}

export function parseAmount(v: string): number | undefined {
  const m = /^\$?\s*([\d,]*\.?\d+)\s*(k)?$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number((m[1] as string).replace(/,/g, ''));
  if (!Number.isFinite(n)) return undefined;
  return m[2] ? n * 1000 : n;
}

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?/;

export function valuesMatch(type: string, gold: string, predicted: string): boolean {
  switch (type) {
    case 'phone': {
      const g = phoneDigits(gold);
      return g.length > 0 && g === phoneDigits(predicted);
    }
    case 'email':
      return gold.trim().toLowerCase() === predicted.trim().toLowerCase();
    case 'name':
      return jaccard(nameTokens(gold), nameTokens(predicted)) >= 0.6;
    case 'address': {
      const g = addressTokens(gold);
      const p = addressTokens(predicted);
      if (g.size === 0) return false;
      if ([...g].every((t) => p.has(t))) return true;
      return jaccard(g, p) >= 0.6;
    }
    case 'date': {
      const g = DATE.exec(gold.trim());
      const p = DATE.exec(predicted.trim());
      if (!g || !p || g[1] !== p[1]) return false;
      return g[2] === undefined || (g[2] === p[2] && g[3] === p[3]);
    }
    case 'amount': {
      const g = parseAmount(gold);
      const p = parseAmount(predicted);
      return g !== undefined && p !== undefined && Math.abs(g - p) < 1e-6;
    }
    default:
      return false;
  }
}

/** Size of a maximum matching in a bipartite graph given as adjacency lists (Kuhn's algorithm). */
export function maximumMatching(adjacency: readonly (readonly number[])[], rightCount: number): number {
  const matchOfRight = new Array<number>(rightCount).fill(-1);
  const tryAssign = (left: number, seen: boolean[]): boolean => {
    for (const right of adjacency[left] ?? []) {
      if (seen[right]) continue;
      seen[right] = true;
      const current = matchOfRight[right] as number;
      if (current === -1 || tryAssign(current, seen)) {
        matchOfRight[right] = left;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let left = 0; left < adjacency.length; left++) {
    if (tryAssign(left, new Array<boolean>(rightCount).fill(false))) size++;
  }
  return size;
}

/** The key under which two predicted values count as the same entity (README: de-duplicate by normalised type+value). */
export function normalisedKey(type: string, value: string): string {
  switch (type) {
    case 'phone':
      return phoneDigits(value);
    case 'email':
      return value.trim().toLowerCase();
    case 'name':
      return [...nameTokens(value)].sort().join(' ');
    case 'address':
      return [...addressTokens(value)].sort().join(' ');
    case 'date': {
      const m = DATE.exec(value.trim());
      return m ? `${m[1]}${m[2] ? `T${m[2]}:${m[3]}` : ''}` : value.trim();
    }
    case 'amount': {
      const n = parseAmount(value);
      return n === undefined ? value.trim().toLowerCase() : String(n);
    }
    default:
      return value.trim().toLowerCase();
  }
}
