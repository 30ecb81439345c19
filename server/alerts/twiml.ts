/**
 * The TwiML the alert call and the alert webhooks answer with (twilio.com/docs/voice/twiml, /docs/messaging/twiml).
 * Built as strings: the spoken part is SSML checked by ssml.ts; everything else here is escaped.
 */

/** Amazon Polly's standard voices take every SSML element Twilio passes on (say-as digits included). */
const voice = 'voice="Polly.Joanna" language="en-US"';

/** `calls.create({twiml})` refuses more than 4,000 characters (tech-facts §1). */
export const maxTwimlLength = 4000;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * The alert call: the message twice inside a one-key `<Gather>` (1 connects to the caller, 2 acknowledges);
 * Twilio POSTs the key to `gatherUrl`. Without a public URL no key can reach us, so the message is only spoken.
 */
export function alertCallTwiml(ssml: string, gatherUrl: string | undefined): string {
  const say = `<Say ${voice}>${ssml}</Say>`;
  const twice = `${say}<Pause length="1"/>${say}`;
  // Room for the Gather wrapper and the action URL; a long message is said once rather than refused.
  const message = twice.length + 600 > maxTwimlLength ? say : twice;
  if (!gatherUrl) return `<Response>${message}</Response>`;
  return (
    `<Response><Gather input="dtmf" numDigits="1" timeout="8" method="POST" action="${escapeXml(gatherUrl)}">${message}</Gather>` +
    `<Say ${voice}>No key was pressed. The alert stays open. Goodbye.</Say><Hangup/></Response>`
  );
}

export function sayAndHangUp(text: string): string {
  return `<Response><Say ${voice}>${escapeXml(text)}</Say><Hangup/></Response>`;
}

/** A spoken line, then the alert call's `<Gather>` again (a key other than 1 or 2). */
export function sayAndGatherAgain(text: string, ssml: string, gatherUrl: string): string {
  return (
    `<Response><Say ${voice}>${escapeXml(text)}</Say>` +
    `<Gather input="dtmf" numDigits="1" timeout="8" method="POST" action="${escapeXml(gatherUrl)}"><Say ${voice}>${ssml}</Say></Gather>` +
    `<Say ${voice}>Goodbye.</Say><Hangup/></Response>`
  );
}

/** The reply to an inbound SMS; no text means no reply at all. */
export function messagingReply(text?: string): string {
  return text ? `<Response><Message>${escapeXml(text)}</Message></Response>` : '<Response/>';
}
