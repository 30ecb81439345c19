import { Type, type Static } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const BusinessParams = Type.Object({ id: Id }, { additionalProperties: false });
export const SourceParams = Type.Object({ id: Id, sourceId: Id }, { additionalProperties: false });
export const JobParams = Type.Object({ id: Id, jobId: Id }, { additionalProperties: false });

const Title = Type.String({ minLength: 1, maxLength: 200 });

export const AddTextBody = Type.Object(
  {
    title: Title,
    // 200k characters: a long FAQ or policy document, and still under the admin listener's body limit.
    text: Type.String({ minLength: 1, maxLength: 200_000 }),
  },
  { additionalProperties: false },
);
export type AddTextBody = Static<typeof AddTextBody>;

export const AddQaBody = Type.Object(
  {
    title: Type.Optional(Title),
    pairs: Type.Array(
      Type.Object(
        { question: Type.String({ minLength: 3, maxLength: 500 }), answer: Type.String({ minLength: 1, maxLength: 5000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type AddQaBody = Static<typeof AddQaBody>;

export const ImportWebsiteBody = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
    maxPages: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ImportWebsiteBody = Static<typeof ImportWebsiteBody>;

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 1000 }),
    // Query strings are strings: no coercion on this API.
    k: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-4][0-9]|50)$' })),
    all: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    mode: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('keyword')])),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;
