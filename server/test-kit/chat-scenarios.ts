import { lastUserText, type ChatCompletionsRequest, type StandinReply } from './chat-completions-standin.js';

/** The questions still to ask, as the chat's instructions list them (`- field: question`). */
export function questionsInPrompt(request: ChatCompletionsRequest): Array<{ field: string; text: string }> {
  const system = String(request.messages[0]?.content ?? '');
  const start = system.indexOf('Questions to ask');
  if (start === -1) return [];
  const lines = system.slice(start).split('\n').slice(1);
  const out: Array<{ field: string; text: string }> = [];
  for (const line of lines) {
    const match = /^- ([a-z0-9_]+): (.+)$/.exec(line);
    if (!match) break;
    out.push({ field: match[1]!, text: match[2]! });
  }
  return out;
}

/**
 * A fake receptionist model: records each visitor message as the answer to the question it asked last (the
 * first message as the issue), moves on when that question has meanwhile been answered (the analyser may have
 * recorded a phone or a name from the message), flags "flood"/"burst" as an emergency, and after its tool
 * results asks the next question, or reads a tool error back to the visitor.
 */
export function receptionist(request: ChatCompletionsRequest): StandinReply {
  const last = request.messages.at(-1)!;
  const todo = questionsInPrompt(request);
  if (last.role === 'tool') {
    const results = request.messages.filter((m) => m.role === 'tool').slice(-1);
    const result = JSON.parse(String(results[0]?.content ?? '{}')) as { error?: string; recorded?: string; alerted?: boolean };
    const recordedNow = request.messages
      .filter((m) => m.role === 'assistant' && m.tool_calls)
      .flatMap((m) => m.tool_calls!)
      .map((c) => (JSON.parse(c.function.arguments) as { field?: string }).field);
    const next = todo.find((q) => !recordedNow.includes(q.field));
    if (result.error) return { text: `Sorry, ${result.error}. ${todo[0]?.text ?? ''}`.trim() };
    if (result.alerted) return { text: `I'm alerting the team right now. ${next?.text ?? ''}`.trim() };
    return { text: next ? `Thanks! ${next.text}` : 'Thank you, I have everything I need.' };
  }
  const text = lastUserText(request);
  if (/flood|burst/i.test(text)) return { toolCalls: [{ name: 'flag_emergency', arguments: { reason: text.slice(0, 100) } }] };
  const userTurns = request.messages.filter((m) => m.role === 'user').length;
  const system = String(request.messages[0]?.content ?? '');
  if (userTurns === 1 && !/- issue:/.test(system.slice(system.indexOf('Already recorded')))) {
    return { toolCalls: [{ name: 'record_lead_field', arguments: { field: 'issue', value: text } }] };
  }
  const asked = [...request.messages].reverse().find((m) => m.role === 'assistant' && typeof m.content === 'string' && m.content);
  const open = todo.find((q) => String(asked?.content ?? '').includes(q.text)) ?? (asked ? undefined : todo[0]);
  if (!open) return { text: todo[0] ? `Thanks! ${todo[0].text}` : 'Thank you, I have everything I need.' };
  return { toolCalls: [{ name: 'record_lead_field', arguments: { field: open.field, value: text } }] };
}

/**
 * A model that looks every visitor question up with `search_knowledge_base` and answers from the first hit,
 * naming its source (or says it does not know when the tool found nothing).
 */
export function librarian(request: ChatCompletionsRequest): StandinReply {
  const last = request.messages.at(-1)!;
  if (last.role !== 'tool') return { toolCalls: [{ name: 'search_knowledge_base', arguments: { query: lastUserText(request) } }] };
  const { hits = [] } = JSON.parse(String(last.content ?? '{}')) as { hits?: Array<{ title: string; text: string }> };
  const top = hits[0];
  if (!top) return { text: "I don't have that information, but the team can tell you." };
  const sentence = /^.*?[.!?](\s|$)/.exec(top.text)?.[0]?.trim() ?? top.text;
  return { text: `According to our ${top.title}: ${sentence}` };
}
