import { describe, expect, it } from 'vitest';
import { analyze, type EntityType } from '../index.js';

// Wednesday 14 January 2026, 10:00 in Chicago.
const NOW = '2026-01-14T10:00:00-06:00';

function entities(text: string, type?: EntityType, now = NOW): string[] {
  const a = analyze({ text, channel: 'voice' }, { industry: 'plumbing', timeZone: 'America/Chicago', now });
  return a.entities.filter((e) => !type || e.type === type).map((e) => e.value);
}

describe('phone: E.164, US default', () => {
  it.each([
    ['call me at 512-555-0148', '+15125550148'],
    ['my cell is (512) 555 0148', '+15125550148'],
    ['reach me on 512.555.0148 anytime', '+15125550148'],
    ['number is +1 512 555 0148', '+15125550148'],
    ['five one two five five five oh one four eight', '+15125550148'],
    ['my number is five one two five five five zero one four eight thanks', '+15125550148'],
    ['it is five one two double five five oh one four eight', '+15125550148'],
    ['you can reach me at five twelve five five five oh one four eight', '+15125550148'],
    ['five one two um five five five oh one four eight', '+15125550148'],
    ['mi número es cinco uno dos cinco cinco cinco cero uno cuatro ocho', '+15125550148'],
  ])('%s', (text, value) => {
    expect(entities(text, 'phone')).toEqual([value]);
  });

  it('keeps only the corrected number after a self-correction', () => {
    expect(entities('five one two five five five oh one four eight no wait oh one four nine', 'phone')).toEqual(['+15125550149']);
    expect(entities('it is 512 555 0148 sorry 512 555 0199', 'phone')).toEqual(['+15125550199']);
  });

  it('does not read prices, years or zip codes as phones', () => {
    expect(entities('the quote was $1,250 for the 2019 model in 78704', 'phone')).toEqual([]);
  });
});

describe('email: lower case, spoken forms rebuilt', () => {
  it.each([
    ['email me at John.Smith@Gmail.com please', 'john.smith@gmail.com'],
    ['its john dot smith at gmail dot com', 'john.smith@gmail.com'],
    ['send it to m dot alvarez at acmeroofing dot com', 'm.alvarez@acmeroofing.com'],
    ['mary underscore lee at yahoo dot com', 'mary_lee@yahoo.com'],
    ['mi correo es ana punto ruiz arroba hotmail punto com', 'ana.ruiz@hotmail.com'],
    ['j smith seventy two at yahoo dot com', 'jsmith72@yahoo.com'],
    ['email is j o n at gmail dot com', 'jon@gmail.com'],
    ['john dot smith eighty at gmail dot com', 'john.smith80@gmail.com'],
  ])('%s', (text, value) => {
    expect(entities(text, 'email')).toEqual([value]);
  });
});

describe('date: ISO in the caller zone', () => {
  it.each([
    ['can you come today', ['2026-01-14']],
    ['tonight works', ['2026-01-14']],
    ['tmrw at 3pm?', ['2026-01-15T15:00']],
    ['tomorrow morning is best', ['2026-01-15']],
    ['next Tuesday please', ['2026-01-20']],
    ['how about Friday at nine thirty', ['2026-01-16T09:30']],
    ['it started leaking on Monday', ['2026-01-12']],
    ['the 20th works for me', ['2026-01-20']],
    ['my appointment on 1/28 at 2:15pm', ['2026-01-28T14:15']],
    ['can we do February 3rd', ['2026-02-03']],
    ['it broke yesterday', ['2026-01-13']],
    ['any time after 2pm tomorrow', ['2026-01-15']],
    ['the day after tomorrow at noon', ['2026-01-16T12:00']],
    ['3pm tomorrow works', ['2026-01-15T15:00']],
    ['tonight at 8', ['2026-01-14T20:00']],
    ['Thursday at ten, or Friday same time', ['2026-01-15T10:00', '2026-01-16T10:00']],
    ['el viernes 20 de marzo a las tres', ['2026-03-20T15:00']],
    ['puede ser mañana por la mañana', ['2026-01-15']],
    ['desde ayer no funciona, pueden venir hoy', ['2026-01-13', '2026-01-14']],
    ['el lunes que viene', ['2026-01-19']],
  ])('%s', (text, values) => {
    expect(entities(text, 'date')).toEqual(values);
  });

  it('does not annotate this morning, last night, next week, this weekend or ASAP', () => {
    expect(entities('it started this morning, got worse last night; next week or this weekend is fine, ASAP ideally', 'date')).toEqual([]);
  });

  it('keeps the corrected day after a self-correction', () => {
    expect(entities('can you do Thursday no wait Friday', 'date')).toEqual(['2026-01-16']);
  });

  it('accepts a Date and resolves in the given zone', () => {
    const a = analyze('tomorrow please', { industry: 'hvac', timeZone: 'America/Los_Angeles', now: new Date('2026-01-15T05:00:00Z') });
    expect(a.entities.map((e) => e.value)).toEqual(['2026-01-15']);
  });
});

describe('amount: dollars as a number string', () => {
  it.each([
    ['they quoted $1,200 for it', ['1200']],
    ['budget is about $5k', ['5000']],
    ['I can do two hundred bucks', ['200']],
    ['paid 350 dollars last time', ['350']],
    ['invoice says $89.50', ['89.5']],
    ['the estimate was around fifteen hundred', ['1500']],
    ['me cobraron 300 dólares', ['300']],
    ['they want twenty two hundred dollars for it', ['2200']],
    ['quoted me thirty five hundred bucks', ['3500']],
    ['about two thousand five hundred dollars', ['2500']],
  ])('%s', (text, values) => {
    expect(entities(text, 'amount')).toEqual(values);
  });

  it('keeps the corrected amount after a self-correction', () => {
    expect(entities('they charged two hundred no sorry three hundred dollars', 'amount')).toEqual(['300']);
  });

  it('skips temperatures, counts, years and mileage', () => {
    expect(entities('its 95 degrees, 3 units, a 2012 truck with 120k miles', 'amount')).toEqual([]);
  });
});

describe('address: as stated, numbers as digits', () => {
  it.each([
    ['we are at 1420 Oak Street apartment 3', ['1420 Oak Street, Apt 3']],
    ['fourteen twenty oak street', ['1420 Oak Street']],
    ['the house is at eighteen oh five Juniper Lane', ['1805 Juniper Lane']],
    ['address is 77 N Main St Suite 200', ['77 N Main St, Suite 200']],
    ['corner of Fulton and 3rd', ['Fulton & 3rd']],
    ['vivo en la calle Roble número 123', ['Calle Roble 123']],
    ['vivo en 455 calle Elm', ['455 Calle Elm']],
    ['estoy en 2200 avenida Lamar', ['2200 Avenida Lamar']],
    ['vivo en 455 calle elm y mi número es 512 555 0148', ['455 Calle Elm']],
    ['es el 300 camino Real apartamento 4', ['300 Camino Real, Apt 4']],
    ['forty five hundred oak lane', ['4500 Oak Lane']],
  ])('%s', (text, values) => {
    expect(entities(text, 'address')).toEqual(values);
  });

  it('keeps the corrected address after a self-correction', () => {
    expect(entities('it is 1410 Oak Street no wait its 1420 Oak', 'address')).toEqual(['1420 Oak']);
  });

  it('does not annotate a city or a highway alone', () => {
    expect(entities('I live in Austin off highway 71', 'address')).toEqual([]);
  });
});

describe('name: proper-cased, titles kept', () => {
  it.each([
    ['hi this is Brenda Lopez', ['Brenda Lopez']],
    ['my name is carlos mendez', ['Carlos Mendez']],
    ['me llamo Rosa María Delgado', ['Rosa María Delgado']],
    ['I saw Dr. Patel last week', ['Dr. Patel']],
    ['thanks! - Kevin Moore', ['Kevin Moore']],
    ['ask for Linda when you get here', ['Linda']],
  ])('%s', (text, values) => {
    expect(entities(text, 'name')).toEqual(values);
  });

  it('keeps the corrected name after a spoken correction', () => {
    expect(entities('my name is john no sorry jon, jon smith', 'name')).toEqual(['Jon Smith']);
    expect(entities('this is john no sorry jon smith', 'name')).toEqual(['Jon Smith']);
    expect(entities('my name is john no sorry jon with no h jon smith', 'name')).toEqual(['Jon Smith']);
  });

  it('does not glue the next words onto a name said twice', () => {
    expect(entities('my name is ana and ana needs a plumber', 'name')).toEqual(['Ana']);
    expect(entities('my name is jon smith jon needs a plumber', 'name')).toEqual(['Jon Smith']);
    expect(entities('this is bob no wait the leak is back', 'name')).toEqual(['Bob']);
  });

  it('does not take businesses or places for people', () => {
    expect(entities('I work for Sunrise Realty in Travis County and shop at Home Depot', 'name')).toEqual([]);
  });
});
