import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.js';
import { startEmbeddingsStandIn, type EmbeddingsStandIn } from '../test-kit/embeddings-standin.js';
import { createOpenAIEmbedder, EmbeddingsUnavailable, needsKey } from './embeddings.js';

let standIn: EmbeddingsStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('OpenAI-compatible embeddings client', () => {
  it('sends batches of at most 96 inputs and returns one vector per text, in order', async () => {
    standIn = await startEmbeddingsStandIn();
    const embedder = createOpenAIEmbedder({ baseUrl: standIn.baseUrl, model: 'text-embedding-3-small', apiKey: async () => standIn!.apiKey });
    const texts = Array.from({ length: 200 }, (_, i) => `text number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(200);
    expect(vectors.every((v) => v.length === 1536)).toBe(true);
    expect(standIn.requests.map((r) => r.inputs)).toEqual([96, 96, 8]);
    const [again] = await embedder.embed(['text number 150']);
    expect(Array.from(again!)).toEqual(Array.from(vectors[150]!));
  });

  it('says why it failed: no key, a refused key, an unknown model, a server error', async () => {
    standIn = await startEmbeddingsStandIn();
    const make = (model: string, key: string | undefined) => createOpenAIEmbedder({ baseUrl: standIn!.baseUrl, model, apiKey: async () => key });
    // No key for a server other than OpenAI's: it is asked anyway, and this one wants a key.
    await expect(make('text-embedding-3-small', undefined).embed(['x'])).rejects.toMatchObject({ retryable: false, upstreamStatus: 401 });
    const refused = await make('text-embedding-3-small', 'sk-wrong-key').embed(['x']).catch((e: unknown) => e as UpstreamError);
    expect(refused).toMatchObject({ retryable: false, upstreamStatus: 401, message: expect.stringContaining('Incorrect API key') });
    const unknown = await make('no-such-model', standIn.apiKey).embed(['x']).catch((e: unknown) => e as UpstreamError);
    expect(unknown).toMatchObject({ retryable: false, upstreamStatus: 404 });
    standIn.failNext(1, 500);
    const down = await make('text-embedding-3-small', standIn.apiKey).embed(['x']).catch((e: unknown) => e as UpstreamError);
    expect(down).toMatchObject({ retryable: true, upstreamStatus: 500 });
  });

  it('calls a keyless local server without Authorization, but never calls OpenAI itself without a key', async () => {
    standIn = await startEmbeddingsStandIn({ keyless: true });
    const local = createOpenAIEmbedder({ baseUrl: standIn.baseUrl, model: 'text-embedding-3-small', apiKey: async () => undefined });
    expect(await local.embed(['x'])).toHaveLength(1);
    expect(standIn.requests).toEqual([{ model: 'text-embedding-3-small', inputs: 1, authorized: false }]);

    const calls: string[] = [];
    const recording = (async (url: string | URL | Request) => {
      calls.push(String(url));
      throw new Error('must not be called');
    }) as typeof fetch;
    const openai = createOpenAIEmbedder({ baseUrl: 'https://api.openai.com/v1', model: 'text-embedding-3-small', apiKey: async () => undefined, fetch: recording });
    await expect(openai.embed(['x'])).rejects.toBeInstanceOf(EmbeddingsUnavailable);
    expect(calls).toEqual([]);
    expect(needsKey('https://API.openai.com/v1')).toBe(true);
    expect(needsKey('http://127.0.0.1:11434/v1')).toBe(false);
  });

  it('gives up after its timeout, and a closed port is a retryable failure', async () => {
    standIn = await startEmbeddingsStandIn();
    standIn.setDelay(500);
    const slow = createOpenAIEmbedder({ baseUrl: standIn.baseUrl, model: 'text-embedding-3-small', apiKey: async () => standIn!.apiKey });
    await expect(slow.embed(['x'], { timeoutMs: 100 })).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('no answer within 100 ms') });
    const closed = createOpenAIEmbedder({ baseUrl: 'http://127.0.0.1:9/v1', model: 'text-embedding-3-small', apiKey: async () => 'sk-x' });
    await expect(closed.embed(['x'])).rejects.toMatchObject({ name: 'UpstreamError', retryable: true });
  });
});
