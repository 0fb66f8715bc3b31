/** The shapes of the foreign enterprise routes (foreign-enterprises.ts). */
import { Type } from '@sinclair/typebox';
import { attachmentKinds } from '../../app/exception/shared.ts';
import { MAX_REPRESENTATIVES } from '../../app/foreign-enterprises/shared.ts';
import { IdentifierString, PersonIdString } from '../schemas.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Status = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('registered'),
  Type.Literal('rejected'),
  Type.Literal('linked'),
]);
const MAX_DOCUMENTS = 10;
const LinkStatus = Type.Union([Type.Literal('proposed'), Type.Literal('linked'), Type.Literal('rejected')]);

export const View = Type.Object({
  number: Type.String({ description: 'the F-number, normal form F + 9 digits' }),
  euid: Nullable(Type.String()),
  nationalRegisterNumber: Nullable(Type.String()),
  homeRegister: Type.String(),
  name: Type.String(),
  country: Type.String(),
  status: Status,
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  kboNumber: Nullable(Type.String()),
  linkedAt: Nullable(Type.String()),
  representatives: Type.Array(
    Type.Object({
      id: Type.String(),
      person: Type.String(),
      familyName: Type.String(),
      givenName: Type.String(),
      endDate: Type.String(),
      status: Type.Union([Type.Literal('proposed'), Type.Literal('active'), Type.Literal('ended')]),
    }),
  ),
  documents: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      filename: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
  links: Type.Array(
    Type.Object({
      id: Type.String(),
      kboNumber: Type.String(),
      reason: Type.String(),
      status: LinkStatus,
      proposedBy: Type.String(),
      proposedAt: Type.String(),
    }),
  ),
});

export const Renewal = Type.Object({ endDate: Type.String(), proposedBy: Type.String(), proposedAt: Type.String() });

export const Link = Type.Object({
  id: Type.String(),
  enterpriseNumber: Type.String(),
  kboNumber: Type.String(),
  reason: Type.String(),
  status: LinkStatus,
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  moved: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()], {
    description: 'rows moved to the KBO number, by table',
  }),
});

export const Summary = Type.Object({
  number: Type.String(),
  name: Type.String(),
  country: Type.String(),
  euid: Nullable(Type.String()),
  status: Status,
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  kboNumber: Nullable(Type.String()),
  nextRepresentativeEnd: Nullable(Type.String()),
});

/** The documents' base64 is bounded by the exception procedure's per-file limit, a third larger. */
export const registerBody = (maxFileBytes: number) =>
  Type.Object(
    {
      homeRegister: Type.String({ minLength: 1, maxLength: 200, description: 'the business register that holds it' }),
      euid: Type.Optional(
        Type.String({ maxLength: 80, description: 'European Unique Identifier, e.g. NLNHR.12345678' }),
      ),
      nationalRegisterNumber: Type.Optional(Type.String({ maxLength: 80, description: 'when it has no EUID' })),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      country: Type.String({ minLength: 2, maxLength: 2, description: 'EU or EEA country code (EL for Greece)' }),
      representatives: Type.Array(
        Type.Object(
          {
            person: PersonIdString('national number, BIS number or eIDAS identifier CC/BE/identifier'),
            familyName: Type.String({ minLength: 1, maxLength: 200 }),
            givenName: Type.String({ minLength: 1, maxLength: 200 }),
            endDate: Type.String({ maxLength: 10, description: 'last day of the power, at most 36 months ahead' }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: MAX_REPRESENTATIVES },
      ),
      documents: Type.Array(
        Type.Object(
          {
            kind: Type.Union(attachmentKinds.map((k) => Type.Literal(k))),
            filename: Type.String({ minLength: 1, maxLength: 200 }),
            contentBase64: Type.String({
              minLength: 1,
              maxLength: Math.ceil(maxFileBytes / 3) * 4 + 1024,
              description: 'PDF, PNG or JPEG, recognised by content',
            }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: MAX_DOCUMENTS },
      ),
    },
    { additionalProperties: false },
  );

export const Number_ = Type.Object({ number: IdentifierString('the F-number') });
