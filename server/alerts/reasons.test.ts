import { describe, expect, it } from 'vitest';
import type { Business } from '../businesses/service.js';
import { freshReasons } from './reasons.js';

const plumber = { industry: 'plumbing', timezone: 'America/Chicago', vocabulary: { urgent: [], high: [] } } as unknown as Business;
const now = new Date('2026-11-25T15:00:00Z');

describe('freshReasons', () => {
  it.each<[string, string[], string[], string[]]>([
    ['the model rewording the analyser', ['active flooding'], ['Basement flooding from burst pipe'], []],
    ['the same words again', ['burst pipe'], ['burst pipe', 'Burst pipe.'], []],
    ['a different emergency', ['active flooding'], ['smell of gas'], ['smell of gas']],
    ['two rewordings of one new emergency in one go', ['active flooding'], ['smell of gas', 'strong gas odor in the kitchen'], ['smell of gas']],
    ['a fact the analyser cannot name, with a word not said yet', ['burst pipe, water everywhere'], ['water near the electrical panel'], ['water near the electrical panel']],
    ['a fact the analyser cannot name, every word said already', ['burst pipe, water everywhere'], ['water everywhere'], []],
  ])('%s', (_name, known, candidates, fresh) => {
    expect(freshReasons(plumber, known, candidates, now)).toEqual(fresh);
  });
});
