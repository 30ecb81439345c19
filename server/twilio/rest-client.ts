import twilio from 'twilio';
import type IRequestClient from 'twilio/lib/base/RequestClient.js';
import type { Config } from '../config.js';
import { UpstreamError } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';

export type TwilioClient = ReturnType<typeof twilio>;
type RequestOptions<TData> = IRequestClient.RequestOptions<TData>;

/**
 * twilio-node hard-codes https://api.twilio.com; its client accepts a custom httpClient, which sends each
 * request to TWILIO_API_BASE instead (tests point it at the local stand-in in server/test-kit).
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly apiBase: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    const base = new URL(this.apiBase);
    uri.protocol = base.protocol;
    uri.host = base.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}

export interface TwilioRest {
  /** A client with the current credentials; throws UpstreamError when Twilio is not configured. */
  client(): Promise<TwilioClient>;
  configured(): Promise<boolean>;
}

export function createTwilioRest({ config, secrets }: { config: Config; secrets: SecretStore }): TwilioRest {
  const httpClient = new RebasedRequestClient(config.twilio.apiBase);
  let cached: { token: string; client: TwilioClient } | undefined;
  return {
    async configured() {
      return Boolean(config.twilio.accountSid && (await secrets.get('TWILIO_AUTH_TOKEN')));
    },
    async client() {
      const token = await secrets.get('TWILIO_AUTH_TOKEN');
      const sid = config.twilio.accountSid;
      if (!sid || !token) throw new UpstreamError('twilio', 'Twilio is not configured (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)', false);
      // The token can change at run time (set through the admin API): rebuild the client when it does.
      if (cached?.token !== token) cached = { token, client: twilio(sid, token, { httpClient, autoRetry: false }) };
      return cached.client;
    },
  };
}

/** Twilio's errors, as the rest of the appliance wants them: whether a retry may help, and the status. */
export function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const status = (error as { status?: number }).status;
  const code = (error as { code?: number | string }).code;
  const message = (error as Error).message ?? String(error);
  if (typeof status === 'number') {
    return new UpstreamError('twilio', `Twilio answered ${status}${code ? ` (${code})` : ''}: ${message}`, status === 429 || status >= 500, status);
  }
  // No HTTP status: the request never got an answer (network down, timeout). Worth retrying.
  return new UpstreamError('twilio', `Twilio could not be reached: ${message}`, true);
}
