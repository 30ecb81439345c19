import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { UpstreamError } from '../errors.js';
import { asOpenAiTools, checkToolCall, type ToolArguments, type ToolName, type ToolSpec } from './tools.js';

export interface ModelTurnInput {
  client: OpenAI;
  model: string;
  /** The instructions, rebuilt every round: answers recorded and an emergency flagged in this turn show at once. */
  instructions(): string;
  /** The conversation so far, without the system message. */
  messages: ChatCompletionMessageParam[];
  tools: ToolSpec[];
  /** Each piece of text as it streams. */
  onDelta(text: string): void;
  /** Runs a checked tool call; the returned object goes back to the model as the tool's result. */
  runTool(name: ToolName, args: ToolArguments): Promise<Record<string, unknown>>;
  /** A rejected tool call (bad name or arguments), for the log. */
  onRejectedTool?(name: string, error: string): void;
  signal?: AbortSignal;
}

/** Model rounds per visitor message: a reply may need a tool call or two first, never an endless loop. */
const maxRounds = 4;

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One assistant reply through the Chat Completions API, streamed: text goes to `onDelta` as it arrives; tool
 * calls are assembled from their deltas (by `index`), checked against the schema, run, and their results
 * sent back for the next round. Returns the whole text. Throws UpstreamError when the API fails.
 */
export async function runModelTurn(input: ModelTurnInput): Promise<{ text: string }> {
  const messages = [...input.messages];
  const tools = asOpenAiTools(input.tools);
  let text = '';
  for (let round = 0; round < maxRounds; round++) {
    const { content, calls } = await streamOnce(input, [{ role: 'system', content: input.instructions() }, ...messages], tools, (piece) => {
      text += piece;
      input.onDelta(piece);
    });
    if (calls.length === 0) return { text };
    messages.push({
      role: 'assistant',
      content: content || null,
      tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    });
    for (const call of calls) {
      const checked = checkToolCall(input.tools, call.name, call.arguments);
      let result: Record<string, unknown>;
      if (checked.ok) {
        result = await input.runTool(checked.name, checked.args);
      } else {
        input.onRejectedTool?.(call.name, checked.error);
        result = { error: checked.error };
      }
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
    if (text && !/\s$/.test(text)) {
      text += ' ';
      input.onDelta(' ');
    }
  }
  return { text: text.trim() };
}

async function streamOnce(
  input: ModelTurnInput,
  messages: ChatCompletionMessageParam[],
  tools: ReturnType<typeof asOpenAiTools>,
  onText: (text: string) => void,
): Promise<{ content: string; calls: PendingCall[] }> {
  let content = '';
  const calls: PendingCall[] = [];
  try {
    const stream = await input.client.chat.completions.create(
      { model: input.model, messages, tools, stream: true, parallel_tool_calls: true },
      { signal: input.signal },
    );
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        content += delta.content;
        onText(delta.content);
      }
      for (const part of delta.tool_calls ?? []) {
        const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
      }
    }
  } catch (error) {
    throw toUpstreamError(error);
  }
  return { content, calls: calls.filter((call) => call && call.id) };
}

function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const retryable = status === undefined || status === 429 || status >= 500;
    return new UpstreamError('openai', `Chat completion failed${status ? ` (${status})` : ''}`, retryable, status);
  }
  return new UpstreamError('openai', 'Chat completion stream failed', true);
}
