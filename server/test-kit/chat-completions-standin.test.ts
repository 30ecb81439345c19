import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatCompletionsStandin, type ChatCompletionsStandin } from './chat-completions-standin.js';

// The stand-in is only useful if the real client reads it as it reads OpenAI: checked with the openai SDK.
let standin: ChatCompletionsStandin;
let client: OpenAI;

beforeAll(async () => {
  standin = await startChatCompletionsStandin();
  client = new OpenAI({ apiKey: standin.apiKey, baseURL: standin.baseUrl, maxRetries: 0 });
});
afterAll(() => standin.close());

describe('the Chat Completions stand-in', () => {
  it('streams text and tool-call deltas the openai SDK assembles', async () => {
    standin.setScenario(() => ({ text: 'Checking that for you.', toolCalls: [{ name: 'search_knowledge_base', arguments: { query: 'weekend hours' } }] }));
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'Open on Sundays?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const args: string[] = [];
    let finish: string | null = null;
    let usage = false;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const choice = chunk.choices[0];
      if (!choice) {
        usage = Boolean(chunk.usage);
        continue;
      }
      text += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) args[call.index] = (args[call.index] ?? '') + (call.function?.arguments ?? '');
      finish = choice.finish_reason ?? finish;
    }
    expect(text).toBe('Checking that for you.');
    expect(JSON.parse(args[0]!)).toEqual({ query: 'weekend hours' });
    expect(finish).toBe('tool_calls');
    expect(usage).toBe(true);
  });

  it('answers like the API to a wrong key and to a tool message with no call before it', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key-000', baseURL: standin.baseUrl, maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'call_1', content: '{}' }], stream: true }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
