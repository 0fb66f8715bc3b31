import { DomainError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';
import { grantView } from './shared/grant-view.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber, requirePersonId } from './shared/input.ts';
import { personNames } from './shared/person-names.ts';
import type { Ctx } from './shared/record.ts';
import { grantActiveAt, loadRoleFacts } from './shared/roles.ts';

export interface ListGrantsInput {
  enterprise: string;
  domain?: string;
  person?: string;
  status?: 'active' | 'all';
  limit?: number;
  /** opaque: the id of the last grant of the previous page */
  cursor?: string;
}

/**
 * Grants of the enterprise, newest first. An access manager sees the domains they manage; the
 * main and co-mains see all.
 */
export async function listGrants(deps: Deps, ctx: Ctx, input: ListGrantsInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = input.person ? requirePersonId(input.person) : undefined;
  if (input.domain && !deps.catalogue.domain(input.domain))
    throw new DomainError('catalogue.unknown_domain', { domain: input.domain });
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, nowDate, input.domain);
    const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
    const seesAll = facts.isMain || facts.isCoMain;
    let q = tx
      .selectFrom('access_grant')
      .leftJoin('person', 'person.number', 'access_grant.person_number')
      .selectAll('access_grant')
      .select(['person.given_name', 'person.family_name'])
      .where('access_grant.enterprise_number', '=', enterprise)
      .where('access_grant.mandate_id', 'is', null);
    if (input.domain) q = q.where('access_grant.domain', '=', input.domain);
    else if (!seesAll)
      q = q.where('access_grant.domain', 'in', facts.managedDomains.length ? facts.managedDomains : ['']);
    if (person) q = q.where('access_grant.person_number', '=', person);
    if ((input.status ?? 'active') === 'active') q = q.where(grantActiveAt(now));
    if (input.cursor) {
      const after = await tx
        .selectFrom('access_grant')
        .select(['created_at', 'id'])
        .where('id', '=', input.cursor)
        .executeTakeFirst();
      if (!after) throw new DomainError('validation.invalid_input', { field: 'cursor', reason: 'unknown cursor' });
      q = q.where((eb) =>
        eb.or([
          eb('access_grant.created_at', '<', after.created_at),
          eb.and([eb('access_grant.created_at', '=', after.created_at), eb('access_grant.id', '<', after.id)]),
        ]),
      );
    }
    const rows = await q
      .orderBy('access_grant.created_at', 'desc')
      .orderBy('access_grant.id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const nameOf = await personNames(
      tx,
      page.map((g) => g.granted_by),
    );
    return {
      items: page.map((g) => {
        const { enterprise: _asked, ...grant } = grantView(g);
        return {
          ...grant,
          name: g.given_name ? `${g.given_name} ${g.family_name}` : null,
          // "granted by An Peeters": a name, not a national number (issue 16, item 7)
          grantedByName: nameOf(g.granted_by),
          isActive: g.revoked_at === null && g.valid_from <= now && (g.valid_until === null || g.valid_until > now),
        };
      }),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  });
}
