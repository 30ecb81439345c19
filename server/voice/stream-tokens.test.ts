import { describe, expect, it } from 'vitest';
import { createTokenIssuer, type StreamClaims } from './stream-tokens.js';

const claims: StreamClaims = { kind: 'stream', callSid: `CA${'a'.repeat(32)}`, leadId: 'lead-1', businessId: 'biz-1', opening: 'greeting' };

describe('stream tokens', () => {
  it('redeems once, within its lifetime, for the call it names', () => {
    let now = 1_000_000;
    const tokens = createTokenIssuer({ clock: { now: () => now } });
    const token = tokens.issue(claims, 60_000);
    expect(tokens.redeem(token, 'stream', (c) => c.callSid === `CA${'b'.repeat(32)}`)).toBe('mismatch');
    // Refused for another call, but not burnt: the real call still gets its stream.
    expect(tokens.redeem(token, 'stream', (c) => c.callSid === claims.callSid)).toEqual(claims);
    expect(tokens.redeem(token, 'stream')).toBe('used');

    const late = tokens.issue(claims, 60_000);
    now += 60_000;
    expect(tokens.redeem(late, 'stream')).toBe('expired');
  });

  it('refuses forged, truncated, foreign and wrong-kind tokens', () => {
    const tokens = createTokenIssuer();
    const token = tokens.issue(claims, 60_000);
    const [id, signature] = token.split('.') as [string, string];
    // Another id (someone else's token, guessed) with this token's signature.
    const otherId = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    expect(tokens.redeem(`${otherId}.${signature}`, 'stream')).toBe('bad-signature');
    expect(tokens.redeem(id, 'stream')).toBe('malformed');
    expect(tokens.redeem(`${token}.x`, 'stream')).toBe('malformed');
    expect(createTokenIssuer().redeem(token, 'stream')).toBe('bad-signature');
    expect(tokens.redeem(token, 'callback')).toBe('wrong-kind');
    expect(tokens.redeem(token, 'stream')).toEqual(claims);
  });

  it('is short enough for a Twilio custom parameter, and carries no claims', () => {
    const token = createTokenIssuer().issue(claims, 60_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString('latin1')).not.toContain('lead-1');
  });
});
