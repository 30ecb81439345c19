import { describe, expect, it } from 'vitest';
import { analyze, type Intent } from '../index.js';

const NOW = '2026-03-10T09:30:00-05:00'; // a Tuesday

function check(cases: Array<[text: string, industry: string, intent: Intent]>): void {
  for (const [text, industry, intent] of cases) {
    it(`${intent}: ${text}`, () => {
      const a = analyze({ text, channel: 'chat' }, { industry, timeZone: 'America/Chicago', now: NOW });
      expect(a.intent, `${a.priority} ${a.reasons.join('; ')}`).toBe(intent);
      expect(a.intentConfidence).toBeGreaterThan(0);
      expect(a.intentConfidence).toBeLessThanOrEqual(1);
    });
  }
}

describe('one intent per turn, first in label order wins', () => {
  check([
    // emergency iff emergency
    ['water is gushing out of the wall behind the washer', 'plumbing', 'emergency'],
    // cancel beats everything else; opting out of marketing is other
    ['need to cancel thursdays cleaning, sorry for the short notice', 'dental', 'cancel'],
    ['please cancel our quarterly pest plan, we are moving', 'pest_control', 'cancel'],
    ['stop texting me promos please', 'hvac', 'other'],
    ['whats your cancellation policy for consults?', 'legal', 'question'],
    // complaint: unhappy with past work, staff or a bill
    ['your guy was here yesterday and the sink is still leaking, not happy', 'plumbing', 'complaint'],
    ['I was charged twice for the same service call', 'hvac', 'complaint'],
    ['the receptionist was really rude to my mom on the phone', 'dental', 'complaint'],
    // booking: schedule, reschedule, request a visit, consultation or showing
    ['can someone come look at my water heater this week?', 'plumbing', 'booking'],
    ['id like to move my appt from friday to monday', 'med_spa', 'booking'],
    ['could we tour the house on Elm this weekend?', 'real_estate', 'booking'],
    ['I would like to set up a consultation about a divorce', 'legal', 'booking'],
    // quote: price of work, hypothetical prices included
    ['how much do you charge to rekey a house?', 'locksmith', 'quote'],
    ['what would a full brake job run on a 2015 civic', 'auto_repair', 'quote'],
    ['ballpark for a new 3 ton AC unit installed?', 'hvac', 'quote'],
    // follow_up: existing job, appointment, case, quote or invoice
    ['any update on my case? havent heard from anyone', 'legal', 'follow_up'],
    ['just confirming my appointment for tomorrow at 10', 'dental', 'follow_up'],
    ['when will the part for my car be in?', 'auto_repair', 'follow_up'],
    // question: other information
    ['do you accept Delta Dental insurance?', 'dental', 'question'],
    ['is it normal for a new furnace to smell a little the first time?', 'hvac', 'question'],
    // other: spam, sales, job seekers, wrong number, thanks, chit-chat
    ['hi are you hiring any apprentices? I just finished trade school', 'electrical', 'other'],
    ['thanks so much, everything works great now', 'electrical', 'other'],
    ['sorry I think I dialed the wrong number', 'roofing', 'other'],
    ['We can get your business to the top of Google in 30 days', 'plumbing', 'other'],
    // Spanish
    ['quisiera hacer una cita para la próxima semana', 'dental', 'booking'],
    ['cuánto cuesta cambiar una chapa?', 'locksmith', 'quote'],
    ['quiero cancelar mi cita del viernes', 'med_spa', 'cancel'],
  ]);
});
