import { maximumMatching, normalisedKey, valuesMatch } from './entity-match.js';

// Scoring exactly as the datasets README describes it; see "Scoring" there.

export const ENTITY_TYPES = ['phone', 'email', 'name', 'date', 'amount', 'address'] as const;

export interface GoldEntity {
  type: string;
  value: string;
}

export interface GoldCase {
  id: string;
  emergency: boolean;
  priority: string;
  intent: string;
  entities: GoldEntity[];
}

interface NormalisedPrediction {
  emergency: boolean;
  priority: string;
  intent: string;
  entities: Array<{ type: string; value: string | undefined }>;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface ClassMetrics extends Prf {
  support: number;
}

export interface Metrics {
  cases: number;
  missing_predictions: number;
  missing_prediction_ids: string[];
  unknown_prediction_ids: string[];
  duplicate_prediction_ids: string[];
  invalid_prediction_lines: number[];
  emergency: Prf;
  priority: {
    accuracy: number;
    macro_f1: number;
    urgent_precision: number;
    urgent_recall: number;
    confusion: Record<string, Record<string, number>>;
    per_class: Record<string, ClassMetrics>;
  };
  intent: { accuracy: number; macro_f1: number; per_class: Record<string, ClassMetrics> };
  entities: Prf & { per_type: Record<string, Prf> };
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** P/R/F1 where nothing in gold and nothing predicted counts as perfect, and any other zero denominator as 0. */
export function prf(tp: number, fp: number, fn: number): Prf {
  const empty = tp + fp === 0 && tp + fn === 0;
  const precision = tp + fp === 0 ? (empty ? 1 : 0) : tp / (tp + fp);
  const recall = tp + fn === 0 ? (empty ? 1 : 0) : tp / (tp + fn);
  const f1 = empty ? 1 : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1), tp, fp, fn };
}

export function normaliseEmergency(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

export function normalisePriority(v: unknown): string {
  return typeof v === 'string' ? v.trim().toUpperCase() : '';
}

export function normaliseIntent(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s-]+/g, '_') : '';
}

function normaliseEntities(v: unknown): Array<{ type: string; value: string | undefined }> {
  if (!Array.isArray(v)) return [];
  const seen = new Set<string>();
  const out: Array<{ type: string; value: string | undefined }> = [];
  for (const e of v) {
    const type = typeof e?.type === 'string' ? e.type.trim().toLowerCase() : '';
    const raw = e?.value;
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
    const key = `${type}\u0000${value === undefined ? '\u0001' + out.length : normalisedKey(type, value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type, value });
  }
  return out;
}

function normalisePrediction(o: Record<string, unknown>): NormalisedPrediction {
  return {
    emergency: normaliseEmergency(o.emergency),
    priority: normalisePriority(o.priority),
    intent: normaliseIntent(o.intent),
    entities: normaliseEntities(o.entities),
  };
}

function classReport(pairs: Array<[string, string | undefined]>): {
  accuracy: number;
  macro_f1: number;
  per_class: Record<string, ClassMetrics>;
  confusion: Record<string, Record<string, number>>;
} {
  const labels = new Set<string>();
  const confusion: Record<string, Record<string, number>> = {};
  let correct = 0;
  for (const [g, p] of pairs) {
    labels.add(g);
    if (p !== undefined && p !== '') labels.add(p);
    if (g === p) correct++;
    const row = (confusion[g] ??= {});
    const key = p === undefined ? '(missing)' : p === '' ? '(none)' : p;
    row[key] = (row[key] ?? 0) + 1;
  }
  const per_class: Record<string, ClassMetrics> = {};
  let f1Sum = 0;
  for (const label of [...labels].sort()) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [g, p] of pairs) {
      if (g === label && p === label) tp++;
      else if (g === label) fn++;
      else if (p === label) fp++;
    }
    const m = prf(tp, fp, fn);
    per_class[label] = { ...m, support: tp + fn };
    f1Sum += m.f1;
  }
  return {
    accuracy: round(pairs.length === 0 ? 1 : correct / pairs.length),
    macro_f1: round(labels.size === 0 ? 1 : f1Sum / labels.size),
    per_class,
    confusion,
  };
}

/** Parses one gold line of the labelled file. */
export function parseGoldLine(line: string): GoldCase {
  const o = JSON.parse(line) as { id?: unknown; expected?: Record<string, unknown> };
  if (o.id === undefined || o.id === null || typeof o.expected !== 'object' || o.expected === null) {
    throw new Error('gold line needs "id" and "expected"');
  }
  const e = o.expected;
  return {
    id: String(o.id),
    emergency: normaliseEmergency(e.emergency),
    priority: normalisePriority(e.priority),
    intent: normaliseIntent(e.intent),
    entities: (Array.isArray(e.entities) ? e.entities : []).map((x: { type?: unknown; value?: unknown }) => ({
      type: String(x.type ?? '').toLowerCase(),
      value: String(x.value ?? ''),
    })),
  };
}

/** Scores prediction lines (raw JSONL text lines) against gold cases. */
export function scorePredictions(gold: readonly GoldCase[], predictionLines: readonly string[]): Metrics {
  const goldIds = new Set(gold.map((g) => g.id));
  const predictions = new Map<string, NormalisedPrediction>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  const invalid: number[] = [];
  predictionLines.forEach((line, i) => {
    if (line.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      invalid.push(i + 1);
      return;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o) || (o as { id?: unknown }).id === undefined) {
      invalid.push(i + 1);
      return;
    }
    const id = String((o as { id: unknown }).id);
    if (!goldIds.has(id)) unknown.push(id);
    else if (predictions.has(id)) duplicate.push(id);
    else predictions.set(id, normalisePrediction(o as Record<string, unknown>));
  });

  const missing: string[] = [];
  let eTp = 0;
  let eFp = 0;
  let eFn = 0;
  const priorityPairs: Array<[string, string | undefined]> = [];
  const intentPairs: Array<[string, string | undefined]> = [];
  const byType = new Map<string, { tp: number; fp: number; fn: number }>();
  const bucket = (t: string): { tp: number; fp: number; fn: number } => {
    let b = byType.get(t);
    if (!b) byType.set(t, (b = { tp: 0, fp: 0, fn: 0 }));
    return b;
  };
  for (const t of ENTITY_TYPES) bucket(t);

  for (const g of gold) {
    const p = predictions.get(g.id);
    if (!p) {
      missing.push(g.id);
      if (g.emergency) eFn++;
      else eFp++;
      priorityPairs.push([g.priority, undefined]);
      intentPairs.push([g.intent, undefined]);
      for (const e of g.entities) bucket(e.type).fn++;
      continue;
    }
    if (g.emergency && p.emergency) eTp++;
    else if (g.emergency) eFn++;
    else if (p.emergency) eFp++;
    priorityPairs.push([g.priority, p.priority]);
    intentPairs.push([g.intent, p.intent]);

    const types = new Set([...g.entities.map((e) => e.type), ...p.entities.map((e) => e.type)]);
    for (const type of types) {
      const gs = g.entities.filter((e) => e.type === type);
      const ps = p.entities.filter((e) => e.type === type);
      const known = (ENTITY_TYPES as readonly string[]).includes(type);
      const adjacency = gs.map((ge) =>
        ps.flatMap((pe, j) => (known && pe.value !== undefined && valuesMatch(type, ge.value, pe.value) ? [j] : [])),
      );
      const tp = maximumMatching(adjacency, ps.length);
      const b = bucket(known ? type : type || '(none)');
      b.tp += tp;
      b.fp += ps.length - tp;
      b.fn += gs.length - tp;
    }
  }

  const pr = classReport(priorityPairs);
  const it = classReport(intentPairs);
  const urgent = pr.per_class.URGENT ?? prf(0, 0, 0);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const per_type: Record<string, Prf> = {};
  for (const [t, b] of byType) {
    tp += b.tp;
    fp += b.fp;
    fn += b.fn;
    per_type[t] = prf(b.tp, b.fp, b.fn);
  }
  return {
    cases: gold.length,
    missing_predictions: missing.length,
    missing_prediction_ids: missing,
    unknown_prediction_ids: unknown,
    duplicate_prediction_ids: duplicate,
    invalid_prediction_lines: invalid,
    emergency: prf(eTp, eFp, eFn),
    priority: {
      accuracy: pr.accuracy,
      macro_f1: pr.macro_f1,
      urgent_precision: urgent.precision,
      urgent_recall: urgent.recall,
      confusion: pr.confusion,
      per_class: pr.per_class,
    },
    intent: { accuracy: it.accuracy, macro_f1: it.macro_f1, per_class: it.per_class },
    entities: { ...prf(tp, fp, fn), per_type },
  };
}
