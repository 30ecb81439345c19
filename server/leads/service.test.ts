import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../events/bus.js';
import { seedDemo } from '../demo/seed-demo.js';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';

let server: TestServer;
let businessId: string;
let events: BusEvent[];
beforeEach(async () => {
  server = await startTestServer();
  businessId = seedDemo(server.services).businessId;
  events = [];
  server.services.bus.subscribe((e) => e.type.startsWith('lead.') && events.push(e));
});
afterEach(() => server.stop());

describe('lead service', () => {
  it('writes the lead at once and tells subscribers', () => {
    const lead = server.services.leads.create({ businessId, channel: 'voice', callerPhone: '+15125550148' });
    const row = server.services.db.prepare('SELECT caller_phone FROM leads WHERE id = ?').get(lead.id);
    expect(row).toEqual({ caller_phone: '+15125550148' });
    expect(events.map((e) => e.type)).toEqual(['lead.created']);
  });

  it('records each field as soon as it is known, normalised per question kind', () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'chat' });
    expect(leads.recordField(lead.id, 'name', '  Ana   Ruiz ').value).toBe('Ana Ruiz');
    expect(leads.recordField(lead.id, 'phone', '512.555.0148').value).toBe('+15125550148');
    expect(leads.recordField(lead.id, 'email', 'Ana@Example.COM').lead.callerEmail).toBe('ana@example.com');
    expect(leads.recordField(lead.id, 'preferred_time', 'tomorrow morning').value).toBe('tomorrow morning');
    expect(() => leads.recordField(lead.id, 'preferred_time', '2026-02-31')).toThrow(/not a real date/);
    expect(() => leads.recordField(lead.id, 'email', 'ana at example')).toThrow(/not a valid email/);
    expect(() => leads.recordField(lead.id, 'name', '   ')).toThrow(/empty/);
    const detail = leads.detail(lead.id);
    expect(detail).toMatchObject({ callerName: 'Ana Ruiz', callerPhone: '+15125550148', callerEmail: 'ana@example.com' });
    expect(detail.answers.map((a) => a.field)).toEqual(['name', 'phone', 'preferred_time', 'email']);
    expect(events.filter((e) => e.type === 'lead.updated')).toHaveLength(4);
  });

  it('overwrites an answer when the customer corrects it', () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'voice' });
    leads.recordField(lead.id, 'address', '1402 Oak Street');
    leads.recordField(lead.id, 'address', '1420 Oak Street');
    expect(leads.detail(lead.id).answers).toEqual([expect.objectContaining({ field: 'address', value: '1420 Oak Street' })]);
    expect(leads.get(lead.id).address).toBe('1420 Oak Street');
  });

  it('checks choice answers against the choices', async () => {
    const { questions, leads } = server.services;
    questions.create(businessId, { text: 'Which service?', kind: 'choice', choices: ['Repair', 'Install'], field: 'service' });
    const lead = leads.create({ businessId, channel: 'chat' });
    expect(leads.recordField(lead.id, 'service', 'install').value).toBe('Install');
    expect(() => leads.recordField(lead.id, 'service', 'demolish')).toThrow('service must be one of: Repair, Install');
  });

  it('raises the priority from the analyser but never lowers it', () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'chat' });
    leads.applyAnalysis(lead.id, undefined, { priority: 'HIGH', reasons: ['no hot water'], entities: [] });
    leads.applyAnalysis(lead.id, undefined, { priority: 'LOW', reasons: [], entities: [] });
    expect(leads.get(lead.id)).toMatchObject({ priority: 'HIGH', priorityReasons: ['no hot water'], emergency: false });
    leads.applyAnalysis(lead.id, undefined, { priority: 'URGENT', reasons: ['sewage backing up'], entities: [] });
    expect(leads.get(lead.id)).toMatchObject({ priority: 'URGENT', emergency: true, emergencyNotes: 'sewage backing up' });
    const changes = events.filter((e) => e.type === 'lead.updated').map((e) => (e.data as { previousPriority: string }).previousPriority);
    expect(changes).toEqual(['NORMAL', 'HIGH']);
  });

  it('answers the matching question from an entity, so nobody asks twice', () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'chat' });
    leads.applyAnalysis(lead.id, undefined, {
      priority: 'NORMAL',
      reasons: [],
      entities: [
        { type: 'phone', value: '+15125550148' },
        { type: 'address', value: '1420 Oak St' },
      ],
    });
    expect(leads.detail(lead.id).answers.map((a) => [a.field, a.value])).toEqual([['phone', '+15125550148']]);
    // The address fills the lead for alerts; its question waits for the customer's own words.
    expect(leads.get(lead.id).address).toBe('1420 Oak St');
  });

  it('keeps every entity once, and fills empty contact fields from them', () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'voice', callerPhone: '+15125550100' });
    const entities = [
      { type: 'phone', value: '+15125550148', text: 'five one two …' },
      { type: 'email', value: 'john.smith@gmail.com', text: 'john dot smith at gmail dot com' },
      { type: 'name', value: 'John Smith', text: 'john smith' },
    ];
    leads.applyAnalysis(lead.id, undefined, { priority: 'NORMAL', reasons: [], intent: 'booking', entities });
    leads.applyAnalysis(lead.id, undefined, { priority: 'NORMAL', reasons: [], intent: 'question', entities });
    const detail = leads.detail(lead.id);
    expect(detail.entities).toHaveLength(3);
    // The name is an entity only: it might be the business's own staff.
    expect(detail).toMatchObject({ callerPhone: '+15125550100', callerEmail: 'john.smith@gmail.com', callerName: null, intent: 'booking' });
    // The business asks for a phone (its "phone" question): the caller id filled the column, not the answer.
    expect(detail.answers).toEqual([]);
  });

  it('flags an emergency from the agent with its reason', () => {
    const { leads } = server.services;
    const lead = leads.create({ businessId, channel: 'voice' });
    leads.flagEmergency(lead.id, 'caller smells gas');
    leads.flagEmergency(lead.id, 'caller smells gas');
    expect(leads.get(lead.id)).toMatchObject({ priority: 'URGENT', emergency: true, emergencyNotes: 'caller smells gas', priorityReasons: ['caller smells gas'] });
  });

  it('refuses work on a lead that does not exist', () => {
    expect(() => server.services.leads.recordField('missing', 'name', 'x')).toThrow(/Lead missing not found/);
    expect(() => server.services.leads.create({ businessId: 'missing', channel: 'chat' })).toThrow(/Business missing not found/);
  });
});
