import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../businesses/defaults.js';
import type { Business } from '../businesses/service.js';
import { createSilentLogger } from '../log/logger.js';
import { featuresOf, type Plan } from '../plans.js';
import { tempDir } from '../test-kit/test-config.js';
import { digestFacts, leadFacts, sampleLead } from './facts.js';
import { ssmlProblem } from './ssml.js';
import { createTemplates } from './templates.js';
import { alertCallTwiml } from './twiml.js';

const temps: Array<{ remove(): void }> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function setup(plan: Plan = 'PRO') {
  const temp = tempDir();
  temps.push(temp);
  const business: Business = {
    id: 'b1',
    name: 'Acme & Sons Plumbing',
    industry: 'plumbing',
    plan,
    twilioNumber: '+15125550111',
    ownerPhone: '+15125550122',
    ownerEmail: 'owner@acme.example',
    backupPhone: null,
    timezone: 'America/Chicago',
    greeting: 'Hi',
    widgetOrigins: [],
    ...defaultSettings('Acme & Sons Plumbing'),
    features: { ...featuresOf(plan) },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const templates = createTemplates({ dataDir: temp.dir, log: createSilentLogger() });
  const lead = sampleLead(business, '2026-11-25T15:00:00.000Z');
  const facts = (overrides: Partial<typeof lead> = {}, purpose: 'emergency' | 'escalation' | 'update' = 'emergency') =>
    leadFacts(business, { ...lead, ...overrides }, { purpose, round: purpose === 'emergency' ? 0 : 1, toBackup: purpose === 'escalation' });
  return { business, templates, facts, dataDir: temp.dir };
}

describe('the alert call', () => {
  it('speaks the business, the number digit by digit, what is wrong and the address, then offers 1 and 2', () => {
    const { templates, facts } = setup();
    const ssml = templates.call('b1', facts());
    expect(ssmlProblem(ssml)).toBeUndefined();
    expect(ssml).toContain('Emergency alert for Acme &amp; Sons Plumbing.');
    expect(ssml).toContain('<say-as interpret-as="digits">512</say-as><break time="400ms"/><say-as interpret-as="digits">555</say-as><break time="400ms"/><say-as interpret-as="digits">0148</say-as>');
    expect(ssml).toContain('What is wrong: burst pipe, water coming through the kitchen ceiling.');
    expect(ssml).toContain('The address is 1420 Oak Street.');
    expect(ssml).toContain('Press 1 to be connected to the caller now. Press 2 to acknowledge this alert.');
    const twiml = alertCallTwiml(ssml, 'https://alerts.example.test/twilio/alerts/gather?alert=7');
    expect(twiml).toMatch(/^<Response><Gather input="dtmf" numDigits="1" timeout="8" method="POST" action="https:\/\/alerts\.example\.test\/twilio\/alerts\/gather\?alert=7"><Say voice="Polly\.Joanna" language="en-US">/);
    expect(twiml.length).toBeLessThan(4000);
  });

  it('leaves out what is not known, and tells the backup contact who they stand in for', () => {
    const { templates, facts } = setup();
    const ssml = templates.call('b1', facts({ callerPhone: null, address: null, callerName: null, channel: 'chat' }, 'escalation'));
    expect(ssml).not.toContain('say-as');
    expect(ssml).not.toContain('address');
    expect(ssml).toContain('The customer, on a website chat, has not given a number yet.');
    expect(ssml).toContain('You are the backup contact. The owner has not acknowledged this alert.');
  });

  it("keeps the caller's own words inside <Say>: markup in them is spoken, never obeyed", () => {
    const { templates, facts } = setup();
    const ssml = templates.call('b1', facts({ emergencyNotes: '</Say><Dial>+19005550000</Dial><Say>', address: '<break time="10s"/>' }));
    expect(ssmlProblem(ssml)).toBeUndefined();
    expect(ssml).not.toContain('<Dial>');
    expect(ssml).toContain('&lt;&#x2F;Say&gt;&lt;Dial&gt;');
  });

  it("falls back to the default when the business's own template no longer gives valid SSML", () => {
    const { templates, facts } = setup();
    templates.save('b1', 'emergency-call', '<p>Alert: {{{reason}}}</p>', facts());
    // Triple braces do not escape: a reason with markup breaks this template, and the default speaks instead.
    const ssml = templates.call('b1', facts({ emergencyNotes: 'gas <leak' }));
    expect(ssml).toContain('Emergency alert for Acme');
    expect(ssml).toContain('gas &lt;leak');
    expect(templates.call('b1', facts({ emergencyNotes: 'gas leak' }))).toBe('<p>Alert: gas leak</p>');
  });

  it('refuses to save a template Twilio would refuse, and saves nothing', () => {
    const { templates, facts } = setup();
    expect(() => templates.save('b1', 'emergency-call', '<p>Hello <Dial>+1900</Dial></p>', facts())).toThrow(/<Dial> is not an SSML element/);
    expect(() => templates.save('b1', 'emergency-call', '<p>Hello', facts())).toThrow(/<p> is never closed/);
    expect(() => templates.save('b1', 'emergency-call', '{{#reason}}unclosed', facts())).toThrow(/does not render/);
    expect(() => templates.save('b1', 'emergency-email-text', 'no subject line', facts())).toThrow(/Subject/);
    expect(templates.get('b1', 'emergency-call').custom).toBe(false);
  });
});

describe('SSML check', () => {
  it.each([
    ['<p>a</p><s>b</s><break time="1s"/>', undefined],
    ['<prosody rate="slow">a <emphasis>b</emphasis></prosody>', undefined],
    ['a &amp; b &#39; c', undefined],
    ['a & b', 'an "&" that does not start an entity (write &amp;)'],
    ['a < b', 'a "<" that does not start an element (write &lt;)'],
    ['<p><s>a</p></s>', '</p> closes <s>'],
    ['</p>', '</p> has no opening tag'],
    ['<Hangup/>', "<Hangup> is not an SSML element Twilio's <Say> accepts"],
  ])('%s', (ssml, problem) => {
    expect(ssmlProblem(ssml)).toBe(problem);
  });
});

describe('the SMS', () => {
  it('has the same facts, short, and says how to acknowledge', () => {
    const { templates, facts } = setup();
    expect(templates.sms('b1', facts())).toBe(
      'EMERGENCY - Acme & Sons Plumbing\nburst pipe, water coming through the kitchen ceiling\nJordan Rivera (512) 555-0148\nAddress: 1420 Oak Street\nReply OK to acknowledge.',
    );
  });
});

describe('emails', () => {
  it('BASIC and PRO: HTML and text, priority marked, emergency markers', () => {
    const { templates, facts } = setup('BASIC');
    const email = templates.email('b1', 'emergency', facts());
    expect(email.subject).toBe('[URGENT] Emergency for Acme & Sons Plumbing: burst pipe, water coming through the kitchen ceiling');
    expect(email.text).toMatch(/^\*\*\* EMERGENCY \*\*\*\n\nAn emergency for Acme & Sons Plumbing needs you now\./);
    expect(email.html).toContain('EMERGENCY &middot; Acme &amp; Sons Plumbing');
    expect(email.html).toContain('<strong>1420 Oak Street</strong>');
  });

  it('FREE: the basic alert, plain text without priority markers', () => {
    const { templates, facts } = setup('FREE');
    const email = templates.email('b1', 'lead', facts({ priority: 'HIGH', emergency: false, emergencyNotes: null }));
    expect(email.subject).toBe('New lead for Acme & Sons Plumbing: Jordan Rivera');
    expect(email.html).toBeUndefined();
    expect(email.text).not.toContain('Priority');
    expect(email.text).toContain('Phone:   (512) 555-0148');
  });

  it('the digest lists each lead of the day', () => {
    const { templates, business } = setup('PRO');
    const one = sampleLead(business, '2026-11-25T15:00:00.000Z');
    const two = { ...one, id: 'l2', priority: 'NORMAL' as const, emergency: false, emergencyNotes: null, priorityReasons: [], callerName: 'Sam Lee', summary: 'Quote for a water heater' };
    const email = templates.email('b1', 'digest', digestFacts(business, [one, two], { from: '2026-11-25T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z' }));
    expect(email.subject).toBe('Acme & Sons Plumbing: 2 new leads today (1 emergency)');
    expect(email.text).toContain('[URGENT] EMERGENCY: Jordan Rivera, (512) 555-0148, phone call');
    expect(email.text).toContain('[NORMAL]: Sam Lee, (512) 555-0148, phone call\n  Quote for a water heater');
    expect(email.html).toContain('Sam Lee');
  });
});
