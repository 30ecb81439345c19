import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { hashEmbedding } from './hash-embedding.js';

/**
 * A local OpenAI-compatible embeddings server, written from the API reference
 * (https://platform.openai.com/docs/api-reference/embeddings/create):
 * `POST /v1/embeddings` with `Authorization: Bearer <key>` and `{model, input: string | string[],
 * encoding_format?: "float" | "base64", dimensions?}` answers
 * `{object: "list", data: [{object: "embedding", index, embedding}], model, usage: {prompt_tokens, total_tokens}}`.
 * Errors use the API's shape `{error: {message, type, param, code}}`: 401 for a wrong key, 404 for an unknown
 * model, 400 for a bad input. Vectors come from `hashEmbedding` (deterministic).
 */
export interface EmbeddingsStandIn {
  /** e.g. http://127.0.0.1:PORT/v1, for OPENAI_BASE_URL. */
  baseUrl: string;
  /** The key it wants (unless started `keyless`). */
  apiKey: string;
  /** Each request's model, input count and whether it carried an Authorization header, in order. */
  requests: Array<{ model: string; inputs: number; authorized: boolean }>;
  /** The next `count` requests fail with this HTTP status (a 5xx or 429 by default for "the endpoint is down"). */
  failNext(count: number, status?: number): void;
  /** Every request waits this long before answering (to test timeouts). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export const standInModels: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  // A smaller model, so tests can change model and see a re-embed into another dimension.
  'standin-embed-256': 256,
};

/** `keyless`: behave like a local server (Ollama) that ignores Authorization and wants no key. */
export async function startEmbeddingsStandIn({ apiKey = 'sk-standin-test-key', port = 0, keyless = false }: { apiKey?: string; port?: number; keyless?: boolean } = {}): Promise<EmbeddingsStandIn> {
  const requests: EmbeddingsStandIn['requests'] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let delayMs = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => sendError(res, 500, String(error), 'server_error', null));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return sendError(res, 404, `Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error', null, 'unknown_url');
    if (failures.count > 0) {
      failures.count--;
      return sendError(res, failures.status, 'The server had an error while processing your request.', 'server_error', null);
    }
    if (!keyless && req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
    }
    let parsed: { model?: unknown; input?: unknown; encoding_format?: unknown; dimensions?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    const model = parsed.model;
    if (typeof model !== 'string') return sendError(res, 400, "you must provide a model parameter", 'invalid_request_error', 'model');
    let dimension = standInModels[model];
    if (!dimension) return sendError(res, 404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found');
    const inputs = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 2048 || !inputs.every((x) => typeof x === 'string' && x.length > 0)) {
      return sendError(res, 400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error', null);
    }
    if (parsed.dimensions !== undefined) {
      if (!model.startsWith('text-embedding-3') || typeof parsed.dimensions !== 'number' || parsed.dimensions < 1 || parsed.dimensions > dimension) {
        return sendError(res, 400, 'This model does not support specifying dimensions.', 'invalid_request_error', 'dimensions');
      }
      dimension = parsed.dimensions;
    }
    const format = parsed.encoding_format ?? 'float';
    if (format !== 'float' && format !== 'base64') return sendError(res, 400, "'encoding_format' must be 'float' or 'base64'", 'invalid_request_error', 'encoding_format');
    requests.push({ model, inputs: inputs.length, authorized: req.headers.authorization !== undefined });
    const data = (inputs as string[]).map((input, index) => {
      // Seeded by model so two models give different vectors for the same text, as real ones do.
      const vector = hashEmbedding(`${input}`, dimension!);
      if (model !== 'text-embedding-3-small') rotate(vector, model.length);
      return {
        object: 'embedding',
        index,
        embedding: format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector),
      };
    });
    const tokens = (inputs as string[]).reduce((n, s) => n + Math.ceil(s.length / 4), 0);
    send(res, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}/v1`,
    apiKey,
    requests,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close() {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function rotate(vector: Float32Array, by: number): void {
  const copy = Float32Array.from(vector);
  for (let i = 0; i < vector.length; i++) vector[i] = copy[(i + by) % vector.length]!;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, type: string, param: string | null, code: string | null = null): void {
  send(res, status, { error: { message, type, param, code } });
}
