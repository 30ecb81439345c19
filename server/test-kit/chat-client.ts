import { openSse, type SseStream } from './sse-client.js';

/** A website visitor's side of the chat API, as the widget speaks it (tests and the benchmark). */
export interface ChatVisitor {
  chatId: string;
  token: string;
  stream: SseStream;
  send(text: string, clientId?: string): Promise<{ status: number; body: any }>;
  /** Sends a message and waits for the agent's whole reply to it. */
  ask(text: string): Promise<string>;
  call(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): void;
}

export interface VisitorOptions {
  origin: string;
  /** Sent as X-Forwarded-For (believed from loopback, as from the tunnel): one "visitor IP" per client. */
  ip?: string;
}

export async function request(
  url: string,
  { method = 'GET', body, headers = {} }: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep the text */
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export async function startVisitor(publicUrl: string, businessId: string, { origin, ip }: VisitorOptions): Promise<ChatVisitor> {
  const base = { origin, ...(ip ? { 'x-forwarded-for': ip } : {}) };
  const started = await request(`${publicUrl}/widget/businesses/${businessId}/chats`, { method: 'POST', body: {}, headers: base });
  if (started.status !== 201) throw new Error(`chat start answered ${started.status}: ${JSON.stringify(started.body)}`);
  const { chatId, token } = started.body as { chatId: string; token: string };
  const stream = await openSse(`${publicUrl}/widget/chats/${chatId}/events?token=${encodeURIComponent(token)}`, base);
  const auth = { ...base, authorization: `Bearer ${token}` };
  let replies = 0;
  const visitor: ChatVisitor = {
    chatId,
    token,
    stream,
    send: (text, clientId) => request(`${publicUrl}/widget/chats/${chatId}/messages`, { method: 'POST', body: { text, ...(clientId ? { clientId } : {}) }, headers: auth }),
    async ask(text) {
      const n = ++replies;
      const sent = await visitor.send(text);
      if (sent.status !== 202) throw new Error(`message answered ${sent.status}: ${JSON.stringify(sent.body)}`);
      const end = await stream.waitFor((e) => e.event === 'reply.end' && stream.events.filter((x) => x.event === 'reply.end').indexOf(e) === n - 1);
      return end.data.text as string;
    },
    call: (path, body = {}) => request(`${publicUrl}/widget/chats/${chatId}/${path}`, { method: 'POST', body, headers: auth }),
    close: () => stream.close(),
  };
  return visitor;
}
