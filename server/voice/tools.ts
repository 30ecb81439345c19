import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import type { Question } from '../businesses/questions.js';
import type { Business } from '../businesses/service.js';
import type { KnowledgeSearch } from '../knowledge/index.js';
import { standardFields } from '../leads/field-values.js';
import type { ToolOutcome } from '../relay/relay.js';

/** What search_knowledge_base needs of the knowledge service (server/knowledge), when there is one. */
export type { KnowledgeSearch } from '../knowledge/index.js';

export interface ToolContext {
  business: Business;
  recordField(field: string, value: string): { field: string; value: string };
  flagEmergency(reason: string): void;
  knowledge: KnowledgeSearch | undefined;
}

/** The five tools the model may call, with argument schemas it is held to. */
export function toolDefinitions(questions: Question[]): RealtimeFunctionTool[] {
  const fields = [...new Set([...questions.map((q) => q.field), ...Object.keys(standardFields)])];
  return [
    {
      type: 'function',
      name: 'record_lead_field',
      description: "Store one of the caller's answers on their lead as soon as they give it.",
      parameters: {
        type: 'object',
        properties: {
          field: { type: 'string', enum: fields, description: 'The field the question records its answer under.' },
          value: { type: 'string', description: 'The answer, as the caller gave it (phone numbers with area code, dates as YYYY-MM-DD).' },
        },
        required: ['field', 'value'],
        additionalProperties: false,
      },
    },
    {
      type: 'function',
      name: 'flag_emergency',
      description: 'Mark this call as an emergency; the owner is alerted at once.',
      parameters: {
        type: 'object',
        properties: { reason: { type: 'string', description: 'What the emergency is, in a few words.' } },
        required: ['reason'],
        additionalProperties: false,
      },
    },
    {
      type: 'function',
      name: 'search_knowledge_base',
      description: "Look up the business's own documents (services, prices, hours, area, policies).",
      parameters: {
        type: 'object',
        properties: { query: { type: 'string', description: 'What to look for.' } },
        required: ['query'],
        additionalProperties: false,
      },
    },
    {
      type: 'function',
      name: 'transfer_to_owner',
      description: 'Put the caller through to the owner. If the owner does not answer, the caller comes back to you.',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
    {
      type: 'function',
      name: 'end_call',
      description: 'End the call politely once the caller is done. The goodbye is said for you.',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
  ];
}

class BadArguments extends Error {}

function parseArguments(raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new BadArguments('the arguments are not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadArguments('the arguments must be a JSON object');
  return parsed as Record<string, unknown>;
}

function text(args: Record<string, unknown>, name: string, max = 1000): string {
  const value = args[name];
  if (typeof value !== 'string' || value.trim() === '') throw new BadArguments(`"${name}" must be a non-empty string`);
  if (value.length > max) throw new BadArguments(`"${name}" is longer than ${max} characters`);
  return value.trim();
}

/**
 * Runs one tool call. Bad arguments, unknown tools and invalid answers come back to the model as an error
 * result it can act on (ask again, carry on); they never end the call.
 */
export async function runTool(name: string, rawArguments: string, context: ToolContext): Promise<ToolOutcome> {
  try {
    const args = parseArguments(rawArguments);
    switch (name) {
      case 'record_lead_field': {
        const stored = context.recordField(text(args, 'field', 64), text(args, 'value'));
        return { output: { ok: true, field: stored.field, value: stored.value } };
      }
      case 'flag_emergency': {
        context.flagEmergency(text(args, 'reason', 300));
        return { output: { ok: true, say: context.business.voice.messages.emergency } };
      }
      case 'search_knowledge_base': {
        const query = text(args, 'query', 300);
        if (!context.knowledge) return { output: { ok: true, results: [] } };
        const found = await context.knowledge.search(context.business.id, query, 3);
        return {
          output: {
            ok: true,
            results: found.hits.map((hit) => ({ title: hit.source.title, heading: hit.heading, text: hit.text.slice(0, 800) })),
          },
        };
      }
      case 'transfer_to_owner':
        return { output: { ok: true }, then: { action: 'transfer', say: 'One moment, I am putting you through now.' } };
      case 'end_call':
        return { output: { ok: true }, then: { action: 'hang-up', say: context.business.voice.messages.endCall } };
      default:
        return { output: { ok: false, error: `There is no tool called "${name}".` } };
    }
  } catch (error) {
    if (error instanceof BadArguments) return { output: { ok: false, error: `Bad arguments for ${name}: ${error.message}.` } };
    // A validation error from the lead service carries a message meant for the caller's ears.
    if ((error as { statusCode?: number }).statusCode === 400) return { output: { ok: false, error: (error as Error).message } };
    throw error;
  }
}
