import { describe, expect, it } from 'vitest';
import { analyze } from '../index.js';
import { GENERIC_VOCABULARY, INDUSTRY_VOCABULARIES } from './index.js';

// One own example per danger rule (industry, reason): the rule must fire on it. A second test keeps
// this table complete, so a rule added to the vocabulary without an example fails here.
const EXAMPLES: ReadonlyArray<[industry: string, reason: string, text: string]> = [
  ['generic', 'gas smell', 'there is a strong smell of natural gas in the hallway'],
  ['generic', 'gas leak', 'the landscaper nicked the gas line and it is leaking'],
  ['generic', 'carbon monoxide', 'we think there is carbon monoxide in the house'],
  ['generic', 'CO alarm going off', 'the CO detector keeps going off in the basement'],
  ['generic', 'possible carbon monoxide: symptoms near a burner', 'everyone is dizzy and nauseous since we lit the boiler'],
  ['generic', 'possible carbon monoxide: bad flame and symptoms', 'stove has a lazy orange flame and we all have headaches'],
  ['generic', 'bad burner flame', 'there is soot around the burners on our stove'],
  ['generic', 'fire', 'the dryer caught fire'],
  ['generic', 'on fire', 'the garage is on fire'],
  ['generic', 'smoke', 'there is smoke coming from behind the fridge'],
  ['generic', 'burning smell', 'the hallway smells like burning plastic'],
  ['generic', 'sparking', 'the switch sparks every time I flip it'],
  ['generic', 'hot or buzzing electrics', 'the breaker panel is buzzing really loud'],
  ['generic', 'electric shock', 'my wife got shocked touching the washer'],
  ['generic', 'power line down', 'there are downed power lines in our yard'],
  ['generic', 'water reaching electrics', 'water is dripping into the outlet by the sink'],
  ['generic', 'active flooding', 'there is two inches of water in the basement and rising'],
  ['generic', 'water pouring in', 'rain is coming in through the ceiling of the den'],
  ['generic', 'sewage backing up', 'sewage is backing up into the tub'],
  ['generic', 'overflow that will not stop', 'the toilet is overflowing and wont stop'],
  ['generic', 'overflow soaking through to the floor below', 'the upstairs toilet is running over and it is going through the floor'],
  ['generic', 'toilet overflowing', 'the toilet overflowed a little when we flushed'],
  ['generic', 'roof or ceiling breached', 'a tree fell on the house and through the roof'],
  ['generic', 'roof open to the rain', 'the storm tore off the tarp and it is raining in'],
  ['generic', 'roof damage', 'the wind tore off a bunch of shingles'],
  ['generic', 'break-in, cannot secure', 'we had a break-in and the back door will not lock now'],
  ['generic', 'break-in', 'someone broke in while we were away'],
  ['generic', 'person or pet locked in', 'my toddler is locked in the bathroom'],
  ['generic', 'dependent locked inside', 'I locked myself out and my baby is still inside the house'],
  ['generic', 'child or pet locked in a vehicle', 'the keys are locked in the car and my puppy is inside'],
  ['generic', 'locked out by landlord', 'the landlord changed the locks on us'],
  ['generic', 'person down behind a locked door', 'my aunt fell and the door is locked, she is not answering'],
  ['generic', 'locked out with a child or dependent inside', 'me quedé afuera y mi hijo está adentro solo'],
  ['generic', 'vulnerable person locked out in the cold or heat', 'grandpa is locked out and it is freezing outside'],
  ['generic', 'locked out in dangerous cold', 'locked out of my apartment and it is 5 below outside'],
  ['generic', 'lockout', 'I am locked out of my office'],
  ['generic', 'airway swelling', 'her lips are swelling and she says her throat is closing'],
  ['generic', 'uncontrolled bleeding', 'the cut is bleeding heavily and will not stop'],
  ['generic', 'emergency services involved', 'we called 911 and the ambulance is coming'],
  ['generic', 'no heat, freezing, vulnerable person', 'no heat, below zero out, and grandma is here'],
  ['generic', 'no AC, extreme heat, vulnerable person', 'the AC broke, its 110 outside and I am pregnant'],
  ['generic', 'no heat', 'the furnace is not heating'],
  ['generic', 'leak', 'there is a leak under the kitchen sink'],
  ['generic', 'roof leak', 'the roof is leaking over the garage'],
  ['generic', 'clogged drain or toilet', 'the shower drain is clogged'],
  ['generic', 'no hot water', 'we have no hot water'],
  ['generic', 'power loss', 'half the lights in the house went out'],
  ['generic', 'vehicle out of action', 'my truck wont start'],
  ['generic', 'no AC', 'the air conditioner is blowing warm air'],
  ['plumbing', 'water heater failing under pressure', 'the relief valve on the water heater is spraying'],
  ['plumbing', 'frozen pipes', 'our pipes are frozen'],
  ['plumbing', 'no water', 'we have no water at all'],
  ['hvac', 'burning equipment', 'the blower motor is burning'],
  ['electrical', 'flickering lights', 'the lights keep flickering'],
  ['electrical', 'damaged panel', 'the panel cover is rusted and wet'],
  ['roofing', 'storm damage', 'hail damage on the roof'],
  ['roofing', 'roof needs tarping', 'we need a tarp on the roof'],
  ['locksmith', 'child or pet locked in a vehicle', 'my son is locked in the van'],
  ['locksmith', 'broken key or jammed lock', 'the key broke off in the front door'],
  ['pest_control', 'bat exposure', 'a bat landed on my son while he was sleeping'],
  ['pest_control', 'stinging attack', 'wasps stung my daughter and she is allergic'],
  ['pest_control', 'venomous bite or sting risk', 'there is a rattlesnake inside the garage'],
  ['pest_control', 'venomous bite or sting', 'my son was stung by a scorpion in the yard'],
  ['pest_control', 'snake in the house with children or pets', 'a snake got in the living room and the kids are home'],
  ['pest_control', 'wild animal bite', 'a raccoon bit my husband on the porch'],
  ['restoration', 'fresh water or fire damage', 'the carpet is soaked from the water heater'],
  ['med_spa', 'possible vascular occlusion', 'the area where I had filler is blanching'],
  ['med_spa', 'vision change after treatment', 'my vision went blurry after the injection'],
  ['med_spa', 'reaction after treatment', 'I have blisters after my laser treatment'],
  ['dental', 'knocked-out tooth', 'my daughter knocked her front tooth out'],
  ['dental', 'tooth knocked out of place', 'he fell and his front tooth got pushed up into the gum'],
  ['dental', 'spreading facial swelling', 'my cheek is swollen and it is spreading toward my eye'],
  ['dental', 'tooth pain or damage', 'I cracked a molar and it hurts'],
  ['dental', 'facial swelling', 'my jaw is a bit swollen'],
  ['legal', 'person detained or arrested', 'my son was arrested an hour ago'],
  ['legal', 'eviction happening now', 'they are evicting us right now'],
  ['legal', 'children being taken', 'my ex took the kids and will not return them'],
  ['legal', 'deadline today or tomorrow', 'my response is due tomorrow'],
  ['legal', 'eviction', 'I got an eviction notice'],
  ['real_estate', 'deal deadline today or tomorrow', 'the inspection contingency ends tomorrow'],
  ['auto_repair', 'brakes failing', 'the brakes are failing'],
  ['auto_repair', 'fuel or brake fluid leak', 'gas is leaking under the car'],
  ['auto_repair', 'steering failure', 'I lost the steering on the freeway'],
];

const NOW = '2026-01-14T10:00:00-06:00';

describe('every danger rule fires on its example', () => {
  it.each(EXAMPLES)('%s: %s', (industry, reason, text) => {
    const a = analyze(text, { industry: industry === 'generic' ? 'other' : industry, timeZone: 'America/Chicago', now: NOW });
    expect(a.reasons, `${a.priority}: ${a.reasons.join('; ')}`).toContain(reason);
  });

  it('has an example for every rule of every vocabulary', () => {
    const covered = new Set(EXAMPLES.map(([i, r]) => `${i}|${r}`));
    const all = [
      ...GENERIC_VOCABULARY.rules.map((r) => `generic|${r.reason}`),
      ...Object.entries(INDUSTRY_VOCABULARIES).flatMap(([i, v]) => v.rules.map((r) => `${i}|${r.reason}`)),
    ];
    expect(all.filter((k) => !covered.has(k))).toEqual([]);
  });
});

describe('"on fire" in praise of a market or a team', () => {
  const ctx = { industry: 'real_estate', timeZone: 'America/Chicago', now: NOW };
  it.each([
    'this listing is on fire, we got six offers already',
    'this house is on fire, six offers in two days',
    'the market is on fire right now',
    'our promo has been on fire this month',
    'price is smoking hot for that neighborhood',
  ])('is not an emergency: %s', (text) => {
    expect(analyze(text, ctx).emergency).toBe(false);
  });

  it.each([
    'my house is on fire',
    'kitchen is on fire lol help',
    'flames are coming out of the house we listed and we had showings all day',
    'the team is on fire, but also my garage is on fire',
    'smoke is pouring out of the house and we have showings all afternoon',
  ])('a literal fire still is: %s', (text) => {
    expect(analyze(text, ctx).emergency).toBe(true);
  });
});
