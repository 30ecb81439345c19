import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';

/**
 * Short-lived, single-use tokens. A `stream` token rides in `<Parameter>` (the Stream URL may not carry a
 * query string) and comes back in `start.customParameters`: it binds the media stream to the CallSid the
 * webhook answered, so a stolen or replayed token opens nothing. A `callback` token names the lead an
 * outbound call-back continues; it rides in the webhook URL Twilio is given (signed by Twilio with it).
 *
 * A token is only a random id and its HMAC (45 characters): the claims stay here, in memory. Twilio limits
 * custom parameters (error 31103 "Length of parameters cannot exceed MAX_PARAM_LENGTH"; <Parameter> values
 * of <Client> are held to 128 bytes) and no limit is documented for <Stream>'s, so the token keeps well
 * under the smallest one. The key and the claims live in memory only: a restart ends every live call anyway.
 */

export interface StreamClaims {
  kind: 'stream';
  callSid: string;
  leadId: string;
  businessId: string;
  /** Why this stream (re)starts: a new call, a call-back, or the caller coming back from an unanswered transfer. */
  opening: 'greeting' | 'callback' | 'transfer-failed';
}

export interface CallbackClaims {
  kind: 'callback';
  leadId: string;
  to: string;
}

export type TokenClaims = StreamClaims | CallbackClaims;

export type RedeemFailure = 'malformed' | 'bad-signature' | 'expired' | 'used' | 'wrong-kind' | 'mismatch';

export interface TokenIssuer {
  issue(claims: TokenClaims, ttlMs: number): string;
  /**
   * Checks signature, kind, expiry and `matches` (the claims against the request), then burns the token: a
   * second redeem says `used`. A token presented for the wrong call is refused but not burnt, so it cannot
   * be used to deny the real call its stream.
   */
  redeem<K extends TokenClaims['kind']>(
    token: string,
    kind: K,
    matches?: (claims: Extract<TokenClaims, { kind: K }>) => boolean,
  ): Extract<TokenClaims, { kind: K }> | RedeemFailure;
}

interface Issued {
  claims: TokenClaims;
  exp: number;
  used: boolean;
}

const idBytes = 16;
const macBytes = 16;
const tokenPattern = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;

export function createTokenIssuer({ clock = systemClock, key = randomBytes(32) }: { clock?: Clock; key?: Buffer } = {}): TokenIssuer {
  const issued = new Map<string, Issued>();
  const mac = (id: string) => createHmac('sha256', key).update(id).digest().subarray(0, macBytes);

  /** Expired tokens are forgotten (a used one is kept until then, so a replay says `used`). */
  function forgetExpired(now: number): void {
    for (const [id, entry] of issued) if (entry.exp <= now) issued.delete(id);
  }

  return {
    issue(claims, ttlMs) {
      const now = clock.now();
      forgetExpired(now);
      const id = randomBytes(idBytes).toString('base64url');
      issued.set(id, { claims, exp: now + ttlMs, used: false });
      return `${id}.${mac(id).toString('base64url')}`;
    },
    redeem(token, kind, matches) {
      if (!tokenPattern.test(token)) return 'malformed';
      const [id, signature] = token.split('.') as [string, string];
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(id);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
      const now = clock.now();
      const entry = issued.get(id);
      // Signed by us but no longer held: it expired and was forgotten.
      if (!entry || entry.exp <= now) return 'expired';
      if (entry.claims.kind !== kind) return 'wrong-kind';
      const claims = entry.claims as Extract<TokenClaims, { kind: typeof kind }>;
      if (matches && !matches(claims)) return 'mismatch';
      if (entry.used) return 'used';
      entry.used = true;
      return claims;
    },
  };
}
