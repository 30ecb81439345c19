import { Type, type Static } from 'typebox';
import { templateNames } from './templates.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const ChainParams = Type.Object({ id: Id }, { additionalProperties: false });

/** Query strings stay strings (no coercion anywhere); the route parses the numbers. */
export const ChainListQuery = Type.Object(
  {
    businessId: Type.Optional(Id),
    status: Type.Optional(Type.String({ pattern: '^(active|acknowledged|done|exhausted)(,(active|acknowledged|done|exhausted))*$' })),
    kind: Type.Optional(Type.Union([Type.Literal('lead'), Type.Literal('emergency')])),
    limit: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,2}$' })),
  },
  { additionalProperties: false },
);
export type ChainListQuery = Static<typeof ChainListQuery>;

export const TemplateParams = Type.Object({ id: Id, name: Type.Enum(templateNames) }, { additionalProperties: false });

export const SaveTemplateBody = Type.Object({ source: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false });

export const PreviewBody = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
    leadId: Type.Optional(Id),
    purpose: Type.Optional(Type.Union([Type.Literal('emergency'), Type.Literal('escalation'), Type.Literal('repeat'), Type.Literal('update')])),
  },
  { additionalProperties: false },
);

/**
 * What Twilio POSTs (form-encoded) to the alert webhooks; it may add parameters, so others are allowed.
 * twilio.com/docs/voice/twiml/gather#action, /docs/voice/api/call-resource#statuscallback,
 * /docs/messaging/guides/webhook-request.
 */
const Sid = (prefix: string) => Type.String({ pattern: `^${prefix}[0-9a-fA-F]{32}$` });
const Phone = Type.String({ minLength: 1, maxLength: 32 });
const extra = { additionalProperties: Type.String() };

export const AlertQuery = Type.Object({ alert: Type.String({ pattern: '^\\d{1,12}$' }) }, { additionalProperties: false });

export const GatherBody = Type.Object({ CallSid: Sid('CA'), Digits: Type.Optional(Type.String({ maxLength: 10 })) }, extra);

export const StatusBody = Type.Object(
  { CallSid: Type.Optional(Sid('CA')), CallStatus: Type.Optional(Type.String({ maxLength: 32 })), MessageSid: Type.Optional(Sid('(SM|MM)')), MessageStatus: Type.Optional(Type.String({ maxLength: 32 })) },
  extra,
);

export const InboundSmsBody = Type.Object({ From: Phone, To: Phone, Body: Type.String({ maxLength: 1600 }) }, extra);
