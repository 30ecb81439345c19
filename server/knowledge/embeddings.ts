import { UpstreamError } from '../errors.js';

/** Turns texts into vectors. The knowledge service only knows this interface (tests and bench pass their own). */
export interface Embedder {
  readonly model: string;
  /** One vector per text, in order. Throws EmbeddingsUnavailable or UpstreamError. */
  embed(texts: string[], options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Float32Array[]>;
}

/** No key for an endpoint that needs one (OpenAI's): not a fault of the endpoint, and nothing to retry until one is set. */
export class EmbeddingsUnavailable extends Error {
  override name = 'EmbeddingsUnavailable';
}

export interface OpenAIEmbedderDeps {
  /** OPENAI_BASE_URL, e.g. https://api.openai.com/v1 or an Ollama server's http://127.0.0.1:11434/v1. */
  baseUrl: string;
  model: string;
  apiKey: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  defaultTimeoutMs?: number;
}

// The API takes up to 2048 inputs and 300k tokens per request; chunks are ≤ ~250 tokens, so 96 stays far below
// both while keeping one slow request short.
export const maxBatch = 96;

/**
 * An OpenAI-compatible `POST {baseUrl}/embeddings` client
 * (https://platform.openai.com/docs/api-reference/embeddings/create): `{model, input: string[],
 * encoding_format: "float"}` → `{object: "list", data: [{object: "embedding", index, embedding}], model, usage}`.
 * Plain fetch rather than the SDK: one request shape, our own timeout, and errors that carry `retryable`.
 */
export function createOpenAIEmbedder({ baseUrl, model, apiKey, fetch = globalThis.fetch, defaultTimeoutMs = 30_000 }: OpenAIEmbedderDeps): Embedder {
  return {
    model,
    async embed(texts, { timeoutMs = defaultTimeoutMs, signal } = {}) {
      if (texts.length === 0) return [];
      if (texts.length > maxBatch) {
        const out: Float32Array[] = [];
        for (let i = 0; i < texts.length; i += maxBatch) out.push(...(await this.embed(texts.slice(i, i + maxBatch), { timeoutMs, signal })));
        return out;
      }
      const key = await apiKey();
      if (!key && needsKey(baseUrl)) throw new EmbeddingsUnavailable('No OpenAI API key is set');
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/embeddings`, {
          method: 'POST',
          // A keyless local server (Ollama) is called without Authorization rather than with an empty bearer.
          headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
          body: JSON.stringify({ model, input: texts, encoding_format: 'float' }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        const timedOut = timeout.aborted;
        throw new UpstreamError('openai', timedOut ? `embeddings: no answer within ${timeoutMs} ms` : `embeddings: ${(error as Error).message}`, true);
      }
      if (!response.ok) {
        const detail = await errorMessage(response);
        // 429 and 5xx may pass; 400/401/403/404 (bad key, unknown model) will not until someone changes something.
        const retryable = response.status === 429 || response.status >= 500 || response.status === 408;
        throw new UpstreamError('openai', `embeddings: HTTP ${response.status}${detail ? `: ${detail}` : ''}`, retryable, response.status);
      }
      const body = (await response.json().catch(() => undefined)) as { data?: Array<{ index?: number; embedding?: unknown }> } | undefined;
      return toVectors(body, texts.length);
    },
  };
}

/**
 * Only OpenAI's own API is known to need a key; any other OPENAI_BASE_URL (an Ollama or other local
 * OpenAI-compatible server) is tried without one, and answers 401 itself if it does want one.
 */
export function needsKey(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return true;
  }
}

function toVectors(body: { data?: Array<{ index?: number; embedding?: unknown }> } | undefined, count: number): Float32Array[] {
  const data = body?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw new UpstreamError('openai', `embeddings: expected ${count} vectors, got ${Array.isArray(data) ? data.length : 'none'}`, true);
  }
  const out = new Array<Float32Array>(count);
  let dimension: number | undefined;
  for (const [position, item] of data.entries()) {
    const index = typeof item.index === 'number' ? item.index : position;
    const vector = decode(item.embedding);
    if (!vector || index < 0 || index >= count || out[index]) throw new UpstreamError('openai', 'embeddings: malformed vector in the answer', true);
    if (dimension !== undefined && vector.length !== dimension) throw new UpstreamError('openai', 'embeddings: vectors of different sizes', true);
    dimension = vector.length;
    out[index] = vector;
  }
  return out;
}

function decode(embedding: unknown): Float32Array | undefined {
  if (Array.isArray(embedding) && embedding.length > 0 && embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return Float32Array.from(embedding as number[]);
  }
  // Some compatible servers answer base64 (little-endian float32) whatever was asked.
  if (typeof embedding === 'string' && embedding.length > 0) {
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length % 4 === 0 && bytes.length > 0) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  }
  return undefined;
}

async function errorMessage(response: Response): Promise<string | undefined> {
  const text = await response.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message.slice(0, 200);
  } catch {
    /* not JSON */
  }
  return text.slice(0, 200) || undefined;
}
