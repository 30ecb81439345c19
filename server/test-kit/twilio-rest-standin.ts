import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's REST API (api.twilio.com/2010-04-01), written from the public docs:
 * HTTP Basic auth with the Account SID and auth token, form-encoded parameters with Twilio's capitalised
 * names, JSON resources with snake_case fields, and Twilio's error body `{code, message, more_info, status}`
 * (twilio.com/docs/usage/api, /docs/voice/api/call-resource, /docs/messaging/api/message-resource,
 * /docs/api/errors). It records every request so tests can assert what was sent.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  at: number;
}

export interface TwilioStandin {
  url: string;
  accountSid: string;
  authToken: string;
  requests: RecordedRequest[];
  calls: Map<string, Record<string, unknown>>;
  messages: Map<string, Record<string, unknown>>;
  /** The next `times` requests (optionally only to paths containing `pathPart`) fail with this HTTP status. */
  failNext(times: number, status: number, pathPart?: string): void;
  /** Requests to paths containing `pathPart` get no answer until released (a provider that hangs). */
  hold(pathPart: string): { release(): void };
  /**
   * Calls created or updated through the API, as Twilio would act on them: a created call is placed, an
   * update with Twiml/Url/Status takes over a live call (the Twilio phone stand-in listens here).
   */
  onCall(listener: (event: CallEvent) => void): () => void;
  /**
   * A call as Twilio's API knows it from the moment it rings (the phone stand-in tells us of the calls it
   * places and answers), so GET and POST on its Calls resource work like on a real account.
   */
  callStarted(call: { sid: string; from: string; to: string; direction: string }): void;
  /** The call ended on the phone (hung up, or its TwiML ran out): Twilio's status and duration. */
  callEnded(sid: string, durationSeconds: number): void;
  close(): Promise<void>;
}

export interface CallEvent {
  kind: 'created' | 'updated';
  callSid: string;
  params: Record<string, string>;
}

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export async function startTwilioStandin({
  accountSid = `AC${'0'.repeat(31)}1`,
  authToken = 'standin-auth-token',
  onRequest,
}: {
  accountSid?: string;
  authToken?: string;
  /** Told of each request as it arrives, before it is answered (benchmarks time it). */
  onRequest?: (request: RecordedRequest) => void;
} = {}): Promise<TwilioStandin> {
  const requests: RecordedRequest[] = [];
  const calls = new Map<string, Record<string, unknown>>();
  const messages = new Map<string, Record<string, unknown>>();
  const failures: Array<{ status: number; pathPart?: string }> = [];
  const holds = new Set<{ pathPart: string; released: Promise<void> }>();
  const events = new EventEmitter();
  // One listener per live call (the phone stand-in); a benchmark has hundreds.
  events.setMaxListeners(0);
  const base = `/2010-04-01/Accounts/${accountSid}`;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { code: 20500, message: error.message, more_info: '', status: 500 }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(body));
    const recorded = { method: req.method ?? 'GET', path: url.pathname, params, at: Date.now() };
    requests.push(recorded);
    onRequest?.(recorded);

    if (!authorised(req.headers.authorization)) {
      return twilioError(res, 401, 20003, 'Authenticate');
    }
    for (const hold of holds) if (url.pathname.includes(hold.pathPart)) await hold.released;
    const failure = failures.findIndex((f) => !f.pathPart || url.pathname.includes(f.pathPart));
    if (failure !== -1) {
      const [{ status }] = failures.splice(failure, 1) as [{ status: number }];
      return twilioError(res, status, status === 429 ? 20429 : 20500, status === 429 ? 'Too Many Requests' : 'Internal Server Error');
    }
    if (req.method === 'GET' && url.pathname === `${base}.json`) {
      return send(res, 200, { sid: accountSid, friendly_name: 'Stand-in account', status: 'active', type: 'Full' });
    }
    if (req.method === 'POST' && url.pathname === `${base}/Calls.json`) return createCall(res, params);
    const callUpdate = new RegExp(`^${base}/Calls/(CA[0-9a-f]{32})\\.json$`).exec(url.pathname);
    if (req.method === 'POST' && callUpdate) return updateCall(res, callUpdate[1]!, params);
    if (req.method === 'GET' && callUpdate) {
      const call = calls.get(callUpdate[1]!);
      return call ? send(res, 200, call) : twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    if (req.method === 'POST' && url.pathname === `${base}/Messages.json`) return createMessage(res, params);
    return twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
  }

  function authorised(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const [user, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return user === accountSid && password === authToken;
  }

  function createCall(res: ServerResponse, params: Record<string, string>): void {
    if (!params.To) return twilioError(res, 400, 21201, "No 'To' number is specified");
    if (!params.From) return twilioError(res, 400, 21213, "No 'From' number is specified");
    if (!params.Url && !params.Twiml && !params.ApplicationSid) return twilioError(res, 400, 21205, 'Url parameter is required.');
    if (params.Url && !/^https?:\/\/[^/]+/.test(params.Url)) return twilioError(res, 400, 21205, `Url is not a valid URL: ${params.Url}`);
    if (params.Twiml && params.Twiml.length > 4000) return twilioError(res, 400, 13001, 'Twiml exceeds the 4000 character limit');
    const call = resource('CA', params, { status: 'queued', direction: 'outbound-api' });
    calls.set(call.sid as string, call);
    send(res, 201, call);
    events.emit('call', { kind: 'created', callSid: call.sid as string, params } satisfies CallEvent);
  }

  function updateCall(res: ServerResponse, callSid: string, params: Record<string, string>): void {
    const call = calls.get(callSid);
    // Twilio answers an unknown CallSid with 404 / 20404; it never invents the call.
    if (!call) return twilioError(res, 404, 20404, `The requested resource ${base}/Calls/${callSid}.json was not found`);
    if (call.status === 'completed') return twilioError(res, 400, 21220, 'Call is not in-progress. Cannot redirect.');
    if (params.Status && !['canceled', 'completed'].includes(params.Status)) return twilioError(res, 400, 20001, `Invalid Status ${params.Status}`);
    if (params.Twiml && params.Twiml.length > 4000) return twilioError(res, 400, 13001, 'Twiml exceeds the 4000 character limit');
    if (params.Url && !/^https?:\/\/[^/]+/.test(params.Url)) return twilioError(res, 400, 21205, `Url is not a valid URL: ${params.Url}`);
    if (params.Method && !['GET', 'POST'].includes(params.Method)) return twilioError(res, 400, 21206, `Method is not valid: ${params.Method}`);
    const updated = { ...call, ...(params.Status ? { status: params.Status } : {}), date_updated: new Date().toUTCString() };
    calls.set(callSid, updated);
    send(res, 200, updated);
    events.emit('call', { kind: 'updated', callSid, params } satisfies CallEvent);
  }

  function createMessage(res: ServerResponse, params: Record<string, string>): void {
    if (!params.To) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!params.From && !params.MessagingServiceSid) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
    if (!params.Body && !params.MediaUrl) return twilioError(res, 400, 21602, 'Message body is required.');
    if ((params.Body ?? '').length > 1600) return twilioError(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const message = resource('SM', params, { status: 'queued', direction: 'outbound-api', body: params.Body ?? '', num_segments: String(Math.ceil((params.Body ?? '').length / 153) || 1) });
    messages.set(message.sid as string, message);
    send(res, 201, message);
  }

  function resource(prefix: string, params: Record<string, string>, extra: Record<string, unknown>, existing?: string): Record<string, unknown> {
    const id = existing ?? sid(prefix);
    const now = new Date().toUTCString();
    return {
      sid: id,
      account_sid: accountSid,
      to: params.To ?? null,
      from: params.From ?? null,
      date_created: now,
      date_updated: now,
      uri: `${base}/${prefix === 'CA' ? 'Calls' : 'Messages'}/${id}.json`,
      ...extra,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accountSid,
    authToken,
    requests,
    calls,
    messages,
    failNext(times, status, pathPart) {
      for (let i = 0; i < times; i++) failures.push({ status, pathPart });
    },
    hold(pathPart) {
      let release!: () => void;
      const hold = { pathPart, released: new Promise<void>((resolve) => (release = resolve)) };
      holds.add(hold);
      return {
        release() {
          holds.delete(hold);
          release();
        },
      };
    },
    callStarted({ sid: callSid, from, to, direction }) {
      const known = calls.get(callSid);
      calls.set(callSid, known ? { ...known, status: 'in-progress' } : resource('CA', { From: from, To: to }, { status: 'in-progress', direction, duration: null }, callSid));
    },
    callEnded(callSid, durationSeconds) {
      const call = calls.get(callSid);
      if (!call) return;
      calls.set(callSid, { ...call, status: 'completed', duration: String(durationSeconds), end_time: new Date().toUTCString(), date_updated: new Date().toUTCString() });
    },
    onCall(listener) {
      events.on('call', listener);
      return () => events.off('call', listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  send(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}
