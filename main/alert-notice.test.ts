import { describe, expect, it } from 'vitest';
import { alertNotice } from './alert-notice.js';

const event = (type: string, data: unknown) => ({ id: '1', type, time: '2026-11-25T15:00:00.000Z', data });
const lead = { id: 'l1', callerPhone: '+15125550148', address: '1420 Oak Street' };

describe('alertNotice', () => {
  it('an emergency, an escalation and new details each get a notification naming the business', () => {
    expect(alertNotice(event('alert.raised', { businessName: 'Acme Plumbing', reason: 'burst pipe', lead }))).toEqual({
      title: 'Emergency at Acme Plumbing',
      body: 'burst pipe · 1420 Oak Street · +15125550148',
    });
    expect(alertNotice(event('alert.escalated', { businessName: 'Acme Plumbing', reason: 'burst pipe', lead }))?.title).toBe('Still unacknowledged: emergency at Acme Plumbing');
    expect(alertNotice(event('alert.upgraded', { businessName: 'Acme Plumbing', reason: 'smell of gas', rearmed: false, lead }))).toEqual({
      title: 'New details: emergency at Acme Plumbing',
      body: 'smell of gas · 1420 Oak Street · +15125550148',
    });
  });

  it('a re-armed chain is announced once, by its own alert.raised; other events are not shown', () => {
    expect(alertNotice(event('alert.upgraded', { businessName: 'Acme Plumbing', reason: 'smell of gas', rearmed: true, lead }))).toBeUndefined();
    expect(alertNotice(event('alert.sent', { businessName: 'Acme Plumbing' }))).toBeUndefined();
    expect(alertNotice(event('lead.created', {}))).toBeUndefined();
  });

  it('says something useful with no details', () => {
    expect(alertNotice(event('alert.raised', null))).toEqual({ title: 'Emergency', body: 'A caller needs help now.' });
  });
});
