import { describe, expect, it } from 'vitest';
import { prf, score, valuesMatch, type GoldCase } from './scorer.js';

const gold = (id: string, priority: string, intent: string, entities: Array<{ type: string; value: string }> = []): GoldCase => ({
  id,
  expected: { emergency: priority === 'URGENT', priority, intent, entities },
});
const line = (o: object) => JSON.stringify(o);

describe('scorer', () => {
  it('counts a P/R/F1 with nothing in gold and nothing predicted as 1, and a zero denominator otherwise as 0', () => {
    expect(prf(0, 0, 0)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(prf(0, 2, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('normalises predictions: priority case, intent spelling, emergency forms, duplicate entities', () => {
    const result = score(
      [gold('a', 'URGENT', 'follow_up', [{ type: 'phone', value: '+15125550148' }])],
      [line({ id: 'a', emergency: 'true', priority: 'urgent', intent: 'Follow-Up', entities: [{ type: 'PHONE', value: '512-555-0148' }, { type: 'phone', value: '(512) 555 0148' }] })],
    );
    expect(result.emergency).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(result.priority.accuracy).toBe(1);
    expect(result.intent.accuracy).toBe(1);
    expect(result.entities).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });

  it('treats a missing prediction as wrong everywhere and reports unknown, duplicate and invalid lines', () => {
    const result = score(
      [gold('a', 'URGENT', 'emergency', [{ type: 'email', value: 'x@y.com' }]), gold('b', 'LOW', 'other')],
      [line({ id: 'b', emergency: false, priority: 'LOW', intent: 'other', entities: [] }), line({ id: 'b', priority: 'HIGH' }), line({ id: 'zzz' }), '{not json'],
    );
    expect(result.missing_predictions).toBe(1);
    expect(result.missing_prediction_ids).toEqual(['a']);
    expect(result.duplicate_prediction_ids).toEqual(['b']);
    expect(result.unknown_prediction_ids).toEqual(['zzz']);
    expect(result.invalid_prediction_lines).toEqual([4]);
    expect(result.emergency).toMatchObject({ tp: 0, fn: 1 });
    expect(result.priority.accuracy).toBe(0.5);
    expect(result.priority.urgent_recall).toBe(0);
    expect(result.entities).toMatchObject({ tp: 0, fn: 1 });
  });

  it('builds the confusion matrix and macro-F1 over the labels present', () => {
    const result = score(
      [gold('a', 'HIGH', 'booking'), gold('b', 'NORMAL', 'quote')],
      [line({ id: 'a', priority: 'NORMAL', intent: 'booking', entities: [] }), line({ id: 'b', priority: 'NORMAL', intent: 'quote', entities: [] })],
    );
    expect(result.priority.confusion).toEqual({ HIGH: { NORMAL: 1 }, NORMAL: { NORMAL: 1 } });
    expect(result.priority.per_class.NORMAL).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(result.priority.macro_f1).toBeCloseTo((0 + 2 / 3) / 2);
  });

  it('matches each gold entity to at most one prediction, maximally', () => {
    const result = score(
      [gold('a', 'NORMAL', 'booking', [{ type: 'date', value: '2026-11-19' }, { type: 'date', value: '2026-11-19T09:00' }])],
      [line({ id: 'a', priority: 'NORMAL', intent: 'booking', entities: [{ type: 'date', value: '2026-11-19T09:00' }, { type: 'fax', value: '1' }] })],
    );
    expect(result.entities).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(result.entities.per_type.fax).toMatchObject({ fp: 1 });
  });

  it.each([
    ['phone', '+15125550148', '15125550148', true],
    ['email', 'a@b.com', 'A@B.COM', true],
    ['name', 'Dr. Nguyen', 'nguyen', true],
    ['name', 'José Ruiz', 'Jose Ruiz Garcia', true],
    ['name', 'Ana Ruiz', 'Ana Lopez', false],
    ['address', '1420 Oak Street, Apt 3', '1420 Oak St', true],
    ['address', '52 Orchard St', '52 Orchard Street Unit 4 Austin TX', true],
    ['address', '52 Orchard St', '25 Orchard St', false],
    ['date', '2026-11-19', '2026-11-19T09:00', true],
    ['date', '2026-11-19T09:00', '2026-11-19', false],
    ['date', '2026-11-19T09:00', '2026-11-19T09:00-06:00', true],
    ['amount', '5000', '$5k', true],
    ['amount', '1200', '$1,200', true],
    ['amount', '1200', '120', false],
  ])('%s: %s ~ %s → %s', (type, g, p, match) => expect(valuesMatch(type, g, p)).toBe(match));
});
