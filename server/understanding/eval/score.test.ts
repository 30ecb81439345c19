import { describe, expect, it } from 'vitest';
import { maximumMatching, valuesMatch } from './entity-match.js';
import { parseGoldLine, prf, scorePredictions } from './score.js';

const gold = (id: string, emergency: boolean, priority: string, intent: string, entities: Array<[string, string]> = []): string =>
  JSON.stringify({ id, text: 'x', expected: { emergency, priority, intent, entities: entities.map(([type, value]) => ({ type, value, text: value })) } });

const pred = (id: string, emergency: unknown, priority: string, intent: string, entities: Array<[string, unknown]> = []): string =>
  JSON.stringify({ id, emergency, priority, intent, entities: entities.map(([type, value]) => ({ type, value })) });

describe('value matching per type', () => {
  it('phone: digits only, a leading US 1 dropped', () => {
    expect(valuesMatch('phone', '+15125550148', '(512) 555-0148')).toBe(true);
    expect(valuesMatch('phone', '+15125550148', '15125550149')).toBe(false);
  });
  it('email: case-insensitive', () => {
    expect(valuesMatch('email', 'john.smith@gmail.com', 'John.Smith@GMAIL.com')).toBe(true);
  });
  it('name: folded token sets without titles, Jaccard >= 0.6', () => {
    expect(valuesMatch('name', 'Dr. Nguyen', 'nguyen')).toBe(true);
    expect(valuesMatch('name', 'José García', 'Jose Garcia')).toBe(true);
    expect(valuesMatch('name', 'Rosa María Delgado', 'Rosa Delgado')).toBe(true); // 2/3
    expect(valuesMatch('name', 'Ana Boyd', 'Ana')).toBe(false); // 1/2
  });
  it('address: abbreviations folded, unit words dropped, subset or Jaccard', () => {
    expect(valuesMatch('address', '1420 Oak Street, Apt 3', '1420 oak st apartment 3')).toBe(true);
    expect(valuesMatch('address', '77 North Main Street', '77 N Main St Suite 200')).toBe(true);
    expect(valuesMatch('address', '1420 Oak Street', '1420 Elm Street')).toBe(false);
  });
  it('date: the local day must be equal, and the time when gold has one', () => {
    expect(valuesMatch('date', '2026-01-15', '2026-01-15T15:00-06:00')).toBe(true);
    expect(valuesMatch('date', '2026-01-15T15:00', '2026-01-15T15:00:00Z')).toBe(true);
    expect(valuesMatch('date', '2026-01-15T15:00', '2026-01-15')).toBe(false);
    expect(valuesMatch('date', '2026-01-15', '2026-01-16')).toBe(false);
  });
  it('amount: numeric equality with $, commas and k', () => {
    expect(valuesMatch('amount', '1200', '$1,200')).toBe(true);
    expect(valuesMatch('amount', '5000', '5k')).toBe(true);
    expect(valuesMatch('amount', '200', '200.00')).toBe(true);
    expect(valuesMatch('amount', '200', 'two hundred')).toBe(false);
  });
});

describe('maximum bipartite matching', () => {
  it('finds the assignment a greedy pass would miss', () => {
    // gold 0 matches preds 0 and 1, gold 1 matches only pred 0.
    expect(maximumMatching([[0, 1], [0]], 2)).toBe(2);
  });
  it('lets each gold entity match at most one prediction', () => {
    const lines = [gold('a', false, 'NORMAL', 'booking', [['name', 'Rosa Delgado'], ['name', 'Rosa María Delgado']])];
    const m = scorePredictions(lines.map(parseGoldLine), [pred('a', false, 'NORMAL', 'booking', [['name', 'Rosa Maria Delgado']])]);
    expect(m.entities.tp).toBe(1);
    expect(m.entities.fn).toBe(1);
  });
});

describe('scorePredictions', () => {
  const goldLines = [
    gold('1', true, 'URGENT', 'emergency', [['phone', '+15125550148']]),
    gold('2', false, 'HIGH', 'booking', [['date', '2026-01-15']]),
    gold('3', false, 'LOW', 'question'),
    gold('4', true, 'URGENT', 'emergency'),
  ].map(parseGoldLine);

  it('normalises predictions and computes the README metrics', () => {
    const m = scorePredictions(goldLines, [
      pred('1', 'true', 'urgent', 'Emergency', [['phone', '512-555-0148'], ['phone', '(512) 555 0148'], ['location', 'x']]),
      pred('2', 1, 'high', 'booking', [['DATE', '2026-01-16']]),
      pred('3', false, 'normal', 'follow-up'),
      pred('4', 0, 'HIGH', 'booking'),
    ]);
    expect(m.emergency).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 });
    expect(m.priority.accuracy).toBe(0.5);
    expect(m.priority.urgent_precision).toBe(1);
    expect(m.priority.urgent_recall).toBe(0.5);
    expect(m.priority.confusion.URGENT).toEqual({ URGENT: 1, HIGH: 1 });
    expect(m.intent.per_class.follow_up?.fp).toBe(1);
    // phone matched once after de-duplication; "location" is a false positive; wrong date is fp + fn.
    expect(m.entities.per_type.phone).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(m.entities.per_type.location).toMatchObject({ tp: 0, fp: 1 });
    expect(m.entities).toMatchObject({ tp: 1, fp: 2, fn: 1 });
  });

  it('counts a missing prediction as wrong everywhere and reports bad lines', () => {
    const m = scorePredictions(goldLines, [
      pred('1', true, 'URGENT', 'emergency', [['phone', '+15125550148']]),
      pred('1', false, 'LOW', 'other'),
      pred('9', false, 'LOW', 'other'),
      'not json',
      pred('3', false, 'LOW', 'question'),
    ]);
    expect(m.missing_predictions).toBe(2);
    expect(m.missing_prediction_ids).toEqual(['2', '4']);
    expect(m.duplicate_prediction_ids).toEqual(['1']);
    expect(m.unknown_prediction_ids).toEqual(['9']);
    expect(m.invalid_prediction_lines).toEqual([4]);
    // missing '2' (gold false) counts as a false alarm, missing '4' (gold true) as a miss.
    expect(m.emergency).toMatchObject({ tp: 1, fn: 1, fp: 1 });
    expect(m.entities.per_type.date).toMatchObject({ fn: 1 });
    expect(m.priority.accuracy).toBe(0.5);
  });

  it('macro-F1 averages over labels present in gold or prediction', () => {
    const m = scorePredictions([gold('a', false, 'LOW', 'other')].map(parseGoldLine), [pred('a', false, 'NORMAL', 'other')]);
    expect(m.priority.macro_f1).toBe(0);
    expect(Object.keys(m.priority.per_class).sort()).toEqual(['LOW', 'NORMAL']);
  });
});

describe('prf', () => {
  it('is 1 with nothing in gold and nothing predicted, 0 on any other empty denominator', () => {
    expect(prf(0, 0, 0)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(prf(0, 0, 3)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(prf(0, 2, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});
