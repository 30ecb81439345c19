import { describe, expect, it } from 'vitest';
import { analyze, type Priority } from '../index.js';

// Own cases, one or more per rule: paraphrases of the label rules, never dataset sentences.
const NOW = '2026-01-14T10:00:00-06:00'; // a Wednesday in January

interface Case {
  text: string;
  industry: string;
  priority: Priority;
  now?: string;
}

function check(cases: Case[]): void {
  for (const c of cases) {
    it(`${c.priority}: ${c.text}`, () => {
      const a = analyze({ text: c.text, channel: 'chat' }, { industry: c.industry, timeZone: 'America/Chicago', now: c.now ?? NOW });
      expect(a.priority, a.reasons.join('; ')).toBe(c.priority);
      expect(a.emergency).toBe(a.priority === 'URGENT');
    });
  }
}

describe('plain descriptions of danger are emergencies', () => {
  check([
    { text: 'there is water dripping out of the ceiling light in the hallway', industry: 'plumbing', priority: 'URGENT' },
    { text: 'it smells like rotten eggs next to the oven', industry: 'hvac', priority: 'URGENT' },
    { text: 'our electrical panel is humming loudly and it feels hot', industry: 'electrical', priority: 'URGENT' },
    { text: 'kinda smells like sulfur in the basement near the water heater', industry: 'plumbing', priority: 'URGENT' },
    { text: 'the outlet behind the couch is sparking whenever we plug anything in', industry: 'electrical', priority: 'URGENT' },
    { text: 'the light switch in the kitchen is warm to the touch and crackling', industry: 'electrical', priority: 'URGENT' },
    { text: 'our carbon monoxide detector keeps going off', industry: 'hvac', priority: 'URGENT' },
    { text: 'we all feel dizzy and sick and the furnace has a weird yellow flame', industry: 'hvac', priority: 'URGENT' },
    { text: 'sewage is coming up through the shower drain', industry: 'plumbing', priority: 'URGENT' },
    { text: 'a pipe burst under the house and the crawlspace is filling up', industry: 'plumbing', priority: 'URGENT' },
    { text: 'water is pouring in through the kitchen ceiling', industry: 'restoration', priority: 'URGENT' },
    { text: 'the storm ripped the tarp off and rain is coming into the bedroom through the roof', industry: 'roofing', priority: 'URGENT' },
    { text: 'a big tree branch came down through our roof in the storm', industry: 'roofing', priority: 'URGENT' },
    { text: 'my toddler is locked inside the car and I cant get the door open', industry: 'locksmith', priority: 'URGENT' },
    { text: 'someone kicked in our back door last night and now it wont lock at all', industry: 'locksmith', priority: 'URGENT' },
    { text: 'the brake pedal goes all the way to the floor and the car barely stops', industry: 'auto_repair', priority: 'URGENT' },
    { text: 'smoke is coming out from under the hood of my truck', industry: 'auto_repair', priority: 'URGENT' },
    { text: 'after my filler this morning the skin by my nose looks white and kind of gray', industry: 'med_spa', priority: 'URGENT' },
    { text: 'since the injection my vision in one eye is blurry', industry: 'med_spa', priority: 'URGENT' },
    { text: 'my tongue is swelling and it is hard to breathe', industry: 'med_spa', priority: 'URGENT' },
    { text: 'my son fell off his bike and knocked out his front tooth', industry: 'dental', priority: 'URGENT' },
    { text: 'my cheek swelling is spreading up to my eye and I have a fever', industry: 'dental', priority: 'URGENT' },
    { text: 'the extraction site has been bleeding heavily for two hours and wont stop', industry: 'dental', priority: 'URGENT' },
    { text: 'my husband was just arrested and they are taking him to county jail', industry: 'legal', priority: 'URGENT' },
    { text: 'the sheriff is at the door right now evicting us', industry: 'legal', priority: 'URGENT' },
    { text: 'there is a bat in the nursery and it landed on the crib', industry: 'pest_control', priority: 'URGENT' },
    { text: 'the hot tub breaker box is smoking', industry: 'electrical', priority: 'URGENT' },
    { text: 'i think i hit the gas line while digging and it is hissing', industry: 'plumbing', priority: 'URGENT' },
  ]);
});

describe('vulnerable people, weather and season raise priority', () => {
  check([
    { text: 'our heat went out and it is 5 degrees tonight, we have a newborn', industry: 'hvac', priority: 'URGENT' },
    { text: 'furnace quit and my 88 year old dad is staying with us, its freezing', industry: 'hvac', priority: 'URGENT' },
    { text: 'the AC died, it is 104 outside and my grandmother is on oxygen', industry: 'hvac', priority: 'URGENT', now: '2026-07-20T15:00:00-05:00' },
    { text: 'our heat went out and it is 5 degrees tonight', industry: 'hvac', priority: 'HIGH' },
    { text: 'furnace stopped working, we are two adults and have space heaters', industry: 'hvac', priority: 'HIGH' },
    { text: 'AC stopped cooling upstairs, can someone come today', industry: 'hvac', priority: 'HIGH', now: '2026-07-20T15:00:00-05:00' },
  ]);
});

describe('same-day and next-day needs are HIGH', () => {
  check([
    { text: 'no hot water since this morning', industry: 'plumbing', priority: 'HIGH' },
    { text: 'our only toilet is clogged and wont flush', industry: 'plumbing', priority: 'HIGH' },
    { text: 'there is a slow drip from the water heater into the pan', industry: 'plumbing', priority: 'HIGH' },
    { text: 'locked out of my apartment, nobody else is inside', industry: 'locksmith', priority: 'HIGH' },
    { text: 'half the outlets in the house stopped working but nothing smells burnt', industry: 'electrical', priority: 'HIGH' },
    { text: 'terrible toothache keeping me up all night', industry: 'dental', priority: 'HIGH' },
    { text: 'my hearing is tomorrow morning and I still need a lawyer', industry: 'legal', priority: 'HIGH' },
    { text: 'the car wont start and I need it for work tomorrow', industry: 'auto_repair', priority: 'HIGH' },
    { text: 'we have to answer the counteroffer by tonight, can you call me', industry: 'real_estate', priority: 'HIGH' },
  ]);
});

describe('negated, past, hypothetical and other-sense mentions do not raise an emergency', () => {
  check([
    { text: 'no leak or anything, I just want a quote for a new faucet', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'there is no gas smell, I just want the stove hooked up', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'we had a pipe burst two winters ago and now want to replace all the old pipes', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'the basement flooded last year so I would like a sump pump installed', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'what would you charge if a pipe ever bursts on a weekend?', industry: 'plumbing', priority: 'LOW' },
    { text: 'do you handle gas leaks or should we call the utility?', industry: 'plumbing', priority: 'LOW' },
    { text: 'your spring promo is fire, can I get that price for a tune up next month?', industry: 'hvac', priority: 'NORMAL' },
    { text: 'thinking about a fire pit on the patio, can you run a gas line to it?', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'that was a killer deal on the water heater, thanks again!', industry: 'plumbing', priority: 'LOW' },
    { text: 'the outlet is not sparking or hot, it just stopped working, whenever you have time', industry: 'electrical', priority: 'NORMAL' },
  ]);
});

describe('routine needs are NORMAL, no concrete need is LOW', () => {
  check([
    { text: 'can I get a cleaning sometime in February?', industry: 'dental', priority: 'NORMAL' },
    { text: 'how much to replace a kitchen faucet?', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'please cancel my appointment next Tuesday', industry: 'dental', priority: 'NORMAL' },
    { text: 'the tech left mud all over my carpet and the leak is still there', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'what are your hours on Saturday?', industry: 'auto_repair', priority: 'LOW' },
    { text: 'do you guys service the north side of town?', industry: 'hvac', priority: 'LOW' },
    { text: 'we might redo our roof someday, just curious about metal roof prices', industry: 'roofing', priority: 'LOW' },
    { text: 'we help contractors get more leads with Google ads, who handles your marketing?', industry: 'roofing', priority: 'LOW' },
    { text: 'sorry wrong number', industry: 'locksmith', priority: 'LOW' },
    { text: 'just wanted to say thanks, the crew did a great job!', industry: 'roofing', priority: 'LOW' },
  ]);
});

describe('Spanish', () => {
  check([
    { text: 'huele mucho a gas en la cocina', industry: 'plumbing', priority: 'URGENT' },
    { text: 'se reventó un tubo y se está inundando el baño', industry: 'plumbing', priority: 'URGENT' },
    { text: 'no tengo agua caliente desde ayer, pueden venir mañana', industry: 'plumbing', priority: 'HIGH' },
    { text: 'cuánto cobran por destapar un drenaje?', industry: 'plumbing', priority: 'NORMAL' },
    { text: 'arrestaron a mi hermano y necesito un abogado ahora', industry: 'legal', priority: 'URGENT' },
  ]);
});

describe('time of day in the business time zone', () => {
  // 3 a.m. and 3 p.m. on a January Wednesday in Chicago (UTC-6).
  const NIGHT = new Date('2026-01-14T09:00:00Z');
  const DAY = new Date('2026-01-14T21:00:00Z');

  function priorityAt(text: string, industry: string, now: Date, timeZone = 'America/Chicago'): Priority {
    const a = analyze({ text, channel: 'voice' }, { industry, timeZone, now });
    expect(a.emergency).toBe(a.priority === 'URGENT');
    return a.priority;
  }

  it.each([
    ['your tech fixed the furnace and now it is not working again, this is ridiculous', 'hvac'],
    ['I locked myself out, my own fault, and I was unhappy with the last locksmith you sent', 'locksmith'],
    ['my elderly mother lives with me and the garage door opener is broken', 'hvac'],
  ])('a loss of heat, access or a vulnerable person rises from NORMAL to HIGH at night: %s', (text, industry) => {
    expect(priorityAt(text, industry, DAY)).toBe('NORMAL');
    expect(priorityAt(text, industry, NIGHT)).toBe('HIGH');
  });

  it('counts a problem back "again" even when the past cue sits inside its phrase', () => {
    const text = 'the heater you fixed last week is out again';
    const a = analyze({ text, channel: 'voice' }, { industry: 'hvac', timeZone: 'America/Chicago', now: NIGHT });
    expect(a.reasons).not.toContain('past: no heat');
    expect(a.priority).toBe('HIGH');
  });

  it('reads the hour in the business zone: 09:00 UTC is night in Chicago, morning in Berlin', () => {
    const text = 'my elderly mother lives with me and the garage door opener is broken';
    expect(priorityAt(text, 'hvac', NIGHT, 'America/Chicago')).toBe('HIGH');
    expect(priorityAt(text, 'hvac', NIGHT, 'Europe/Berlin')).toBe('NORMAL');
  });

  it('never makes an emergency from the hour alone', () => {
    expect(priorityAt('the furnace stopped working', 'hvac', NIGHT)).toBe('HIGH');
    expect(priorityAt('we have no hot water, just me and my husband', 'plumbing', NIGHT)).toBe('HIGH');
  });

  it('leaves routine needs, and callers who say there is no rush, as they are', () => {
    expect(priorityAt('my faucet drips a bit, can you come next week', 'plumbing', NIGHT)).toBe('NORMAL');
    expect(priorityAt('no rush, the furnace is out at the rental and nobody lives there', 'hvac', NIGHT)).toBe('NORMAL');
    expect(priorityAt('what are your hours on Saturday?', 'hvac', NIGHT)).toBe('LOW');
  });
});

describe('spoken numbers count as digits for ages and temperatures', () => {
  const WINTER_NIGHT = '2026-01-15T20:00:00-06:00';
  const SUMMER_DAY = '2026-07-20T15:00:00-05:00';
  it.each([
    ['hvac', WINTER_NIGHT, 'furnace quit on us my mom is 90 and its 10 degrees outside', 'furnace quit on us my moms ninety and its ten degrees outside'],
    ['hvac', WINTER_NIGHT, "furnace quit on us my mom's 90 and its 10 degrees outside", "furnace quit on us my mom's ninety and its ten degrees outside"],
    ['hvac', WINTER_NIGHT, 'heat is out and my grandma is 91', 'heat is out and my grandma is ninety-one'],
    ['hvac', WINTER_NIGHT, 'furnace died and we have a 6 week old', 'furnace died and we have a six week old'],
    ['locksmith', WINTER_NIGHT, 'locked out and its -5 outside', 'locked out and its minus five outside'],
    ['hvac', SUMMER_DAY, 'ac is out its 104 outside and my mom is 80', 'ac is out its one hundred and four outside and my mom is eighty'],
    ['hvac', WINTER_NIGHT, 'no heat and my mother is in her 90s', 'no heat and my mother is in her nineties'],
  ])('%s: "%s" and its spoken form are both URGENT', (industry, now, digits, spoken) => {
    const ctx = { industry, timeZone: 'America/Chicago', now };
    expect(analyze({ text: digits, channel: 'voice' }, ctx).priority).toBe('URGENT');
    expect(analyze({ text: spoken, channel: 'voice' }, ctx).priority).toBe('URGENT');
  });
});
