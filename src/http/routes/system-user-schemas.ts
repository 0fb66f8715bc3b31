/** The shapes of the system and system user routes (system-users.ts). */
import { Type } from '@sinclair/typebox';
import { CLIENTS_MAX, NAME_MAX, SERVICES_MAX } from '../../app/system-users/systems.ts';
import { DateText, IdentifierString, IdString } from '../schemas.ts';
import { EstablishmentsInput } from './grants.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const SystemSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  vendor: Type.String({ description: 'the enterprise number of the vendor' }),
  clientIds: Type.Array(Type.String(), { description: 'OAuth client ids of its installations' }),
  services: Type.Array(Type.String(), { description: 'the online services it may be granted' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const GrantSchema = Type.Object({
  id: Type.String(),
  service: Type.String(),
  role: N(Type.String()),
  domain: Type.String(),
  validFrom: Type.String(),
  validUntil: N(Type.String()),
  grantedBy: Type.String(),
  createdAt: Type.String(),
  revokedAt: N(Type.String()),
  establishments: Type.Array(Type.String(), {
    description: 'establishment unit numbers (10 digits) the grant is limited to; empty: every unit of the enterprise',
  }),
});
export const SystemUserSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String(),
  system: Type.Object({
    id: Type.String(),
    name: Type.String(),
    vendor: Type.String(),
    services: Type.Array(Type.String()),
  }),
  createdAt: Type.String(),
  createdBy: Type.String(),
  endedAt: N(Type.String()),
  mandate: Type.Union(
    [
      Type.Object({
        id: Type.String(),
        mandatary: Type.String({ description: 'the enterprise number of the holder' }),
        mandataryName: Type.String(),
      }),
      Type.Null(),
    ],
    {
      description:
        "the mandate under which its holder (e.g. an accountant's office) let the system act for the enterprise; null: the enterprise's own",
    },
  ),
  grants: Type.Array(GrantSchema),
});
export const EnIdGrant = Type.Object({ en: IdentifierString('enterprise number'), id: IdString, grantId: IdString });
export const EnIdSu = Type.Object({ en: IdentifierString('enterprise number'), id: IdString, su: IdString });
const grantFields = {
  service: Type.String({ minLength: 1, maxLength: 128 }),
  role: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  validFrom: Type.Optional(DateText('the first day', 'start')),
  validUntil: Type.Optional(DateText('the last day')),
};
/** An enterprise's own system user may be limited to its establishment units, as a person's grant. */
export const GrantBody = Type.Object(
  { ...grantFields, establishments: Type.Optional(EstablishmentsInput) },
  { additionalProperties: false },
);
/** Under a mandate: the client's units are not the office's to choose (no limit, as for a person). */
export const MandateGrantBody = Type.Object(grantFields, { additionalProperties: false });
export const SystemBody = {
  name: Type.String({ minLength: 1, maxLength: NAME_MAX * 2, description: `at most ${NAME_MAX} characters` }),
  clientIds: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: CLIENTS_MAX }),
  services: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: SERVICES_MAX }),
};
