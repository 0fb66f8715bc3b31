import { Type } from '@sinclair/typebox';
import { attachmentKinds, reasons } from '../../app/exception/shared.ts';

const Lang = Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('de'), Type.Literal('en')]);
const Str = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, description });
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const Reason = Type.Union(reasons.map((r) => Type.Literal(r)));
/** A request's status (ExceptionStatus of src/infra/db/schema.ts): the web app's types are generated from it. */
const Status = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('info_requested'),
  Type.Literal('answered'),
  Type.Literal('pending_confirmation'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
]);

export const IdDocument = Type.Object(
  {
    type: Type.Union([
      Type.Literal('passport'),
      Type.Literal('id_card'),
      Type.Literal('residence_permit'),
      Type.Literal('other'),
    ]),
    number: Str(40),
    issuingCountry: Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' }),
    expiry: Type.String({ minLength: 10, maxLength: 10, description: 'YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

export const RequesterBody = Type.Object(
  {
    familyName: Str(100),
    givenName: Str(100),
    personNumber: Type.Optional(Str(160, 'national or BIS number or eIDAS identifier, when the requester has one')),
    idDocument: Type.Optional(IdDocument),
    capacity: Str(200, 'in which capacity the requester represents the enterprise'),
    email: Str(254),
    phone: Type.Optional(Str(32)),
    language: Lang,
  },
  { additionalProperties: false },
);

export const ProposedBody = Type.Object(
  { personNumber: Str(160), familyName: Str(100), givenName: Str(100), email: Str(254), phone: Str(32) },
  { additionalProperties: false },
);

/** The JSON of the `request` part of the multipart submission. */
export const SubmitBody = Type.Object(
  {
    requester: RequesterBody,
    proposed: ProposedBody,
    reason: Reason,
    reasonText: Type.Optional(Type.String({ maxLength: 2000 })),
    challenge: Type.String({ minLength: 32, maxLength: 64 }),
    nonce: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const FormBody = Type.Object(
  {
    language: Lang,
    enterprise: Type.Optional(Type.String({ maxLength: 32 })),
    requester: Type.Optional(Type.Partial(RequesterBody)),
    proposed: Type.Optional(Type.Partial(ProposedBody)),
    reason: Type.Optional(Reason),
    reasonText: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const multipartDescription = `multipart/form-data: a \`request\` field holding the JSON described by SubmitBody, and files whose field name is their kind (${attachmentKinds.join(', ')}). PDF, PNG or JPEG only, recognised by content.`;

export const Submitted = Type.Object({
  reference: Type.String(),
  status: Status,
  submittedAt: Type.String(),
  targetDate: Type.String(),
});

export const Challenge = Type.Object({
  challenge: Type.String(),
  difficulty: Type.Integer(),
  expiresAt: Type.String(),
  algorithm: Type.String(),
});

export const OwnView = Type.Object({
  reference: Type.String(),
  status: Status,
  enterprise: Type.String(),
  enterpriseName: Type.String(),
  reason: Type.String(),
  submittedAt: Type.String(),
  targetDate: Type.String(),
  proposed: Type.Object({ name: Type.String() }),
  decisionReason: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({ at: Type.String(), action: Type.String(), by: Type.String(), message: Nullable(Type.String()) }),
  ),
  attachments: Type.Array(
    Type.Object({ kind: Type.String(), filename: Type.String(), size: Type.Integer(), uploadedAt: Type.String() }),
  ),
});

export const QueueItem = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  enterprise: Type.String(),
  enterpriseName: Nullable(Type.String()),
  status: Status,
  reason: Type.String(),
  submittedAt: Type.String(),
  updatedAt: Type.String(),
  targetDate: Type.String(),
  workingDaysLeft: Nullable(Type.Integer()),
  warning: Type.Union([Type.Literal('near'), Type.Literal('past'), Type.Null()]),
  duplicates: Type.Integer({ description: 'other open requests for the same enterprise' }),
  approvedBy: Nullable(Type.String()),
});

const AnyObject = Type.Object({}, { additionalProperties: true });

export const RequestPage = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: Status,
  reason: Type.String(),
  reasonText: Nullable(Type.String()),
  submittedAt: Type.String(),
  updatedAt: Type.String(),
  targetDate: Type.String(),
  workingDaysLeft: Nullable(Type.Integer()),
  warning: Type.Union([Type.Literal('near'), Type.Literal('past'), Type.Null()]),
  submittedBy: Nullable(Type.String()),
  requester: AnyObject,
  proposed: Type.Object({
    person: Type.String(),
    familyName: Type.String(),
    givenName: Type.String(),
    email: Type.String(),
    phone: Type.String(),
  }),
  decision: Type.Object({
    approvedBy: Nullable(Type.String()),
    approvedAt: Nullable(Type.String()),
    overrideReason: Nullable(Type.String()),
    confirmedBy: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    appointment: Nullable(Type.String()),
  }),
  attachments: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      filename: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
      uploadedAt: Type.String(),
      url: Type.String(),
    }),
  ),
  missingDocuments: Type.Array(Type.String()),
  register: Type.Object({
    enterprise: Type.String(),
    found: Type.Boolean(),
    status: Nullable(Type.String()),
    isStopped: Type.Union([Type.Boolean(), Type.Null()]),
    startDate: Nullable(Type.String()),
    names: Type.Array(Type.Object({ name: Type.String(), language: Type.String(), type: Type.String() })),
    functions: Type.Array(
      Type.Object({
        person: Type.String(),
        name: Nullable(Type.String()),
        functionCode: Type.String(),
        startDate: Type.String(),
        endDate: Nullable(Type.String()),
        isCurrent: Type.Boolean(),
      }),
    ),
    currentMain: Type.Union([
      Type.Object({ person: Type.String(), procedure: Type.String(), since: Type.String() }),
      Type.Null(),
    ]),
  }),
  otherRequests: Type.Array(
    Type.Object({
      id: Type.String(),
      reference: Type.String(),
      status: Status,
      reason: Type.String(),
      submittedAt: Type.String(),
      proposedPerson: Type.String(),
      isDuplicate: Type.Boolean(),
    }),
  ),
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      actor: Nullable(Type.String()),
      role: Type.String(),
      action: Type.String(),
      message: Nullable(Type.String()),
      details: Type.Unknown(),
    }),
  ),
});

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([
      Type.Literal('ask_info'),
      Type.Literal('reject'),
      Type.Literal('approve'),
      Type.Literal('confirm'),
    ]),
    message: Type.Optional(
      Type.String({
        maxLength: 5000,
        description: 'the question (ask_info), the reason (reject), a note (approve, confirm)',
      }),
    ),
    overrideReason: Type.Optional(
      Type.String({ maxLength: 2000, description: 'approve: why the eligibility rule is set aside' }),
    ),
  },
  { additionalProperties: false },
);

export const DecisionResult = Type.Object({
  reference: Type.String(),
  status: Status,
  appointment: Type.Union([
    Type.Object({ id: Type.String(), person: Type.String(), procedure: Type.String() }),
    Type.Null(),
  ]),
});

export const LookupResult = Type.Object({
  enterprise: Type.String(),
  enterpriseName: Type.String(),
  isStopped: Type.Boolean(),
  managers: Type.Array(
    Type.Object({
      id: Type.String(),
      person: Type.String(),
      name: Nullable(Type.String()),
      kind: Type.String(),
      domain: Nullable(Type.String()),
      email: Type.String(),
      phone: Type.String(),
      procedure: Type.String(),
      appointedBy: Nullable(Type.String()),
      appointedByRole: Type.String(),
      since: Type.String(),
      validUntil: Nullable(Type.String()),
    }),
  ),
});

/** The desk's view of what ends soon at an enterprise (issue 17). */
export const EndingSoonResult = Type.Object({
  enterprise: Type.String(),
  enterpriseName: Type.String(),
  days: Type.Integer(),
  until: Type.String(),
  items: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('grant'), Type.Literal('appointment'), Type.Literal('mandate')]),
      id: Type.String(),
      party: Type.String({ description: 'the holder, or for a mandate the other enterprise' }),
      what: Type.String({
        description: 'the service (service:role), the appointment (main, co_main, domain:<code>), or the side',
      }),
      endsAt: Type.String(),
      reason: Type.Union([Type.Literal('end_date'), Type.Literal('unused'), Type.Literal('register_grace')]),
    }),
  ),
});
