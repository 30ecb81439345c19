import twilio from 'twilio';
import { toUpstreamError } from '../twilio/rest-client.js';
import { speechLanguage, twilioUrls, type VoiceContext } from './context.js';
import type { SayLanguage } from './speech.js';

/**
 * The warm transfer: the live call is updated through Twilio's REST API to `<Dial>` the owner. The owner
 * first hears a short whisper (`<Number url>` runs on their leg before the two are connected) of who is
 * calling and why. When the owner does not answer, `<Dial action>` brings the caller back to the agent.
 * twilio.com/docs/voice/twiml/dial, /docs/voice/twiml/number#url, /docs/voice/api/call-resource#update-a-call-resource
 */

/** Seconds the owner's phone rings before the caller comes back to the agent. */
const ringSeconds = 20;

export function transferTwiml(context: VoiceContext, callSid: string, to: string): string {
  const urls = twilioUrls(context);
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({ action: urls.dialResult(callSid), method: 'POST', timeout: ringSeconds, answerOnBridge: true });
  dial.number({ url: urls.whisper(callSid), method: 'POST' }, to);
  return response.toString();
}

/** Moves a live call to the owner's phone (the stream it was on stops). */
export async function transferCall(context: VoiceContext, callSid: string, to: string): Promise<void> {
  const client = await context.twilio.client();
  await client
    .calls(callSid)
    .update({ twiml: transferTwiml(context, callSid, to) })
    .catch((error: unknown) => {
      throw toUpstreamError(error);
    });
  context.calls.setStatus(callSid, 'transferring');
}

/** What the owner hears before being connected: who, why, and whether it is an emergency. */
export function whisperTwiml(context: VoiceContext, callSid: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const call = context.calls.get(callSid);
  const lead = call?.leadId ? context.leads.detail(call.leadId) : undefined;
  const business = call ? context.businesses.find(call.businessId) : undefined;
  const language = speechLanguage(business?.voice.language ?? 'en');
  const who = lead?.callerName ?? (lead?.callerPhone ? spaced(lead.callerPhone) : 'a caller');
  const about = lead?.answers.find((a) => a.field === 'issue')?.value ?? lead?.turns.find((t) => t.role === 'customer' && t.callId === callSid)?.text;
  const say = response.say({ voice: 'Polly.Joanna', language: language as SayLanguage }, '');
  if (lead?.emergency) {
    say.emphasis({ level: 'strong' }, 'Emergency call.');
    say.break({ time: '300ms' });
  }
  say.addText(`${business ? `${business.name}: ` : ''}call from ${who}${about ? `, about ${clip(about, 160)}` : ''}.`);
  say.break({ time: '300ms' });
  say.addText('Connecting you now.');
  return response.toString();
}

function spaced(phone: string): string {
  return phone.replace(/^\+1/, '').split('').join(' ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;
}
