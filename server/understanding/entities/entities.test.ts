import { describe, expect, it } from 'vitest';
import { analyze } from '../index.js';

/** Entities of one turn as [type, value] pairs, said on Monday 16 Nov 2026 at 14:00 in Chicago. */
const entities = (text: string, now = '2026-11-16T14:00:00-06:00') =>
  analyze({ text, channel: 'voice' }, { industry: 'plumbing', timeZone: 'America/Chicago', now }).entities.map((e) => [e.type, e.value]);

describe('phones, in E.164 with +1 assumed', () => {
  it.each([
    ['call me at 512-555-0148', '+15125550148'],
    ['my cell is (512) 555 0148', '+15125550148'],
    ['reach me at +1 512.555.0148', '+15125550148'],
    ['five one two five five five oh one four eight', '+15125550148'],
    ['five one two double five five zero one four eight', '+15125550148'],
    ['cinco uno dos cinco cinco cinco cero uno cuatro ocho', '+15125550148'],
  ])('%s', (text, value) => expect(entities(text)).toContainEqual(['phone', value]));

  it('keeps the corrected number after a self-correction', () => {
    expect(entities('it is five one two five five five oh one four eight no wait five one two five five five oh one four nine')).toEqual([['phone', '+15125550149']]);
    expect(entities('seven one three five five five oh two two one sorry oh two two four')).toEqual([['phone', '+17135550224']]);
  });

  it('ignores digit runs that are not phone numbers', () => {
    expect(entities('the model number is 12345 and it is 20 years old').filter(([t]) => t === 'phone')).toEqual([]);
  });
});

describe('emails, lower-cased, spoken ones rebuilt', () => {
  it.each([
    ['email me at Kayla.B@Gmail.com', 'kayla.b@gmail.com'],
    ['john dot smith at gmail dot com', 'john.smith@gmail.com'],
    ['my email is mike underscore t at yahoo dot com', 'mike_t@yahoo.com'],
    ['mi correo es ana punto ruiz arroba hotmail punto com', 'ana.ruiz@hotmail.com'],
  ])('%s', (text, value) => expect(entities(text)).toContainEqual(['email', value]));
});

describe('names, proper-cased, titles kept', () => {
  it.each([
    ['hi this is Brooke Adams calling', 'Brooke Adams'],
    ["my name's owen reilly", 'Owen Reilly'],
    ['mi nombre es Alberto Cruz', 'Alberto Cruz'],
    ['I have a question for Dr. Patel about my crown', 'Dr. Patel'],
    ['calling back about the estimate Chris sent over', 'Chris'],
    ['need a quote for the deck. – Ben Harlow', 'Ben Harlow'],
  ])('%s', (text, value) => expect(entities(text)).toContainEqual(['name', value]));

  it('does not take places, brands or days for people', () => {
    expect(entities('are you licensed in Travis County? we shop at Walgreens on Monday').filter(([t]) => t === 'name')).toEqual([]);
  });
});

describe('dates, resolved against the turn (Monday 2026-11-16, 14:00)', () => {
  it.each([
    ['can you come today', ['2026-11-16']],
    ['tonight would work', ['2026-11-16']],
    ['tomorrow or tmrw is fine', ['2026-11-17']],
    ['it stopped yesterday', ['2026-11-15']],
    ['how about Thursday', ['2026-11-19']],
    ['next Monday please', ['2026-11-23']],
    ['the tech came Friday and it broke again', ['2026-11-13']],
    ['cancel my appointment on the 20th', ['2026-11-20']],
    ['it was on the 3rd of this month', ['2026-11-03']],
    ['my appointment is on 12/14', ['2026-12-14']],
    ['Saturday the twenty eighth', ['2026-11-28']],
    ['viernes 20 de noviembre', ['2026-11-20']],
    ['hoy o mañana', ['2026-11-16', '2026-11-17']],
    ['on March 3rd', ['2027-03-03']],
  ])('%s', (text, values) => expect(entities(text).filter(([t]) => t === 'date').map(([, v]) => v)).toEqual(values));

  it('adds the time when one is tied to the day', () => {
    expect(entities('Thursday at nine, or Friday same time')).toEqual([
      ['date', '2026-11-19T09:00'],
      ['date', '2026-11-20T09:00'],
    ]);
    expect(entities('respond by tomorrow 5pm')).toEqual([['date', '2026-11-17T17:00']]);
    expect(entities('Saturday around 11am')).toEqual([['date', '2026-11-21T11:00']]);
    expect(entities('mañana a las tres de la tarde')).toEqual([['date', '2026-11-17T15:00']]);
  });

  it('adds no time for "after 2pm" or "morning", and no date for vague spans', () => {
    expect(entities('tomorrow after 2pm')).toEqual([['date', '2026-11-17']]);
    expect(entities('tomorrow morning')).toEqual([['date', '2026-11-17']]);
    expect(entities('this morning, last night, next week, this weekend, ASAP, anoche, la mañana')).toEqual([]);
  });
});

describe('amounts in dollars', () => {
  it.each([
    ['the invoice says $650', '650'],
    ['it was $1,200 last time', '1200'],
    ['budget around $5k', '5000'],
    ['pre-approved up to $600k', '600000'],
    ['I paid 300 bucks', '300'],
    ['two hundred bucks', '200'],
    ['the bill was $650 but he told me around four hundred', '400'],
  ])('%s', (text, value) => expect(entities(text)).toContainEqual(['amount', value]));

  it('leaves temperatures, counts, years and mileage alone', () => {
    expect(entities("it's 98 outside, we have 3 units, the car is a 2012 with 90000 miles and it's ten years old").filter(([t]) => t === 'amount')).toEqual([]);
  });
});

describe('addresses as stated, numbers as digits', () => {
  it.each([
    ['we are at 52 Orchard St', '52 Orchard St'],
    ['eighteen oh five Juniper Lane', '1805 Juniper Lane'],
    ['five fifty five Quail Run', '555 Quail Run'],
    ['fourteen twenty Oak Street apartment three', '1420 Oak Street, Apt 3'],
    ['4410 Birch Ln unit 2B', '4410 Birch Ln, Unit 2B'],
    ['the Walgreens lot at Fulton & 3rd', 'Fulton & 3rd'],
  ])('%s', (text, value) => expect(entities(text)).toContainEqual(['address', value]));

  it('keeps the corrected address after "no wait"', () => {
    expect(entities("it's fourteen oh two Oak Street no wait it's 1420 Oak")).toEqual([['address', '1420 Oak']]);
  });

  it('does not take counts or times for house numbers', () => {
    expect(entities('2 hrs after my filler, eight units at the Vista apartments, 10 missing shingles').filter(([t]) => t === 'address')).toEqual([]);
  });
});
