// JSON Schema of a petition's front matter (petition.md) and of a translation's (petition.<lang>.md).
const slug = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' };
const oneLine = { type: 'string', minLength: 1 };
const language = { type: 'string', pattern: '^[a-z]{2,3}$' };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
// A column, or a list of columns (only `name` may join several: petition.ts says so with a hint for the others).
const columnOrList = { type: ['string', 'array'], minLength: 1, minItems: 1, items: oneLine };
/** The fields a signature source's `columns` may map. */
export const SOURCE_COLUMN_FIELDS = ['name', 'email', 'country', 'region', 'city', 'postcode', 'signed_at', 'source', 'comment'] as const;

export const petitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'subject', 'language', 'date', 'petitioner', 'roster', 'to'],
  properties: {
    title: oneLine,
    subject: oneLine,
    language,
    date,
    place: { type: 'string' },
    anniversary: {
      type: 'object',
      additionalProperties: false,
      required: ['date', 'time_zone'],
      properties: { date: { type: 'string', pattern: '^\\d{2}-\\d{2}$' }, time_zone: oneLine },
    },
    petitioner: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'address'],
      properties: {
        name: oneLine,
        signatory: oneLine,
        address: { type: 'array', items: oneLine },
        email: oneLine,
        reply_to: oneLine,
        phone: oneLine,
        website: oneLine,
      },
    },
    roster: slug,
    to: { type: 'array', minItems: 1, items: slug },
    cc: { type: 'array', items: slug },
    append: { type: 'array', items: language },
    distribution_list_limit: { type: 'integer', minimum: 0, maximum: 100000 },
    approvals_required: { type: 'integer', minimum: 1, maximum: 10 },
    signatures: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sources: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'label'],
            properties: {
              path: oneLine,
              label: oneLine,
              kind: { enum: ['person', 'organisation'] },
              delimiter: { type: 'string', minLength: 1, maxLength: 1 },
              encoding: oneLine,
              columns: {
                type: 'object',
                additionalProperties: false,
                properties: Object.fromEntries(SOURCE_COLUMN_FIELDS.map((k) => [k, columnOrList])),
              },
            },
          },
        },
        declared: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['source', 'count'],
            properties: {
              source: oneLine,
              count: { type: 'integer', minimum: 0 },
              country: { type: 'string', pattern: '^[A-Z]{2}$' },
              note: { type: 'string' },
            },
          },
        },
      },
    },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: { path: oneLine, description: { type: 'string' } },
      },
    },
  },
} as const;

export const translationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['language', 'title', 'subject'],
  properties: { language, title: oneLine, subject: oneLine },
} as const;
