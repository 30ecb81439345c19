import { describe, expect, it } from 'vitest';
import { prepare } from './prepare.js';

describe('spelled numbers become digits', () => {
  it.each([
    ['five one two five five five oh one four eight', '5125550148'],
    ['double five', '55'],
    ['triple nine', '999'],
    ['fourteen twenty Oak', '1420 Oak'],
    ['eighteen oh five', '1805'],
    ['two hundred bucks', '200 bucks'],
    ['twelve hundred', '1200'],
    ['one thousand two hundred and fifty', '1250'],
    ['a hundred', '100'],
    ['twenty five', '25'],
    ['at nine thirty', 'at 930'],
    ['the twentieth', 'the 20th'],
    ['twenty first', '21st'],
    ['between five and six', 'between 5 and 6'],
    ['oh awesome', 'oh awesome'],
    ['one of those', 'one of those'],
    ['no one touched it', 'no one touched it'],
    ['one two three', '123'],
    ['twenty two hundred dollars', '2200 dollars'],
    ['forty five hundred Oak Lane', '4500 Oak Lane'],
    ['twenty hundred', '2000'],
    ['thirty three hundred and fifty', '3350'],
    ['nineteen fifty', '1950'],
    ['two thousand five hundred', '2500'],
    ['fifteen hundred', '1500'],
  ])('%s', (text, digits) => {
    expect(prepare(text).text).toBe(digits);
  });

  it('reads Spanish numbers in Spanish turns', () => {
    expect(prepare('mi número es cinco uno dos cinco cinco cinco cero uno cuatro ocho').text).toContain('5125550148');
    expect(prepare('vivo en la calle Roble mil cuatrocientos veinte').text).toContain('1420');
    expect(prepare('son treinta y cinco dólares').text).toContain('35');
  });

  it('keeps the original words for entity spans', () => {
    const p = prepare('call five one two five five five oh one four eight');
    const at = p.text.indexOf('5125550148');
    expect(p.raw.slice(p.segments.find((s) => s.outStart === at)?.rawStart)).toBe('five one two five five five oh one four eight');
  });
});
