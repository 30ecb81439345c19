import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { UpstreamError } from '../errors.js';
import { createSilentLogger } from '../log/logger.js';
import { createScrubber } from '../log/scrub.js';
import { createSecretStore } from '../secrets/secret-store.js';
import { startTwilioStandin, type TwilioStandin } from '../test-kit/twilio-rest-standin.js';
import { tempDir } from '../test-kit/test-config.js';
import { createTwilioRest, toUpstreamError } from './rest-client.js';
import { isValidTwilioSignature, isValidTwilioUpgradeSignature, twilioSignature } from './webhook-signature.js';

let standin: TwilioStandin;
const temp = tempDir();
beforeAll(async () => {
  standin = await startTwilioStandin();
});
afterAll(async () => {
  await standin.close();
  temp.remove();
});

async function rest(authToken: string | undefined) {
  const config = loadConfig({ LEADS_DATA_DIR: temp.dir, TWILIO_ACCOUNT_SID: standin.accountSid, TWILIO_API_BASE: standin.url });
  const secrets = await createSecretStore({ dataDir: temp.dir, fromEnv: { TWILIO_AUTH_TOKEN: authToken }, scrubber: createScrubber(), log: createSilentLogger(), keytar: false });
  return createTwilioRest({ config, secrets });
}

describe('Twilio REST client', () => {
  it('sends twilio-node requests to TWILIO_API_BASE with Basic auth', async () => {
    const client = await (await rest(standin.authToken)).client();
    const call = await client.calls.create({ to: '+15125550199', from: '+15125550100', twiml: '<Response><Say>Hi</Say></Response>' });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    const sms = await client.messages.create({ to: '+15125550199', from: '+15125550100', body: 'Burst pipe at 1420 Oak St' });
    expect(sms.sid).toMatch(/^SM/);
    expect(standin.requests.map((r) => [r.method, r.path.replace(/AC\w+/, 'AC…')])).toEqual([
      ['POST', '/2010-04-01/Accounts/AC…/Calls.json'],
      ['POST', '/2010-04-01/Accounts/AC…/Messages.json'],
    ]);
    expect(standin.requests[0]!.params).toMatchObject({ To: '+15125550199', From: '+15125550100', Twiml: '<Response><Say>Hi</Say></Response>' });
  });

  it("turns Twilio's errors into UpstreamError with retryable and status", async () => {
    const client = await (await rest('wrong-token-1')).client();
    const denied = await client.calls.create({ to: '+1', from: '+2', url: 'https://x.example/a' }).catch(toUpstreamError);
    expect(denied).toMatchObject({ service: 'twilio', retryable: false, upstreamStatus: 401 });
    const good = await (await rest(standin.authToken)).client();
    standin.failNext(1, 503);
    expect(await good.messages.create({ to: '+1', from: '+2', body: 'x' }).catch(toUpstreamError)).toMatchObject({ retryable: true, upstreamStatus: 503 });
    expect(await good.messages.create({ to: '+1', from: '+2' } as never).catch(toUpstreamError)).toMatchObject({ retryable: false, upstreamStatus: 400 });
  });

  it('gets 404 / 20404 for a call the account does not have, as from Twilio, and nothing is invented', async () => {
    const client = await (await rest(standin.authToken)).client();
    const unknown = `CA${'7'.repeat(32)}`;
    const error = (await client.calls(unknown).update({ status: 'completed' }).catch((e: unknown) => e)) as { status: number; code: number; moreInfo: string };
    expect(error).toMatchObject({ status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404' });
    expect(await client.calls(unknown).fetch().catch(toUpstreamError)).toMatchObject({ retryable: false, upstreamStatus: 404 });
    expect(standin.calls.has(unknown)).toBe(false);
  });

  it('refuses to build a client without credentials', async () => {
    await expect((await rest(undefined)).client()).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('Twilio signatures', () => {
  const authToken = 'sig-token';
  const publicUrl = 'https://acme.ngrok.app';
  const params = { CallSid: 'CA1', From: '+15125550148', To: '+15125550100' };

  it('accepts a webhook signed over the public URL and refuses anything else', () => {
    const signature = twilioSignature(authToken, `${publicUrl}/twilio/voice`, params);
    expect(isValidTwilioSignature({ authToken, publicUrl, pathAndQuery: '/twilio/voice', params, signature })).toBe(true);
    expect(isValidTwilioSignature({ authToken, publicUrl, pathAndQuery: '/twilio/voice', params: { ...params, From: '+1' }, signature })).toBe(false);
    expect(isValidTwilioSignature({ authToken, publicUrl: 'http://127.0.0.1:3210', pathAndQuery: '/twilio/voice', params, signature })).toBe(false);
    expect(isValidTwilioSignature({ authToken: 'other', publicUrl, pathAndQuery: '/twilio/voice', params, signature })).toBe(false);
    expect(isValidTwilioSignature({ authToken, publicUrl, pathAndQuery: '/twilio/voice', params, signature: undefined })).toBe(false);
  });

  it('accepts a media-stream upgrade signed over wss:// (or https://) with no parameters', () => {
    const wss = twilioSignature(authToken, 'wss://acme.ngrok.app/media-stream', {});
    const https = twilioSignature(authToken, 'https://acme.ngrok.app/media-stream', {});
    expect(isValidTwilioUpgradeSignature({ authToken, publicUrl, pathAndQuery: '/media-stream', signature: wss })).toBe(true);
    expect(isValidTwilioUpgradeSignature({ authToken, publicUrl, pathAndQuery: '/media-stream', signature: https })).toBe(true);
    expect(isValidTwilioUpgradeSignature({ authToken, publicUrl, pathAndQuery: '/other', signature: wss })).toBe(false);
  });
});
