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
    const [body, signature] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(Buffer.from(body, 'base64url').toString().replace('lead-1', 'lead-2')).toString('base64url');
    expect(tokens.redeem(`${forgedBody}.${signature}`, 'stream')).toBe('bad-signature');
    expect(tokens.redeem(body, 'stream')).toBe('malformed');
    expect(tokens.redeem(`${token}.x`, 'stream')).toBe('malformed');
    expect(createTokenIssuer().redeem(token, 'stream')).toBe('bad-signature');
    expect(tokens.redeem(token, 'callback')).toBe('wrong-kind');
    expect(tokens.redeem(token, 'stream')).toEqual(claims);
  });
});
