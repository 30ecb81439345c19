import { afterEach, describe, expect, it } from 'vitest';
import { startAlertHarness, type AlertHarness } from '../test-kit/alert-harness.js';

let h: AlertHarness;
afterEach(() => h.stop());

const liveCallSid = `CA${'a'.repeat(32)}`;

async function voiceEmergency(connected: Array<{ callSid: string; ownerPhone: string }>, fail = false) {
  h = await startAlertHarness({
    async connectOwnerToCall(args) {
      if (fail) throw new Error('Twilio refused the redirect');
      connected.push(args);
    },
  });
  const business = h.createBusiness();
  const { leads, db } = h.server.services;
  const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
  // What the voice service writes while the caller is on the line.
  db.prepare(`INSERT INTO calls (id, business_id, lead_id, from_number, to_number, status, started_at) VALUES (?, ?, ?, ?, ?, 'in-progress', ?)`).run(
    liveCallSid,
    business.id,
    lead.id,
    '+15125550148',
    business.twilioNumber,
    '2026-11-25T14:59:00.000Z',
  );
  leads.flagEmergency(lead.id, 'burst pipe');
  await h.runDue();
  const callStep = leads.detail(lead.id).alerts.find((a) => a.channel === 'call')!;
  return { lead, callStep, press: (digits: string) => h.twilioPost(`/twilio/alerts/gather?alert=${callStep.id}`, { CallSid: callStep.providerId!, Digits: digits }) };
}

describe('"press 1 to be connected to the caller now"', () => {
  it("connects the owner to the caller's live call and acknowledges", async () => {
    const connected: Array<{ callSid: string; ownerPhone: string }> = [];
    const { press } = await voiceEmergency(connected);
    const response = await press('1');
    expect(response.text).toContain('Connecting you to the caller now.');
    expect(connected).toEqual([{ callSid: liveCallSid, ownerPhone: '+15125550122' }]);
    expect(h.server.services.alerts.list({ limit: 1 })[0]).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'call' });
  });

  it('when the caller has hung up: says so, and acknowledges', async () => {
    const connected: Array<{ callSid: string; ownerPhone: string }> = [];
    const { lead, press } = await voiceEmergency(connected);
    h.server.services.db.prepare(`UPDATE calls SET status = 'completed', ended_at = ? WHERE lead_id = ?`).run('2026-11-25T15:01:00.000Z', lead.id);
    const response = await press('1');
    expect(response.text).toContain('The customer is not on a call right now');
    expect(connected).toEqual([]);
    expect(h.server.services.alerts.list({ limit: 1 })[0]!.status).toBe('acknowledged');
  });

  it('when connecting fails: says so; the alert is still acknowledged', async () => {
    const { press } = await voiceEmergency([], true);
    const response = await press('1');
    expect(response.text).toContain('Connecting failed. The alert is acknowledged; please call the customer back.');
    expect(h.server.services.alerts.list({ limit: 1 })[0]!.status).toBe('acknowledged');
  });
});
