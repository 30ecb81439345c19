import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlertHarness, type AlertHarness } from '../test-kit/alert-harness.js';

let h: AlertHarness;
beforeEach(async () => {
  h = await startAlertHarness();
});
afterEach(() => h.stop());

async function emergency() {
  const business = h.createBusiness();
  const lead = h.server.services.leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
  h.server.services.leads.flagEmergency(lead.id, 'burst pipe');
  await h.runDue();
  return { business, lead, step: (channel: string) => h.server.services.leads.detail(lead.id).alerts.find((a) => a.channel === channel && a.purpose === 'emergency')! };
}

describe('provider failures', () => {
  it('Twilio 500 on the call: retried with backoff, every attempt recorded and shown on the lead', async () => {
    h.twilio.failNext(2, 500, '/Calls.json');
    const { step } = await emergency();
    expect(step('call')).toMatchObject({ status: 'planned', attempts: 1, dueAt: '2026-11-25T15:00:02.000Z' });
    expect(step('sms').status).toBe('sent');

    h.clock.advance(2_000);
    await h.runDue();
    expect(step('call')).toMatchObject({ status: 'planned', attempts: 2, dueAt: '2026-11-25T15:00:06.000Z' });
    h.clock.advance(4_000);
    await h.runDue();
    const call = step('call');
    expect(call).toMatchObject({ status: 'sent', attempts: 3, error: null });
    expect(call.attemptLog.map((a) => [a.attempt, a.outcome, a.upstreamStatus, a.startedAt])).toEqual([
      [1, 'retrying', 500, '2026-11-25T15:00:00.000Z'],
      [2, 'retrying', 500, '2026-11-25T15:00:02.000Z'],
      [3, 'sent', null, '2026-11-25T15:00:06.000Z'],
    ]);
    expect(call.attemptLog[0]!.error).toMatch(/^Twilio answered 500/);
    const failed = h.events.filter((e) => e.type === 'alert.failed').map((e) => e.data);
    expect(failed).toEqual([expect.objectContaining({ channel: 'call', retrying: true, attempt: 1 }), expect.objectContaining({ channel: 'call', retrying: true, attempt: 2 })]);
    expect(h.twilio.requests.filter((r) => r.path.endsWith('/Calls.json'))).toHaveLength(3);
  });

  it('a refusal that will not change (Twilio 400): failed at once, with the reason, and the rest of the chain goes on', async () => {
    h.twilio.failNext(1, 400, '/Messages.json');
    const { step } = await emergency();
    expect(step('sms')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step('sms').error).toMatch(/^Twilio answered 400/);
    expect(step('call').status).toBe('sent');
    expect(h.events.filter((e) => e.type === 'alert.failed').map((e) => e.data)).toEqual([expect.objectContaining({ channel: 'sms', retrying: false })]);
    h.clock.advance(5 * 60_000);
    await h.runDue();
    expect(h.twilio.requests.filter((r) => r.path.endsWith('/Messages.json')).map((r) => r.params.To)).toEqual(['+15125550122', '+15125550133']);
  });

  it('gives up on an emergency step after six tries, about a minute, and says so', async () => {
    h.twilio.failNext(10, 503, '/Calls.json');
    const { step } = await emergency();
    for (const wait of [2_000, 4_000, 8_000, 16_000, 30_000]) {
      h.clock.advance(wait);
      await h.runDue();
    }
    expect(step('call')).toMatchObject({ status: 'failed', attempts: 6 });
    expect(step('call').attemptLog.map((a) => a.outcome)).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'retrying', 'failed']);
  });

  it('the mail server answering 451: the email is retried; 550: failed for good', async () => {
    h.smtp.failNext(1, 451);
    const { step } = await emergency();
    expect(step('email')).toMatchObject({ status: 'planned', attempts: 1 });
    expect(step('email').attemptLog[0]).toMatchObject({ outcome: 'retrying', upstreamStatus: 451 });
    h.clock.advance(2_000);
    await h.runDue();
    expect(step('email')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(h.smtp.messages).toHaveLength(1);

    h.smtp.failNext(1, 550);
    const second = await emergency();
    expect(second.step('email')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(second.step('email').error).toMatch(/550/);
  });

  it('Twilio not configured: the steps fail with a clear reason; desktop and email still go', async () => {
    await h.stop();
    h = await startAlertHarness({ env: { TWILIO_AUTH_TOKEN: '', TWILIO_ACCOUNT_SID: '' } });
    const { step } = await emergency();
    expect(step('call')).toMatchObject({ status: 'failed', error: 'Twilio is not configured (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)' });
    expect(step('desktop').status).toBe('sent');
    expect(step('email').status).toBe('sent');
  });

  it('email not configured: the email step fails with a clear reason', async () => {
    await h.stop();
    h = await startAlertHarness({ env: { SMTP_URL: '' } });
    const { step } = await emergency();
    expect(step('email')).toMatchObject({ status: 'failed', error: 'Email is not configured (SMTP_URL)' });
    expect(step('call').status).toBe('sent');
  });

  it('a wrong SMTP password is refused by the server and not retried', async () => {
    await h.stop();
    h = await startAlertHarness({ smtpUrl: (sink) => sink.url.replace(encodeURIComponent(sink.password), 'wrong') });
    const { step } = await emergency();
    expect(step('email')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step('email').error).toMatch(/535|EAUTH/);
    expect(h.smtp.messages).toHaveLength(0);
  });
});
