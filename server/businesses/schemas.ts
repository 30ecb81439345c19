import { Type, type Static, type TObject } from 'typebox';
import { plans } from '../plans.js';

export const industries = [
  'plumbing',
  'hvac',
  'electrical',
  'roofing',
  'locksmith',
  'pest_control',
  'restoration',
  'med_spa',
  'dental',
  'legal',
  'real_estate',
  'auto_repair',
  'other',
] as const;

export const E164 = Type.String({ pattern: '^\\+[1-9]\\d{6,14}$', description: 'E.164 phone number, e.g. +15125550148' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
const Origin = Type.String({ pattern: '^https?://[^/?#\\s]+$', maxLength: 200, description: 'https://example.com' });
const ShortText = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Phrases = Type.Array(Type.String({ minLength: 2, maxLength: 80 }), { maxItems: 200 });

/**
 * The voices the OpenAI Realtime API (GA) accepts in `session.audio.output.voice`; any other name makes it
 * reject the whole session.update (developers.openai.com/api/reference/resources/realtime, session object).
 */
export const realtimeVoices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;

export const VoiceSettings = Type.Object(
  {
    voice: Type.Enum(realtimeVoices),
    language: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' }),
    vad: Type.Object(
      {
        threshold: Type.Number({ minimum: 0, maximum: 1 }),
        prefixPaddingMs: Type.Integer({ minimum: 0, maximum: 2000 }),
        silenceDurationMs: Type.Integer({ minimum: 100, maximum: 5000 }),
      },
      { additionalProperties: false },
    ),
    messages: Type.Object(
      {
        leadComplete: ShortText(500),
        emergency: ShortText(500),
        endCall: ShortText(500),
        /** Said to callers of a business whose plan has no voice agent, before the missed-call lead is taken. */
        unavailable: ShortText(500),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const WidgetSettings = Type.Object(
  {
    title: ShortText(60),
    greeting: ShortText(300),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    position: Type.Union([Type.Literal('bottom-right'), Type.Literal('bottom-left')]),
    /** Honoured on PRO only; other plans always show "Powered by Leads Agent". */
    hideBranding: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AlertSettings = Type.Object(
  {
    escalationMinutes: Type.Integer({ minimum: 1, maximum: 120 }),
    repeatMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
    maxRepeats: Type.Integer({ minimum: 0, maximum: 20 }),
    call: Type.Boolean(),
    sms: Type.Boolean(),
    email: Type.Boolean(),
    /** Non-emergency leads in one daily email instead of one email each. */
    dailyDigest: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** Extra phrases for this business on top of its industry's vocabulary (see server/understanding). */
export const VocabularySettings = Type.Object({ urgent: Phrases, high: Phrases }, { additionalProperties: false });

const settingsSections = {
  voice: VoiceSettings,
  widget: WidgetSettings,
  alerts: AlertSettings,
  vocabulary: VocabularySettings,
};

const baseFields = {
  name: ShortText(120),
  industry: Type.Enum(industries),
  plan: Type.Enum(plans),
  twilioNumber: Type.Union([E164, Type.Null()]),
  ownerPhone: E164,
  ownerEmail: Email,
  backupPhone: Type.Union([E164, Type.Null()]),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/Chicago' }),
  greeting: ShortText(500),
  widgetOrigins: Type.Array(Origin, { maxItems: 20 }),
};

/** The same object schema with every property optional, recursively: PATCH bodies may give any part. */
function partialDeep(schema: TObject): TObject {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([key, value]) => [
      key,
      Type.Optional(Type.IsObject(value) ? partialDeep(value) : value),
    ]),
  );
  return Type.Object(properties, { additionalProperties: false });
}

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

export const CreateBusinessBody = Type.Object(
  {
    name: baseFields.name,
    industry: baseFields.industry,
    plan: baseFields.plan,
    twilioNumber: Type.Optional(baseFields.twilioNumber),
    ownerPhone: baseFields.ownerPhone,
    ownerEmail: baseFields.ownerEmail,
    backupPhone: Type.Optional(baseFields.backupPhone),
    timezone: baseFields.timezone,
    greeting: Type.Optional(baseFields.greeting),
    widgetOrigins: Type.Optional(baseFields.widgetOrigins),
    voice: Type.Optional(partialDeep(VoiceSettings)),
    widget: Type.Optional(partialDeep(WidgetSettings)),
    alerts: Type.Optional(partialDeep(AlertSettings)),
    vocabulary: Type.Optional(partialDeep(VocabularySettings)),
  },
  { additionalProperties: false },
);

export const UpdateBusinessBody = partialDeep(CreateBusinessBody);

export const BusinessSettings = Type.Object(settingsSections);
export type BusinessSettings = Static<typeof BusinessSettings>;
export type VoiceSettings = Static<typeof VoiceSettings>;
export type WidgetSettings = Static<typeof WidgetSettings>;
export type AlertSettings = Static<typeof AlertSettings>;
export type VocabularySettings = Static<typeof VocabularySettings>;

type BaseFields = { [K in keyof typeof baseFields]: Static<(typeof baseFields)[K]> };
export interface CreateBusinessInput
  extends Pick<BaseFields, 'name' | 'industry' | 'plan' | 'ownerPhone' | 'ownerEmail' | 'timezone'>,
    Partial<Pick<BaseFields, 'twilioNumber' | 'backupPhone' | 'greeting' | 'widgetOrigins'>>,
    DeepPartial<BusinessSettings> {}
export type UpdateBusinessInput = Partial<CreateBusinessInput>;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const questionKinds = ['text', 'phone', 'email', 'address', 'date', 'choice'] as const;
export type QuestionKind = (typeof questionKinds)[number];

const questionFields = {
  text: ShortText(300),
  kind: Type.Enum(questionKinds),
  choices: Type.Union([Type.Array(ShortText(80), { minItems: 1, maxItems: 20 }), Type.Null()]),
  required: Type.Boolean(),
  isEssentialForEmergency: Type.Boolean(),
  position: Type.Integer({ minimum: 0, maximum: 1000 }),
  field: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'the key answers are recorded under' }),
};

export const CreateQuestionBody = Type.Object(
  {
    text: questionFields.text,
    kind: questionFields.kind,
    choices: Type.Optional(questionFields.choices),
    required: Type.Optional(questionFields.required),
    isEssentialForEmergency: Type.Optional(questionFields.isEssentialForEmergency),
    position: Type.Optional(questionFields.position),
    field: Type.Optional(questionFields.field),
  },
  { additionalProperties: false },
);
export type CreateQuestionBody = Static<typeof CreateQuestionBody>;

export const UpdateQuestionBody = partialDeep(Type.Object(questionFields, { additionalProperties: false }));
export type UpdateQuestionBody = Partial<{ [K in keyof typeof questionFields]: Static<(typeof questionFields)[K]> }>;

export const QuestionParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), questionId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const ReorderQuestionsBody = Type.Object(
  { ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000, uniqueItems: true }) },
  { additionalProperties: false },
);
