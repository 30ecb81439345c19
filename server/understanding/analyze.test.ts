import { describe, expect, it } from 'vitest';
import { analyze, type AnalysisContext } from './index.js';

const at = (industry: string, now = '2026-11-16T14:00:00-06:00'): AnalysisContext => ({ industry, timeZone: 'America/Chicago', now });
const verdict = (text: string, industry = 'plumbing', now?: string) => analyze({ text, channel: 'chat' }, at(industry, now));

describe('dangers are URGENT, and URGENT is exactly an emergency', () => {
  it.each([
    ['plumbing', 'water is pouring out under the sink and across the kitchen floor'],
    ['plumbing', 'the supply line to the toilet snapped and water is shooting everywhere'],
    ['plumbing', 'sewage is coming up through the floor drain in the basement'],
    ['plumbing', 'there is like a foot of water in the basement and it is still rising'],
    ['hvac', 'smells like rotten eggs next to the furnace'],
    ['hvac', 'the CO detector keeps going off and my wife has a headache'],
    ['hvac', 'flame looks orange and there is black soot on the vent and we all have headaches'],
    ['electrical', 'the breaker box is buzzing and it is hot to the touch'],
    ['electrical', 'water is dripping out of the ceiling light fixture'],
    ['electrical', 'the outlet sparked and now there is smoke'],
    ['electrical', 'a power line came down on the fence and it is sparking'],
    ['electrical', 'my son got shocked when he touched the dryer'],
    ['roofing', 'the tarp blew off and rain is pouring onto our bed'],
    ['locksmith', 'my dog is locked in the car and it is 95 out'],
    ['locksmith', 'I locked my keys in the car with my 2 year old inside'],
    ['locksmith', 'someone kicked in the back door last night and now it will not lock'],
    ['auto_repair', 'my brakes just gave out, the pedal goes to the floor'],
    ['auto_repair', 'there is smoke coming out from under the hood'],
    ['med_spa', 'had filler an hour ago and the tip of my nose is turning dusky purple'],
    ['med_spa', 'my throat feels tight and my lips are swelling after the treatment'],
    ['dental', 'my daughter knocked out her front tooth at practice'],
    ['dental', 'the swelling from my tooth is spreading down my neck'],
    ['dental', 'my gums are bleeding a lot and it will not stop'],
    ['legal', 'the sheriff is at my door right now evicting us'],
    ['legal', 'my husband was just detained by ICE outside work'],
    ['pest_control', 'a bat was in the baby room and it may have touched her'],
  ])('%s: %s', (industry, text) => {
    const result = verdict(text, industry);
    expect(result).toMatchObject({ priority: 'URGENT', emergency: true, intent: 'emergency' });
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('says why, in words an owner understands', () => {
    expect(verdict('it smells like gas in the kitchen').reasons).toContain('gas smell');
  });
});

describe('the same words that do not describe a danger now', () => {
  it.each([
    ['negated', 'no leak or anything, just want a quote for a new water heater'],
    ['negated', "I don't smell gas, just want the stove line capped"],
    ['negated between the parts', "half the outlets are dead, breaker won't reset, nothing smells or sparks"],
    ['past', 'we had a burst pipe last year and it was fixed, want a price on repiping'],
    ['past', 'we smelled gas near the furnace earlier but the gas company came and fixed it'],
    ['hypothetical', 'what do you charge if a pipe bursts at night?'],
    ['a question about a service', 'do you handle gas leaks?'],
    ['another sense', 'this deal is fire, can we tour saturday'],
    ['another sense', 'we ran out of gas, do you do roadside?'],
    ['another sense', 'need someone to look at our fire pit gas line'],
    ['resolved', 'actually it is not leaking anymore'],
  ])('%s: %s', (_why, text) => {
    expect(verdict(text).emergency).toBe(false);
  });
});

describe('plain descriptions without the keywords still raise an emergency', () => {
  it.each([
    ['plumbing', 'water is coming through the ceiling light'],
    ['hvac', 'it smells like rotten eggs by the stove'],
    ['electrical', 'the breaker box is buzzing and hot'],
  ])('%s: %s', (industry, text) => expect(verdict(text, industry).priority).toBe('URGENT'));
});

describe('who is at risk, the weather and the time of day', () => {
  it('no heat is HIGH for healthy adults and URGENT with an infant in freezing weather', () => {
    expect(verdict('the furnace stopped working, can you come today?', 'hvac').priority).toBe('HIGH');
    const cold = verdict('the furnace is out, it is 45 in here and we have a newborn', 'hvac');
    expect(cold.priority).toBe('URGENT');
    expect(cold.reasons[0]).toMatch(/no heat with an infant in freezing/);
  });

  it('no air conditioning is URGENT for an elderly person in extreme heat', () => {
    expect(verdict("the AC isn't blowing cold, it's 104 out and my mother is 88", 'hvac').priority).toBe('URGENT');
    expect(verdict('the AC quit, it is 97 outside, just us adults, soonest appointment?', 'hvac').priority).toBe('HIGH');
  });

  it('a lockout is HIGH, and URGENT for someone left out in freezing cold', () => {
    expect(verdict('locked out of my house, can you come today', 'locksmith').priority).toBe('HIGH');
    expect(verdict("my mom is 80 and locked herself out, it's 10 degrees outside", 'locksmith').priority).toBe('URGENT');
  });

  it('carries who is at risk from earlier turns of the conversation', () => {
    const history = [{ text: 'my dad lives with me, he is 91', channel: 'chat' as const }];
    const withHistory = analyze({ text: "the heat's out and it's 40 in here", channel: 'chat' }, { ...at('hvac'), history });
    expect(withHistory.priority).toBe('URGENT');
    expect(analyze({ text: "the heat's out and it's 40 in here", channel: 'chat' }, at('hvac')).priority).toBe('HIGH');
  });

  it('lowers the verdict when the caller says the danger is over', () => {
    const history = [{ text: 'water is pouring through the ceiling', channel: 'voice' as const }];
    const later = analyze({ text: "actually it's not leaking anymore, I shut the valve", channel: 'voice' }, { ...at('plumbing'), history });
    expect(later.emergency).toBe(false);
  });

  it('notes an emergency after hours', () => {
    expect(verdict('smells like gas in the basement', 'plumbing', '2026-11-16T02:30:00-06:00').reasons).toContain('after hours');
  });
});

describe('HIGH, NORMAL and LOW', () => {
  it.each([
    ['HIGH', 'plumbing', 'no hot water since yesterday'],
    ['HIGH', 'plumbing', 'the only toilet is clogged, can someone come today?'],
    ['HIGH', 'dental', 'really bad toothache, throbbing all night'],
    ['HIGH', 'legal', 'my answer to the lawsuit is due tomorrow'],
    ['HIGH', 'auto_repair', "car won't start and I need it for work tomorrow"],
    ['HIGH', 'pest_control', 'bed bugs in the kids room, how soon can you come?'],
    ['NORMAL', 'plumbing', 'faucet drips a little, not urgent, any time next week'],
    ['NORMAL', 'hvac', 'what does a furnace tune-up cost?'],
    ['NORMAL', 'dental', 'I need to reschedule my cleaning to next Friday'],
    ['NORMAL', 'auto_repair', 'check engine light came on this morning but it drives fine, any openings next week?'],
    ['LOW', 'roofing', 'just curious what a metal roof costs, maybe in a couple years'],
    ['LOW', 'electrical', 'are you licensed and insured?'],
    ['LOW', 'plumbing', 'is this the pizza place? sorry wrong number'],
    ['LOW', 'hvac', "I'm with Acme Marketing, we help contractors get more leads online"],
    ['LOW', 'legal', 'are you hiring paralegals?'],
    ['LOW', 'plumbing', 'thanks so much for coming out yesterday!'],
    ['LOW', 'roofing', 'do you do metal roofs? we are building in 2031'],
  ])('%s: %s', (priority, industry, text) => {
    expect(verdict(text, industry).priority).toBe(priority);
  });

  it('a business can add its own urgent phrases', () => {
    const context = { ...at('other'), vocabulary: { urgent: ['freezer alarm'], high: ['walk-in cooler'] } };
    expect(analyze('the freezer alarm is going off', context).priority).toBe('URGENT');
    expect(analyze('our walk-in cooler is warm', context).priority).toBe('HIGH');
  });
});

describe('intent', () => {
  it.each([
    ['cancel', 'please cancel my appointment on Friday'],
    ['other', 'please stop texting me'],
    ['complaint', 'the invoice says $650 but the tech told me around four hundred'],
    ['complaint', 'the electrician was supposed to come today and nobody showed up'],
    ['booking', 'can someone come out tomorrow to look at the water heater'],
    ['booking', 'I would like to reschedule my cleaning'],
    ['booking', 'can we see 4019 Hawthorne Ave on Saturday?'],
    ['quote', 'how much do you charge to install a ceiling fan?'],
    ['quote', 'what would it cost to add an outlet in the garage'],
    ['follow_up', 'calling back about the estimate Chris sent over'],
    ['follow_up', 'any update on my case? have not heard back'],
    ['question', 'do you sell gift cards?'],
    ['other', 'thanks for the great work!'],
    ['other', "I'm a paralegal looking for work, are you hiring?"],
  ])('%s: %s', (intent, text) => {
    const result = verdict(text);
    expect(result.intent).toBe(intent);
    expect(result.intentConfidence).toBeGreaterThan(0);
    expect(result.intentConfidence).toBeLessThanOrEqual(1);
  });

  it('is emergency exactly when the verdict is URGENT, whatever else is asked', () => {
    expect(verdict('how much to fix it? the outlet is sparking and smoking', 'electrical').intent).toBe('emergency');
  });
});

describe('Spanish', () => {
  it.each([
    ['URGENT', 'plumbing', 'huele a gas en la cocina'],
    ['URGENT', 'electrical', 'el enchufe echó chispas y huele a quemado'],
    ['URGENT', 'hvac', 'no tenemos calefacción, está a veinte grados afuera y mi mamá tiene noventa años'],
    ['HIGH', 'plumbing', 'el calentador de agua no calienta y necesito que vengan hoy'],
    ['NORMAL', 'pest_control', 'hay unas hormigas, nada grave, cuánto cuesta un tratamiento'],
    ['LOW', 'hvac', '¿venden filtros? es para más adelante'],
  ])('%s: %s', (priority, industry, text) => expect(verdict(text, industry).priority).toBe(priority));
});
