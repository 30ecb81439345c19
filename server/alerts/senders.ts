import type { Business } from '../businesses/service.js';
import { UpstreamError } from '../errors.js';
import { toUpstreamError, type TwilioRest } from '../twilio/rest-client.js';
import type { DigestFacts, LeadFacts } from './facts.js';
import type { Mailer } from './mailer.js';
import type { Step } from './store.js';
import type { Templates } from './templates.js';
import { alertCallTwiml, maxTwimlLength } from './twiml.js';

export interface Senders {
  call(step: Step, business: Business, facts: LeadFacts): Promise<{ providerId: string }>;
  sms(step: Step, business: Business, facts: LeadFacts): Promise<{ providerId: string }>;
  email(step: Step, business: Business, kind: 'emergency' | 'lead' | 'digest', facts: LeadFacts | DigestFacts): Promise<{ providerId: string }>;
}

/** Where Twilio tells us about a step: the keypress on the alert call, and the call's or message's fate. */
export function gatherUrl(publicUrl: string, alertId: number): string {
  return `${publicUrl}/twilio/alerts/gather?alert=${alertId}`;
}
export function statusUrl(publicUrl: string, alertId: number): string {
  return `${publicUrl}/twilio/alerts/status?alert=${alertId}`;
}

/** The three providers, each called once per attempt; errors come back as UpstreamError (retryable or not). */
export function createSenders({ twilio, mailer, templates, publicUrl }: { twilio: TwilioRest; mailer: Mailer; templates: Templates; publicUrl: () => string | undefined }): Senders {
  function from(business: Business): string {
    if (!business.twilioNumber) throw new UpstreamError('twilio', 'The business has no Twilio number to call or text from', false);
    return business.twilioNumber;
  }

  return {
    async call(step, business, facts) {
      const base = publicUrl();
      const gather = base ? gatherUrl(base, step.id) : undefined;
      let twiml = alertCallTwiml(templates.call(business.id, facts), gather);
      // An owner's template too long for Twilio's 4,000 characters: the default, rather than no call.
      if (twiml.length > maxTwimlLength) twiml = alertCallTwiml(templates.call(business.id, facts, templates.defaultSource('emergency-call')), gather);
      const client = await twilio.client();
      try {
        const call = await client.calls.create({
          to: step.target!,
          from: from(business),
          twiml,
          // Ring long enough to wake someone, not so long that a voicemail takes it every time.
          timeout: 30,
          timeLimit: 600,
          ...(base ? { statusCallback: statusUrl(base, step.id), statusCallbackMethod: 'POST' as const } : {}),
        });
        return { providerId: call.sid };
      } catch (error) {
        throw toUpstreamError(error);
      }
    },
    async sms(step, business, facts) {
      const base = publicUrl();
      const body = templates.sms(business.id, facts);
      const client = await twilio.client();
      try {
        const message = await client.messages.create({
          to: step.target!,
          from: from(business),
          body,
          ...(base ? { statusCallback: statusUrl(base, step.id) } : {}),
        });
        return { providerId: message.sid };
      } catch (error) {
        throw toUpstreamError(error);
      }
    },
    async email(step, business, kind, facts) {
      const content = templates.email(business.id, kind, facts);
      const marked = facts.formatted && 'urgent' in facts && (facts.urgent || facts.high);
      const { messageId } = await mailer.send({
        to: step.target!,
        ...content,
        // One id per step: a retry after a restart carries the same id, so a mail client shows it once.
        messageId: `<alert-${step.id}.${business.id}@leads-agent.local>`,
        priority: marked || (facts.formatted && kind === 'emergency') ? 'high' : 'normal',
      });
      return { providerId: messageId };
    },
  };
}
