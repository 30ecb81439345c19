import twilio from 'twilio';

/**
 * Twilio signs each webhook with HMAC-SHA1 over the URL it called plus the POST parameters
 * (twilio.com/docs/usage/webhooks/webhooks-security). Behind a tunnel the Host header is the tunnel's
 * local view, so the URL is always rebuilt from the configured public origin, never from the request.
 */
export function isValidTwilioSignature({
  authToken,
  publicUrl,
  pathAndQuery,
  params,
  signature,
}: {
  authToken: string;
  publicUrl: string;
  pathAndQuery: string;
  params: Record<string, string>;
  signature: string | undefined;
}): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, `${publicUrl}${pathAndQuery}`, params);
}

/**
 * The Media Streams WebSocket handshake carries X-Twilio-Signature, computed like a webhook's with no
 * parameters, over the wss:// URL of the stream. Accept the https:// form too: validators differ in the
 * scheme they sign (tech-facts §1).
 */
export function isValidTwilioUpgradeSignature({
  authToken,
  publicUrl,
  pathAndQuery,
  signature,
}: {
  authToken: string;
  publicUrl: string;
  pathAndQuery: string;
  signature: string | undefined;
}): boolean {
  if (!signature) return false;
  const host = new URL(publicUrl).host;
  return [`wss://${host}${pathAndQuery}`, `https://${host}${pathAndQuery}`].some((url) =>
    twilio.validateRequest(authToken, signature, url, {}),
  );
}

/** What the Twilio stand-in uses to sign: the same algorithm, from twilio-node. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
