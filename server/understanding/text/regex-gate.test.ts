import { describe, expect, it } from 'vitest';
import { GENERIC_VOCABULARY, INDUSTRY_VOCABULARIES } from '../vocabulary/index.js';
import { prepare } from './prepare.js';
import { gateKeys, gateOpen, wordPrefixes } from './regex-gate.js';

const SAMPLES = [
  'there is water dripping out of the ceiling light',
  'it smells like rotten eggs by the stove',
  'the breaker box is buzzing and hot',
  'no heat and its 5 degrees, baby in the house',
  'huele a gas y el calentador echa chispas',
  'my dog is locked in the car',
  'a.s.a.p. please, check-up tomorrow',
  'the extraction site is bleeding a lot',
  'sewage backing up in the basement',
  'I got shocked by the dryer',
  'smoke from the outlet 🔥 help',
  'throat feels tight after the injection',
  'we have 2 inches of water and a 3 week old baby, its 9 degrees',
  'i have another bathroom so no rush',
  'the panel is hot and its 104 outside',
];

describe('regex gate', () => {
  it('derives literal word starts from alternations', () => {
    expect(gateKeys(String.raw`\b(smell(s|ing)?|odou?r|stinks?)\b`)).toEqual(['smel', 'odo', 'stin']);
    expect(gateKeys(String.raw`\b((the )?fire|flames?)\b`)).toEqual(expect.arrayContaining(['fire', 'the', 'flam']));
  });

  it('gives no gate when a pattern can start with anything', () => {
    expect(gateKeys(String.raw`\b(\d+ degrees|cold)\b`)).toEqual([...'0123456789', 'cold']);
    expect(gateKeys(String.raw`(x|[a-z]+ing)`)).toBeUndefined();
    expect(gateKeys(String.raw`(.{0,20}fire)`)).toBeUndefined();
  });

  it('never closes on a text the pattern matches (every concept, every sample)', () => {
    const vocabularies = [GENERIC_VOCABULARY, ...Object.values(INDUSTRY_VOCABULARIES)];
    for (const sample of SAMPLES) {
      const low = prepare(sample).low;
      const prefixes = wordPrefixes(low);
      for (const v of vocabularies) {
        for (const [name, source] of Object.entries(v.concepts)) {
          if (new RegExp(source).test(low)) expect(gateOpen(gateKeys(source), prefixes), `${name} on "${sample}"`).toBe(true);
        }
      }
    }
  });
});
