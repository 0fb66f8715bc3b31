import { type TSchema, Type } from '@sinclair/typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable, namespaced error code, e.g. appointment.not_eligible' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
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

export function withProblems<T extends Record<number, TSchema>>(ok: T) {
  return { ...problemResponses, ...ok };
}
