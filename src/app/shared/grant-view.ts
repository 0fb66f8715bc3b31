import type { AccessGrantTable } from '../../infra/db/schema.ts';
import { establishmentList } from './establishments.ts';

/**
 * A grant as the API answers it (the routes' GrantSchema; under a mandate, mandate-schemas.ts adds
 * the mandate). The enterprise's list of grants (list-grants.ts) is this without the enterprise it
 * was asked for, with names and whether it is in force.
 */
export function grantView(g: AccessGrantTable) {
  return {
    id: g.id,
    enterprise: g.enterprise_number,
    person: g.person_number,
    service: g.service,
    role: g.service_role || null,
    domain: g.domain,
    grantedBy: g.granted_by,
    grantedByRole: g.granted_by_role,
    createdAt: g.created_at,
    validFrom: g.valid_from,
    validUntil: g.valid_until,
    revokedAt: g.revoked_at,
    establishments: establishmentList(g.establishments),
  };
}

/**
 * The webhook event of a new grant: the same fields whether it was given by the enterprise (with
 * its establishment units and the access request it answers) or under a mandate (with the mandate
 * and the office): `more`.
 */
export function grantCreatedEvent(g: AccessGrantTable, more: Record<string, unknown>) {
  return {
    type: 'grant.created',
    data: {
      grant: g.id,
      person: g.person_number,
      service: g.service,
      role: g.service_role || null,
      validUntil: g.valid_until,
      ...more,
    },
  };
}
