import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';

/**
 * The tools the chat model may call: the same as voice (record a lead field, flag an emergency, search the
 * knowledge base), none that reads anything but this business's public knowledge. The JSON schema sent to the
 * model is also the one its arguments are checked against: a model talked into calling a tool with a field
 * outside the list, an extra property or a huge value gets an error back and nothing is written.
 */
export type ToolName = 'record_lead_field' | 'flag_emergency' | 'search_knowledge_base';

interface StringSchema {
  type: 'string';
  description: string;
  minLength: number;
  maxLength: number;
  enum?: string[];
}

interface ObjectSchema {
  type: 'object';
  properties: Record<string, StringSchema>;
  required: string[];
  additionalProperties: false;
}

export interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: ObjectSchema;
}

export type ToolArguments = Record<string, string>;

export function toolSpecs({ fields, knowledge }: { fields: string[]; knowledge: boolean }): ToolSpec[] {
  const specs: ToolSpec[] = [
    {
      name: 'record_lead_field',
      description:
        'Store one answer of the visitor as soon as they give it. Phone numbers and emails are validated; on an error, ask the visitor again.',
      parameters: object({
        field: { type: 'string', description: 'Which answer this is', minLength: 1, maxLength: 40, enum: fields },
        value: { type: 'string', description: "The visitor's answer, in their words", minLength: 1, maxLength: 500 },
      }),
    },
    {
      name: 'flag_emergency',
      description: 'The visitor describes an emergency happening now (danger to people or property): alert the business at once.',
      parameters: object({ reason: { type: 'string', description: 'What is happening, in a few words', minLength: 3, maxLength: 300 } }),
    },
  ];
  if (knowledge) {
    specs.push({
      name: 'search_knowledge_base',
      description: "Search the business's own documents (services, prices, hours, areas) before answering a question about the business.",
      parameters: object({ query: { type: 'string', description: 'What to look up', minLength: 2, maxLength: 200 } }),
    });
  }
  return specs;
}

export function asOpenAiTools(specs: ToolSpec[]): ChatCompletionFunctionTool[] {
  return specs.map((spec) => ({
    type: 'function',
    function: { name: spec.name, description: spec.description, parameters: spec.parameters as unknown as Record<string, unknown>, strict: true },
  }));
}

export type CheckedCall = { ok: true; name: ToolName; args: ToolArguments } | { ok: false; error: string };

/** Parses and checks a tool call against the schema we offered. Nothing unknown gets through. */
export function checkToolCall(specs: ToolSpec[], name: string, rawArguments: string): CheckedCall {
  const spec = specs.find((s) => s.name === name);
  if (!spec) return { ok: false, error: `There is no tool named "${name.slice(0, 64)}"` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawArguments || '{}');
  } catch {
    return { ok: false, error: 'The arguments are not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'The arguments must be a JSON object' };
  const args: ToolArguments = {};
  for (const key of Object.keys(parsed)) {
    if (!Object.hasOwn(spec.parameters.properties, key)) return { ok: false, error: `Unknown argument "${key.slice(0, 40)}"` };
  }
  for (const [key, schema] of Object.entries(spec.parameters.properties)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value === undefined) {
      if (spec.parameters.required.includes(key)) return { ok: false, error: `Missing argument "${key}"` };
      continue;
    }
    if (typeof value !== 'string') return { ok: false, error: `"${key}" must be a string` };
    if (value.length < schema.minLength || value.length > schema.maxLength) {
      return { ok: false, error: `"${key}" must be ${schema.minLength} to ${schema.maxLength} characters` };
    }
    if (schema.enum && !schema.enum.includes(value)) return { ok: false, error: `"${key}" must be one of: ${schema.enum.join(', ')}` };
    args[key] = value;
  }
  return { ok: true, name: spec.name, args };
}

function object(properties: Record<string, StringSchema>): ObjectSchema {
  // Strict function calling wants every property required and no others.
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}
