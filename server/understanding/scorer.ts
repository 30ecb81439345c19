/**
 * Scores predictions against labelled turns exactly as shared/datasets/README.md ("Scoring") specifies, so
 * the figures here are the figures the held-out evaluation will produce.
 */
export interface GoldCase {
  id: string;
  expected: { emergency: boolean; priority: string; intent: string; entities: Array<{ type: string; value: string; text?: string }> };
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

const entityTypes = new Set(['phone', 'email', 'name', 'address', 'date', 'amount']);

interface Prediction {
  emergency: boolean;
  priority: string | undefined;
  intent: string | undefined;
  entities: Array<{ type: string; value: string }>;
}

export function prf(tp: number, fp: number, fn: number): PRF {
  if (tp + fp + fn === 0) return { precision: 1, recall: 1, f1: 1, tp, fp, fn };
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

/** Reads prediction lines: unknown ids, duplicates (the first wins) and invalid JSON are reported and ignored. */
export function readPredictions(lines: string[], goldIds: Set<string>) {
  const predictions = new Map<string, Prediction>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  const invalid: number[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
      if (!raw || typeof raw !== 'object' || typeof raw.id !== 'string') throw new Error('no id');
    } catch {
      invalid.push(index + 1);
      return;
    }
    const id = raw.id as string;
    if (!goldIds.has(id)) return void unknown.push(id);
    if (predictions.has(id)) return void duplicates.push(id);
    predictions.set(id, normalise(raw));
  });
  return { predictions, unknown, duplicates, invalid };
}

function normalise(raw: Record<string, unknown>): Prediction {
  const priority = typeof raw.priority === 'string' ? raw.priority.toUpperCase() : undefined;
  const intent = typeof raw.intent === 'string' ? raw.intent.toLowerCase().replace(/[\s-]+/g, '_') : undefined;
  const emergency = raw.emergency === true || raw.emergency === 'true' || raw.emergency === 1;
  const seen = new Set<string>();
  const entities: Array<{ type: string; value: string }> = [];
  for (const e of Array.isArray(raw.entities) ? raw.entities : []) {
    if (!e || typeof e !== 'object') continue;
    const type = String((e as { type?: unknown }).type ?? '').toLowerCase();
    const value = String((e as { value?: unknown }).value ?? '');
    const key = `${type}\u0000${normaliseValue(type, value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entities.push({ type, value });
  }
  return { emergency, priority, intent, entities };
}

export function score(gold: GoldCase[], predictionLines: string[]) {
  const goldIds = new Set(gold.map((g) => g.id));
  const { predictions, unknown, duplicates, invalid } = readPredictions(predictionLines, goldIds);
  const missing = gold.filter((g) => !predictions.has(g.id)).map((g) => g.id);

  let eTp = 0;
  let eFp = 0;
  let eFn = 0;
  const priorityPairs: Array<[string, string | undefined]> = [];
  const intentPairs: Array<[string, string | undefined]> = [];
  const perType: Record<string, { tp: number; fp: number; fn: number }> = {};
  const bump = (type: string, key: 'tp' | 'fp' | 'fn', n = 1) => {
    perType[type] ??= { tp: 0, fp: 0, fn: 0 };
    perType[type]![key] += n;
  };

  for (const g of gold) {
    const p = predictions.get(g.id);
    const goldEmergency = Boolean(g.expected.emergency);
    // A missing prediction is wrong everywhere: the opposite emergency, a wrong label, every entity missed.
    const predEmergency = p ? p.emergency : !goldEmergency;
    if (goldEmergency && predEmergency) eTp++;
    else if (!goldEmergency && predEmergency) eFp++;
    else if (goldEmergency && !predEmergency) eFn++;
    // An unknown label stays as written: it is simply wrong, and the confusion matrix shows it.
    priorityPairs.push([g.expected.priority, p ? (p.priority ?? '(none)') : undefined]);
    intentPairs.push([g.expected.intent, p ? (p.intent ?? '(none)') : undefined]);

    const goldEntities = g.expected.entities;
    const predEntities = p?.entities ?? [];
    const matched = maxMatching(goldEntities, predEntities);
    const goldMatched = new Set(matched.map(([gi]) => gi));
    const predMatched = new Set(matched.map(([, pi]) => pi));
    goldEntities.forEach((e, i) => bump(e.type, goldMatched.has(i) ? 'tp' : 'fn'));
    predEntities.forEach((e, i) => {
      if (!predMatched.has(i)) bump(entityTypes.has(e.type) ? e.type : e.type || 'unknown', 'fp');
    });
  }

  const totals = Object.values(perType).reduce((acc, t) => ({ tp: acc.tp + t.tp, fp: acc.fp + t.fp, fn: acc.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
  const priority = classification(priorityPairs);
  return {
    cases: gold.length,
    emergency: prf(eTp, eFp, eFn),
    priority: {
      accuracy: priority.accuracy,
      macro_f1: priority.macroF1,
      urgent_precision: priority.perClass.URGENT?.precision ?? prf(0, 0, 0).precision,
      urgent_recall: priority.perClass.URGENT?.recall ?? prf(0, 0, 0).recall,
      confusion: priority.confusion,
      per_class: priority.perClass,
    },
    intent: (({ accuracy, macroF1, perClass }) => ({ accuracy, macro_f1: macroF1, per_class: perClass }))(classification(intentPairs)),
    entities: { ...prf(totals.tp, totals.fp, totals.fn), per_type: Object.fromEntries(Object.entries(perType).sort().map(([t, c]) => [t, prf(c.tp, c.fp, c.fn)])) },
    missing_predictions: missing.length,
    missing_prediction_ids: missing,
    unknown_prediction_ids: unknown,
    duplicate_prediction_ids: duplicates,
    invalid_prediction_lines: invalid,
  };
}

function classification(pairs: Array<[string, string | undefined]>) {
  const labels = new Set<string>();
  for (const [g, p] of pairs) {
    labels.add(g);
    if (p !== undefined) labels.add(p);
  }
  const confusion: Record<string, Record<string, number>> = {};
  let correct = 0;
  for (const [g, p] of pairs) {
    const predicted = p ?? '(missing)';
    confusion[g] ??= {};
    confusion[g]![predicted] = (confusion[g]![predicted] ?? 0) + 1;
    if (p === g) correct++;
  }
  const perClass: Record<string, PRF & { support: number }> = {};
  for (const label of [...labels].sort()) {
    const tp = pairs.filter(([g, p]) => g === label && p === label).length;
    const fp = pairs.filter(([g, p]) => g !== label && p === label).length;
    const fn = pairs.filter(([g, p]) => g === label && p !== label).length;
    perClass[label] = { ...prf(tp, fp, fn), support: pairs.filter(([g]) => g === label).length };
  }
  const f1s = Object.values(perClass).map((c) => c.f1);
  return { accuracy: pairs.length ? correct / pairs.length : 1, macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 1, confusion, perClass };
}

/** Maximum bipartite matching (Kuhn's algorithm): each gold entity matches at most one prediction. */
function maxMatching(gold: Array<{ type: string; value: string }>, predicted: Array<{ type: string; value: string }>): Array<[number, number]> {
  const edges = gold.map((g) => predicted.map((p, pi) => (g.type === p.type && valuesMatch(g.type, g.value, p.value) ? pi : -1)).filter((pi) => pi >= 0));
  const owner = new Array<number>(predicted.length).fill(-1);
  const tryAssign = (gi: number, visited: Set<number>): boolean => {
    for (const pi of edges[gi]!) {
      if (visited.has(pi)) continue;
      visited.add(pi);
      if (owner[pi] === -1 || tryAssign(owner[pi]!, visited)) {
        owner[pi] = gi;
        return true;
      }
    }
    return false;
  };
  gold.forEach((_, gi) => tryAssign(gi, new Set()));
  return owner.map((gi, pi) => [gi, pi] as [number, number]).filter(([gi]) => gi >= 0);
}

const titles = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sr', 'sra', 'srta', 'attorney', 'atty', 'doctor', 'don', 'dona', 'lic']);
const streetWords: Record<string, string> = {
  street: 'st', avenue: 'ave', av: 'ave', road: 'rd', lane: 'ln', drive: 'dr', court: 'ct', boulevard: 'blvd', place: 'pl', circle: 'cir',
  trail: 'trl', parkway: 'pkwy', terrace: 'ter', highway: 'hwy', square: 'sq', north: 'n', south: 's', east: 'e', west: 'w',
  northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw', apartment: '', apt: '', unit: '', suite: '', ste: '', '#': '',
};

function foldWords(value: string): string[] {
  return value
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9#\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function normaliseValue(type: string, value: string): string {
  switch (type) {
    case 'phone':
      return value.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
    case 'email':
      return value.toLowerCase();
    case 'amount':
      return String(amountValue(value));
    default:
      return value.toLowerCase();
  }
}

function amountValue(value: string): number {
  const match = /^\s*\$?\s*([\d,]*\.?\d+)\s*(k)?\s*$/i.exec(value);
  if (!match) return NaN;
  return Number(match[1]!.replace(/,/g, '')) * (match[2] ? 1000 : 1);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  const union = new Set([...a, ...b]);
  if (union.size === 0) return 1;
  return [...a].filter((x) => b.has(x)).length / union.size;
}

export function valuesMatch(type: string, gold: string, predicted: string): boolean {
  switch (type) {
    case 'phone':
    case 'email':
      return normaliseValue(type, gold) === normaliseValue(type, predicted);
    case 'amount': {
      const g = amountValue(gold);
      return Number.isFinite(g) && g === amountValue(predicted);
    }
    case 'name': {
      const g = new Set(foldWords(gold).filter((w) => !titles.has(w)));
      const p = new Set(foldWords(predicted).filter((w) => !titles.has(w)));
      return jaccard(g, p) >= 0.6;
    }
    case 'address': {
      const words = (v: string) => new Set(foldWords(v).map((w) => streetWords[w] ?? w).filter(Boolean));
      const g = words(gold);
      const p = words(predicted);
      return jaccard(g, p) >= 0.6 || [...g].every((w) => p.has(w));
    }
    case 'date': {
      const g = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(gold);
      const p = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(predicted);
      if (!g || !p || g[1] !== p[1]) return false;
      return g[2] === undefined || g[2] === p[2];
    }
    default:
      return gold === predicted;
  }
}
