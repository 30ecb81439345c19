import type { Business, BusinessService } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import { NotFound } from '../errors.js';
import type { LeadDetail, LeadService } from '../leads/service.js';
import type { Digests } from './digest.js';
import { digestFacts, leadFacts, sampleLead, type DigestFacts, type LeadFacts } from './facts.js';
import { gatherUrl } from './senders.js';
import type { TemplateInfo, TemplateName, Templates } from './templates.js';
import { alertCallTwiml } from './twiml.js';

export interface PreviewInput {
  /** Unsaved text from the editor; the saved (or default) template when absent. */
  source?: string;
  /** A real lead of this business; a made-up one when absent. */
  leadId?: string;
  /** Which message of the chain: the first alert, the backup contact's, a repeat, or new facts. */
  purpose?: 'emergency' | 'escalation' | 'repeat' | 'update';
}

export interface Preview {
  name: TemplateName;
  subject?: string;
  text?: string;
  html?: string;
  ssml?: string;
  twiml?: string;
  characters?: number;
}

export interface Previews {
  preview(businessId: string, name: TemplateName, input: PreviewInput): Preview;
  saveTemplate(businessId: string, name: TemplateName, source: string): TemplateInfo;
}

/** What the console shows while the owner edits a template: the message as it would go out. */
export function createPreviews({
  businesses,
  leads,
  templates,
  clock,
  publicUrl,
  digests,
}: {
  businesses: BusinessService;
  leads: LeadService;
  templates: Templates;
  clock: Clock;
  publicUrl: () => string | undefined;
  digests: Digests;
}): Previews {
  const nowIso = () => new Date(clock.now()).toISOString();

  function leadFor(business: Business, leadId: string | undefined): LeadDetail {
    if (!leadId) return sampleLead(business, nowIso());
    const lead = leads.detail(leadId);
    if (lead.businessId !== business.id) throw new NotFound(`Lead ${leadId}`);
    return lead;
  }

  function digestSample(business: Business): DigestFacts {
    const to = nowIso();
    const from = new Date(clock.now() - 24 * 3_600_000).toISOString();
    const recent = digests.leadIds(business.id, { from, to }).slice(0, 50).map((id) => leads.detail(id));
    return digestFacts(business, recent.length ? recent : [sampleLead(business, from)], { from, to });
  }

  function factsFor(business: Business, name: TemplateName, input: Pick<PreviewInput, 'leadId' | 'purpose'>): LeadFacts | DigestFacts {
    if (name.startsWith('digest-')) return digestSample(business);
    const purpose = name.startsWith('lead-') ? 'lead' : (input.purpose ?? 'emergency');
    return leadFacts(business, leadFor(business, input.leadId), { purpose, round: purpose === 'emergency' ? 0 : 1, toBackup: purpose === 'escalation' });
  }

  return {
    preview(businessId, name, input) {
      const business = businesses.get(businessId);
      const facts = factsFor(business, name, input);
      if (name === 'emergency-call') {
        const ssml = templates.call(business.id, facts as LeadFacts, input.source);
        return { name, ssml, twiml: alertCallTwiml(ssml, gatherUrl(publicUrl() ?? 'https://your-public-url', 0)) };
      }
      if (name === 'emergency-sms') {
        const text = templates.sms(business.id, facts as LeadFacts, input.source);
        return { name, text, characters: text.length };
      }
      const kind = name.startsWith('digest-') ? 'digest' : name.startsWith('lead-') ? 'lead' : 'emergency';
      const email = templates.email(business.id, kind, facts, input.source === undefined ? undefined : { name, source: input.source });
      return { name, ...email };
    },
    saveTemplate(businessId, name, source) {
      const business = businesses.get(businessId);
      return templates.save(business.id, name, source, factsFor(business, name, {}));
    },
  };
}
