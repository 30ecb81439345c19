import { Type, type Static } from 'typebox';
import { E164, Email } from '../businesses/schemas.js';

export const leadStatuses = ['new', 'contacted', 'won', 'lost'] as const;
export type LeadStatus = (typeof leadStatuses)[number];
export const priorities = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type Priority = (typeof priorities)[number];
export const channels = ['voice', 'chat', 'manual'] as const;
export type Channel = (typeof channels)[number];


const IsoDateOrTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?$',
  description: 'a date (2026-11-25) or an ISO date-time',
});

/** Query strings stay strings in the schema (no type coercion anywhere); the route parses numbers and dates. */
export const LeadListQuery = Type.Object(
  {
    businessId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    priority: Type.Optional(Type.String({ pattern: '^(LOW|NORMAL|HIGH|URGENT)(,(LOW|NORMAL|HIGH|URGENT))*$' })),
    status: Type.Optional(Type.String({ pattern: '^(new|contacted|won|lost)(,(new|contacted|won|lost))*$' })),
    channel: Type.Optional(Type.Enum(channels)),
    emergency: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    from: Type.Optional(IsoDateOrTime),
    to: Type.Optional(IsoDateOrTime),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,2}$' })),
    offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;

export const LeadParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const UpdateLeadBody = Type.Object(
  {
    status: Type.Optional(Type.Enum(leadStatuses)),
    /** An owner's priority is final: the analyser no longer changes it. */
    priority: Type.Optional(Type.Enum(priorities)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateLeadBody = Type.Object(
  {
    businessId: Type.String({ minLength: 1, maxLength: 64 }),
    callerName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    callerPhone: Type.Optional(E164),
    callerEmail: Type.Optional(Email),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    summary: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    priority: Type.Optional(Type.Enum(priorities)),
    answers: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
export type CreateLeadBody = Static<typeof CreateLeadBody>;
