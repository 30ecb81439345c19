import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A local stand-in for OpenAI's Chat Completions API (`POST /v1/chat/completions`), written from the public
 * API reference (platform.openai.com/docs/api-reference/chat/create and …/chat-streaming):
 * - `Authorization: Bearer <key>`; a wrong key is `401 {"error":{"message","type":"invalid_request_error",
 *   "param":null,"code":"invalid_api_key"}}`, other failures use the same error object.
 * - With `stream: true` the answer is `text/event-stream`: one `data: <chat.completion.chunk JSON>` event per
 *   delta, then `data: [DONE]`. The first chunk's delta carries `role: "assistant"`; text arrives as
 *   `delta.content`; a tool call arrives as `delta.tool_calls[{index, id, type:"function", function:{name,
 *   arguments:""}}]` followed by chunks that append to `function.arguments` by `index`; the last choice chunk
 *   has an empty delta and `finish_reason` "stop" or "tool_calls"; with `stream_options.include_usage` a final
 *   chunk has `choices: []` and `usage`.
 * - A `tool` message must answer a `tool_call_id` of the assistant message before it (the API answers 400).
 * What the "model" says is decided by a scenario, so tests choose the conversation (hostile tool calls included).
 */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatCompletionsRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface StandinReply {
  /** Streamed as content deltas of about `chunkSize` characters. */
  text?: string;
  /** Streamed after the text (if any); `arguments` may be any string, valid JSON or not. */
  toolCalls?: Array<{ name: string; arguments: string | Record<string, unknown> }>;
  /** Answer with this HTTP error instead of a stream. */
  error?: { status: number; message?: string; type?: string; code?: string | null };
  /** Close the connection after this many chunks, without [DONE] (a dropped upstream). */
  cutAfterChunks?: number;
  /** Wait before the first byte (a slow model). */
  delayMs?: number;
}

export type Scenario = (request: ChatCompletionsRequest, index: number) => StandinReply | Promise<StandinReply>;

export interface RecordedCompletion {
  body: ChatCompletionsRequest;
  authorization: string | undefined;
  /** performance.now() when the request arrived and when its first chunk was written (same clock as the caller's). */
  receivedAt: number;
  firstChunkAt?: number;
}

export interface ChatCompletionsStandin {
  /** The base URL a client is configured with: `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  apiKey: string;
  requests: RecordedCompletion[];
  setScenario(scenario: Scenario): void;
  close(): Promise<void>;
}

export async function startChatCompletionsStandin({
  apiKey = 'sk-standin-0000000000',
  scenario: initial = () => ({ text: 'Hello from the stand-in.' }),
  chunkSize = 6,
  chunkDelayMs = 0,
}: { apiKey?: string; scenario?: Scenario; chunkSize?: number; chunkDelayMs?: number } = {}): Promise<ChatCompletionsStandin> {
  let scenario = initial;
  const requests: RecordedCompletion[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      if (!res.headersSent) sendError(res, 500, { message: error.message, type: 'server_error' });
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://standin');
    const raw = await readBody(req);
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return sendError(res, 404, { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error' });
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendError(res, 401, { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' });
    }
    let body: ChatCompletionsRequest;
    try {
      body = JSON.parse(raw) as ChatCompletionsRequest;
    } catch {
      return sendError(res, 400, { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' });
    }
    const problem = checkRequest(body);
    if (problem) return sendError(res, 400, { message: problem, type: 'invalid_request_error' });
    const record: RecordedCompletion = { body, authorization: req.headers.authorization, receivedAt };
    requests.push(record);

    const reply = await scenario(body, requests.length - 1);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.error) return sendError(res, reply.error.status, { message: reply.error.message ?? 'The server had an error.', type: reply.error.type ?? 'server_error', code: reply.error.code ?? null });
    if (!body.stream) return sendError(res, 400, { message: 'This stand-in only streams: set stream to true.', type: 'invalid_request_error' });

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const created = Math.floor(Date.now() / 1000);
    const base = { id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_standin', service_tier: 'default' };
    let written = 0;
    const write = async (payload: object | '[DONE]'): Promise<boolean> => {
      if (reply.cutAfterChunks !== undefined && written >= reply.cutAfterChunks) {
        // Like a dropped connection: what was sent arrives, then the socket closes mid-stream.
        res.socket?.end();
        return false;
      }
      if (written === 0) record.firstChunkAt = performance.now();
      written++;
      await new Promise<void>((resolve) => res.write(`data: ${payload === '[DONE]' ? payload : JSON.stringify(payload)}\n\n`, () => resolve()));
      if (chunkDelayMs) await sleep(chunkDelayMs);
      return true;
    };
    const choice = (delta: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });

    if (!(await write(choice({ role: 'assistant', content: '', refusal: null })))) return;
    for (const piece of split(reply.text ?? '', chunkSize)) {
      if (!(await write(choice({ content: piece })))) return;
    }
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
      const callId = `call_${randomBytes(12).toString('hex')}`;
      if (!(await write(choice({ tool_calls: [{ index, id: callId, type: 'function', function: { name: call.name, arguments: '' } }] })))) return;
      for (const piece of split(args, chunkSize * 2)) {
        if (!(await write(choice({ tool_calls: [{ index, function: { arguments: piece } }] })))) return;
      }
    }
    if (!(await write(choice({}, reply.toolCalls?.length ? 'tool_calls' : 'stop')))) return;
    if (body.stream_options?.include_usage) {
      const usage = { prompt_tokens: 100, completion_tokens: Math.ceil((reply.text ?? '').length / 4), total_tokens: 0 };
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      if (!(await write({ ...base, choices: [], usage }))) return;
    }
    if (!(await write('[DONE]'))) return;
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    setScenario(next) {
      scenario = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** The checks the real API makes that a client is most likely to get wrong. */
function checkRequest(body: ChatCompletionsRequest): string | undefined {
  if (typeof body.model !== 'string' || !body.model) return "you must provide a model parameter";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must be a non-empty array";
  const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
  let pending = new Set<string>();
  for (const [i, message] of body.messages.entries()) {
    if (!roles.has(message.role)) return `Invalid value for 'messages[${i}].role'`;
    if (message.role === 'tool') {
      if (!message.tool_call_id || !pending.has(message.tool_call_id)) {
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
      pending.delete(message.tool_call_id);
      continue;
    }
    if (pending.size) {
      return "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.";
    }
    if (message.role === 'assistant' && message.tool_calls?.length) pending = new Set(message.tool_calls.map((call) => call.id));
  }
  for (const tool of body.tools ?? []) {
    if (tool.type !== 'function' || !/^[a-zA-Z0-9_-]{1,64}$/.test(tool.function?.name ?? '')) return "Invalid 'tools': each needs type function and a name";
  }
  return undefined;
}

function sendError(res: ServerResponse, status: number, error: { message: string; type: string; code?: string | null }): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code ?? null } }));
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The text of the conversation's last user message (what a scenario usually reacts to). */
export function lastUserText(request: ChatCompletionsRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}

/** Whether the request ends with tool results (the model is being asked to continue after its tool calls). */
export function endsWithToolResults(request: ChatCompletionsRequest): boolean {
  return request.messages.at(-1)?.role === 'tool';
}
