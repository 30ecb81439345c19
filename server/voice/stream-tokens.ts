import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';

/**
 * Short-lived, single-use, signed tokens. A `stream` token rides in `<Parameter>` (the Stream URL may not
 * carry a query string) and comes back in `start.customParameters`: it binds the media stream to the CallSid
 * the webhook answered, so a stolen or replayed token opens nothing. A `callback` token names the lead an
 * outbound call-back continues; it rides in the webhook URL Twilio is given (signed by Twilio with it).
 * The key lives in memory only: a restart ends every live call anyway.
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

interface Envelope {
  c: TokenClaims;
  exp: number;
  jti: string;
}

export function createTokenIssuer({ clock = systemClock, key = randomBytes(32) }: { clock?: Clock; key?: Buffer } = {}): TokenIssuer {
  const used = new Map<string, number>();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest();

  function forgetExpired(now: number): void {
    for (const [jti, exp] of used) if (exp <= now) used.delete(jti);
  }

  return {
    issue(claims, ttlMs) {
      const envelope: Envelope = { c: claims, exp: clock.now() + ttlMs, jti: randomBytes(12).toString('base64url') };
      const body = Buffer.from(JSON.stringify(envelope)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },
    redeem(token, kind, matches) {
      const [body, signature, extra] = token.split('.');
      if (!body || !signature || extra !== undefined || body.length > 2048) return 'malformed';
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
      let envelope: Envelope;
      try {
        envelope = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Envelope;
      } catch {
        return 'malformed';
      }
      const now = clock.now();
      forgetExpired(now);
      if (envelope.exp <= now) return 'expired';
      if (envelope.c.kind !== kind) return 'wrong-kind';
      const claims = envelope.c as Extract<TokenClaims, { kind: typeof kind }>;
      if (matches && !matches(claims)) return 'mismatch';
      if (used.has(envelope.jti)) return 'used';
      used.set(envelope.jti, envelope.exp);
      return claims;
    },
  };
}
