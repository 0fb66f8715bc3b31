import { type TSchema, Type } from '@sinclair/typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable, namespaced error code, e.g. appointment.not_eligible' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            in: Type.String({ description: 'body, query, path or header' }),
            field: Type.String({ description: 'JSON pointer (RFC 6901) into that part, e.g. /requester/givenName' }),
            rule: Type.String({ description: 'the JSON Schema keyword broken: required, maxLength, minLength, enum…' }),
            limit: Type.Optional(
              Type.Union([Type.Number(), Type.String()], { description: "the rule's value: 100 for maxLength" }),
            ),
            allowed: Type.Optional(Type.Array(Type.Unknown(), { description: 'the values an enum allows' })),
          },
          { additionalProperties: true },
        ),
        {
          description:
            'validation.invalid_input: every violation of the schema, one per field, at most 20 (docs/integrating.md)',
        },
      ),
    ),
    truncated: Type.Optional(Type.Boolean({ description: 'validation.invalid_input: more than 20 were found' })),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  429: Problem,
};

export const Localised = Type.Object({
  nl: Type.String(),
  fr: Type.String(),
  de: Type.String(),
  en: Type.String(),
});

/** Identifiers arrive in any spelling the identifier module accepts; it, not a regex here, decides. */
export const IdentifierString = (description: string) => Type.String({ minLength: 1, maxLength: 32, description });

/**
 * A person: a national or BIS number, or an eIDAS identifier `CC/BE/identifier` of up to 106
 * characters (issue 19); room is left for the spellings person-id.ts accepts (white space
 * around the slashes), and it decides.
 */
/** An item's id in a path or a body (a UUID, bounded generously). */
export const IdString = Type.String({ minLength: 1, maxLength: 64 });
/** The path of an enterprise's resource, and of one of its items. */
export const EnParams = Type.Object({ en: IdentifierString('enterprise number') });
export const EnIdParams = Type.Object({ en: IdentifierString('enterprise number'), id: IdString });
/** Free text whose limit the use case counts in characters: the schema bounds its UTF-16 units at twice that. */
export const CharText = (max: number, description: string) => Type.String({ maxLength: max * 2, description });

export const PersonIdString = (description: string) => Type.String({ minLength: 1, maxLength: 160, description });

export function withProblems<T extends Record<number, TSchema>>(ok: T) {
  return { ...problemResponses, ...ok };
}

/**
 * A date input: the one place that says what a date means (issue 14, item 2; src/domain/brussels-time.ts).
 * `edge` says whether it starts or ends a period.
 */
export const DateText = (description: string, edge: 'start' | 'end' = 'end') =>
  Type.String({
    maxLength: 40,
    description: `${description}. A date YYYY-MM-DD is a calendar day in Europe/Brussels (daylight saving included): ${
      edge === 'start'
        ? 'it starts at 00:00 Brussels time'
        : 'it is inclusive, through 23:59:59.999 Brussels time of that day'
    }. Or an RFC 3339 date-time with its offset (Z or ±hh:mm). A date that does not exist (2027-02-30, 2027-04-31T08:00:00+02:00) is refused.`,
  });
