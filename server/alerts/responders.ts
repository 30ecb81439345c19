import type { BusinessService } from '../businesses/service.js';
import type { LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';
import { leadFacts } from './facts.js';
import { gatherUrl } from './senders.js';
import type { AckVia, AlertStore, Chain } from './store.js';
import type { Templates } from './templates.js';
import { messagingReply, sayAndGatherAgain, sayAndHangUp } from './twiml.js';

/** The voice helper's (server/voice): redirects the caller's live call to the owner's phone. */
export type ConnectOwnerToCall = (args: { callSid: string; ownerPhone: string }) => Promise<void>;

export interface Responders {
  /** The key the owner pressed on the alert call (Twilio's `<Gather>` action); answers TwiML. */
  keypress(input: { alertId: number; callSid: string; digits: string | undefined }): Promise<string>;
  /** An SMS to a business's number; "OK" from a number we alerted acknowledges. Answers TwiML. */
  inboundSms(input: { to: string; from: string; body: string }): string;
  /** Twilio's status callback for an alert call or SMS: what became of it. */
  delivery(input: { alertId: number; sid: string | undefined; status: string | undefined }): void;
}

/** "OK", "ok.", "Okay!", "ack", "OK thanks": what an owner types to say "I've got it". */
export function isAcknowledgement(body: string): boolean {
  return /^\s*(ok(ay)?|ack(nowledged?)?|got it)\b/i.test(body);
}

export function createResponders({
  db,
  store,
  businesses,
  leads,
  templates,
  log,
  publicUrl,
  acknowledge,
  connectOwnerToCall,
  onDelivery,
}: {
  db: Db;
  store: AlertStore;
  businesses: BusinessService;
  leads: LeadService;
  templates: Templates;
  log: Logger;
  publicUrl: () => string | undefined;
  acknowledge(chainId: string, via: AckVia, by: string | null): Chain;
  connectOwnerToCall: ConnectOwnerToCall | undefined;
  onDelivery(stepId: number, status: string): void;
}): Responders {
  // The caller's live call: the voice service writes a calls row when the call starts and ends it at hang-up.
  const liveCall = db.prepare<[string], { id: string }>(
    `SELECT id FROM calls WHERE lead_id = ? AND ended_at IS NULL
       AND status NOT IN ('completed', 'failed', 'busy', 'no-answer', 'canceled')
     ORDER BY started_at DESC LIMIT 1`,
  );

  return {
    async keypress({ alertId, callSid, digits }) {
      const step = store.step(alertId);
      // The signature proves Twilio sent it; the CallSid proves it is about the call we placed for this step.
      if (!step || step.channel !== 'call' || !step.chainId || step.providerId !== callSid) {
        log.warn({ alertId }, 'keypress for an unknown alert call');
        return sayAndHangUp('This alert is not recognised. Goodbye.');
      }
      const chainId = step.chainId;
      const by = step.target;
      if (digits === '2') {
        acknowledge(chainId, 'call', by);
        return sayAndHangUp('Thank you. The alert is acknowledged. Goodbye.');
      }
      if (digits === '1') {
        const chain = acknowledge(chainId, 'call', by);
        if (!connectOwnerToCall) return sayAndHangUp('Connecting is not available. The alert is acknowledged. Goodbye.');
        const callSid = liveCall.get(chain.leadId)?.id;
        if (!callSid) return sayAndHangUp('The customer is not on a call right now, so connecting is not available. The alert is acknowledged. Goodbye.');
        try {
          await connectOwnerToCall({ callSid, ownerPhone: step.target! });
          return sayAndHangUp('Connecting you to the caller now. Your phone will ring.');
        } catch (error) {
          log.error({ err: error, alertId }, 'could not connect the owner to the caller');
          return sayAndHangUp('Connecting failed. The alert is acknowledged; please call the customer back. Goodbye.');
        }
      }
      const base = publicUrl();
      const business = businesses.get(step.businessId);
      const facts = leadFacts(business, leads.detail(step.leadId!), { purpose: step.purpose, round: step.round, toBackup: step.payload.backup });
      if (!base) return sayAndHangUp('Goodbye.');
      return sayAndGatherAgain('Press 1 to be connected to the caller, or 2 to acknowledge.', templates.call(business.id, facts), gatherUrl(base, alertId));
    },

    inboundSms({ to, from, body }) {
      const business = businesses.findByNumber(to);
      if (!business) return messagingReply();
      // Only the people we alert get an answer; anyone else texting the business's number gets none from us.
      const chains = store.chainsAlerting(business.id, from);
      const known = from === business.ownerPhone || from === business.backupPhone || chains.length > 0;
      if (!known) return messagingReply();
      if (!isAcknowledgement(body)) return chains.length ? messagingReply('Reply OK to acknowledge the emergency alert.') : messagingReply();
      if (!chains.length) return messagingReply('There is no open emergency alert to acknowledge.');
      const names = chains.map((chain) => {
        acknowledge(chain.id, 'sms', from);
        const lead = leads.get(chain.leadId);
        return lead.callerName ?? lead.callerPhone ?? 'the customer';
      });
      return messagingReply(`Acknowledged: the emergency alert about ${names.join(', ')}. No more calls or texts about it.`);
    },

    delivery({ alertId, sid, status }) {
      const step = store.step(alertId);
      if (!step || !status || step.providerId !== sid) return;
      onDelivery(step.id, status);
    },
  };
}
