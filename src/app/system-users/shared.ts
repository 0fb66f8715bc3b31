/**
 * System users (issue 18, section 2): an enterprise lets a registered system act for it, and
 * grants it online services exactly as it grants a person. Creating one, like granting a service
 * to it, is an access manager's act at that enterprise: the main, a co-main, or an access manager
 * (of any domain to create it; of the service's domain to grant that service). Grants go through
 * the same rules as a person's (grantTerms: catalogue, dates, term limits) and the same
 * authorization ('grant.manage' of the domain), checked at the moment of each change.
 *
 * This file holds what the use cases beside it share: the views, the active system user of an
 * enterprise, the identifiers' check and the scope webhook subscribers hear of.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { SystemTable, SystemUserGrantTable, SystemUserTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { establishmentList } from '../shared/establishments.ts';
import { enterpriseName } from '../shared/record.ts';

const Id = /^[0-9a-f-]{36}$/;

/**
 * What a system user's creation or end concerns, for webhook subscribers: the services its system
 * may be granted (a subscriber hears of it only when its scope meets one of them).
 */
export function systemScope(deps: Deps, system: SystemTable) {
  return system.services
    .split(',')
    .map((service) => ({ service, domain: deps.catalogue.service(service)?.domain ?? '' }))
    .filter((i) => i.domain !== '');
}

export function requireId(input: string, code: string, field: string): string {
  if (!Id.test(input)) throw new DomainError(code, { [field]: input });
  return input;
}

export interface SystemUserView {
  id: string;
  enterprise: string;
  system: { id: string; name: string; vendor: string; services: string[] };
  createdAt: string;
  createdBy: string;
  endedAt: string | null;
  /**
   * Why the system acts for the enterprise when its own managers did not let it in: the mandate
   * under which the holder (an accountant's office) created it. Null for the enterprise's own.
   */
  mandate: { id: string; mandatary: string; mandataryName: string } | null;
  grants: SystemUserGrantView[];
}

export interface SystemUserGrantView {
  id: string;
  service: string;
  role: string | null;
  domain: string;
  validFrom: string;
  validUntil: string | null;
  grantedBy: string;
  createdAt: string;
  revokedAt: string | null;
  /** establishment units the grant is limited to; empty: every unit */
  establishments: string[];
}

export const grantView = (g: SystemUserGrantTable): SystemUserGrantView => ({
  id: g.id,
  service: g.service,
  role: g.service_role || null,
  domain: g.domain,
  validFrom: g.valid_from,
  validUntil: g.valid_until,
  grantedBy: g.granted_by,
  createdAt: g.created_at,
  revokedAt: g.revoked_at,
  establishments: establishmentList(g.establishments),
});

export async function userView(tx: Tx, u: SystemUserTable, s: SystemTable): Promise<SystemUserView> {
  const grants = await tx
    .selectFrom('system_user_grant')
    .selectAll()
    .where('system_user_id', '=', u.id)
    .orderBy('created_at')
    .execute();
  const mandatary = u.mandate_id
    ? (await tx.selectFrom('mandate').select('mandatary_number').where('id', '=', u.mandate_id).executeTakeFirst())
        ?.mandatary_number
    : undefined;
  return {
    id: u.id,
    enterprise: u.enterprise_number,
    system: { id: s.id, name: s.name, vendor: s.vendor_number, services: s.services.split(',') },
    createdAt: u.created_at,
    createdBy: u.created_by,
    endedAt: u.ended_at,
    mandate:
      u.mandate_id && mandatary
        ? { id: u.mandate_id, mandatary, mandataryName: await enterpriseName(tx, mandatary) }
        : null,
    grants: grants.map(grantView),
  };
}

/** The views of these system users, in their order, each with its system (a list's answer). */
export async function usersView(tx: Tx, users: SystemUserTable[]): Promise<SystemUserView[]> {
  const out: SystemUserView[] = [];
  for (const u of users) {
    const s = await tx.selectFrom('system').selectAll().where('id', '=', u.system_id).executeTakeFirstOrThrow();
    out.push(await userView(tx, u, s));
  }
  return out;
}

/**
 * The enterprise's own active system user (or, with `mandate`, the one created under that mandate),
 * or system_user.not_found: another enterprise's, or one under a mandate, is not there.
 */
export async function activeUser(tx: Tx, enterprise: string, id: string, mandate = '') {
  const u = await tx
    .selectFrom('system_user')
    .selectAll()
    .where('id', '=', requireId(id, 'system_user.not_found', 'systemUser'))
    .where('enterprise_number', '=', enterprise)
    .where('mandate_id', '=', mandate)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!u) throw new DomainError('system_user.not_found', { systemUser: id });
  const s = await tx.selectFrom('system').selectAll().where('id', '=', u.system_id).executeTakeFirstOrThrow();
  return { user: u, system: s };
}
