/**
 * The check for software (issue 18, section 2): may the system whose OAuth client id is
 * `subject.id` use this online service for this enterprise, right now? The same reasons and the
 * same chain as for a person: the system user's grant, then the access manager who granted it,
 * up to the legal representative.
 *
 * btb decides *whether* the client may act; the online service authenticates the client itself
 * (its own OAuth, e.g. private_key_jwt) before it asks. docs/system-users.md tells the trust model.
 *
 * Kept apart from the person index (check-index.ts): systems are few, so their grants are held
 * in one small map by client id, loaded on demand and dropped whole whenever the index refreshes
 * (any audited change), which keeps them exactly as current as a person's grants.
 */
import type { Kysely } from 'kysely';
import { brusselsDate } from '../domain/brussels-time.ts';
import { parseEnterpriseId } from '../domain/foreign-enterprise.ts';
import { isMandateInForce, mandateCarries, type ScopeItem, scopeCovers } from '../domain/mandate-rules.ts';
import type { AppointmentTable, Database } from '../infra/db/schema.ts';
import { ACTIVE_STATUS } from '../ports.ts';
import type { CheckCtx, CheckDeps, CheckResult, EvaluationInput, SystemSubjectHit } from './check-access.ts';
import {
  checkUnit,
  coversUnit,
  deny,
  enterpriseRefusal,
  establishmentNotGranted,
  holdsCapacitiesOf,
  keepHeldCapacities,
  parseUnit,
  serviceInScope,
  withCapacities,
} from './check-access.ts';
import { type GrantRec, isGrantActive } from './check-index.ts';
import { reasonUser } from './check-messages.ts';
import { loadScopes } from './mandates/shared.ts';
import type { ChainLink } from './shared/chain.ts';
import { chainFrom } from './shared/chain.ts';

export interface SystemGrantRec extends GrantRec {
  systemUser: string;
  /** a grant of a system user the holder of this mandate created for the client (issue 18, section 2) */
  mandate?: {
    id: string;
    mandatary: string;
    status: string;
    validFrom: string;
    validUntil: string | null;
    scope: ScopeItem[];
    /** issue 19: the mandator's capacity the mandate is given for; null: none */
    capacity: string | null;
  };
}

export interface SystemSubject {
  clientId: string;
  system: { id: string; name: string; vendor: string; services: Set<string>; clientIds: string[] };
  /** every grant of the system's users, revoked ones included (the reason of a no), oldest first */
  grants: SystemGrantRec[];
  /**
   * The same grants by enterprise: a system used by thousands of customers is checked for one of
   * them, and scanning them all made a system's check 3× slower than a person's (bench system-90).
   */
  atEnterprise: Map<string, SystemGrantRec[]>;
}

/** A client id is 1 to 200 visible ASCII characters (RFC 6749 VSCHAR without the space). */
const CLIENT_ID = /^[\x21-\x7E]{1,200}$/;

export class SystemSubjects {
  private readonly cache = new Map<string, SystemSubject | null>();
  private gen = 0;

  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** called by the check index at the start and the end of every refresh */
  invalidate() {
    this.gen++;
    this.cache.clear();
  }

  /** null: no registered system has this client id */
  async of(clientId: string): Promise<SystemSubject | null> {
    const hit = this.cache.get(clientId);
    if (hit !== undefined) return hit;
    const gen = this.gen;
    const loaded = await this.load(clientId);
    if (gen !== this.gen) return this.of(clientId); // a change landed meanwhile: read again
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(clientId, loaded);
    return loaded;
  }

  private async load(clientId: string): Promise<SystemSubject | null> {
    const s = await this.db
      .selectFrom('system_client as c')
      .innerJoin('system as s', 's.id', 'c.system_id')
      .select(['s.id', 's.name', 's.vendor_number', 's.services'])
      .where('c.client_id', '=', clientId)
      .executeTakeFirst();
    if (!s) return null;
    const clients = await this.db
      .selectFrom('system_client')
      .select('client_id')
      .where('system_id', '=', s.id)
      .orderBy('client_id')
      .execute();
    const rows = await this.db
      .selectFrom('system_user_grant as g')
      .innerJoin('system_user as u', 'u.id', 'g.system_user_id')
      .selectAll('g')
      .select('u.mandate_id')
      .where('u.system_id', '=', s.id)
      .orderBy('g.created_at')
      .execute();
    // the mandates behind system users created under one: checked again at every call
    const mandateIds = [...new Set(rows.map((r) => r.mandate_id).filter(Boolean))];
    const mandates = mandateIds.length
      ? await this.db
          .selectFrom('mandate')
          .select(['id', 'mandatary_number', 'status', 'valid_from', 'valid_until', 'capacity'])
          .where('id', 'in', mandateIds)
          .execute()
      : [];
    const scopes = await loadScopes(this.db, mandateIds);
    const mandateOf = new Map(
      mandates.map((m) => [
        m.id,
        {
          id: m.id,
          mandatary: m.mandatary_number,
          status: m.status,
          validFrom: m.valid_from,
          validUntil: m.valid_until,
          scope: scopes.get(m.id) ?? [],
          capacity: m.capacity,
        },
      ]),
    );
    const grants: SystemGrantRec[] = rows.map((r) => ({
      systemUser: r.system_user_id,
      enterprise: r.enterprise_number,
      service: r.service,
      role: r.service_role,
      domain: r.domain,
      from: Date.parse(r.valid_from),
      until: r.valid_until === null ? Number.POSITIVE_INFINITY : Date.parse(r.valid_until),
      createdAt: r.created_at,
      grantedBy: r.granted_by,
      grantedByRole: r.granted_by_role,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      revokedAt: r.revoked_at,
      revokedBy: r.revoked_by,
      ...(r.establishments ? { establishments: r.establishments.split(',') } : {}),
      ...(r.mandate_id ? { mandate: mandateOf.get(r.mandate_id) } : {}),
    }));
    const atEnterprise = new Map<string, SystemGrantRec[]>();
    for (const g of grants) {
      const list = atEnterprise.get(g.enterprise);
      if (list) list.push(g);
      else atEnterprise.set(g.enterprise, [g]);
    }
    return {
      clientId,
      system: {
        id: s.id,
        name: s.name,
        vendor: s.vendor_number,
        services: new Set(s.services.split(',')),
        clientIds: clients.map((c) => c.client_id),
      },
      grants,
      atEnterprise,
    };
  }

  /**
   * Every system with a grant of the service at the enterprise active now (subject search): the
   * enterprise's own system users, and those a mandate's holder created for it while that mandate
   * is in force and still covers the service (as the evaluation decides, mandateStop).
   */
  async grantees(
    enterprise: string,
    service: { code: string; domain: string },
    role: string,
    nowMs: number,
  ): Promise<{ clientId: string; mandate: { mandate: string; mandatary: string } | null }[]> {
    const rows = await this.db
      .selectFrom('system_user_grant as g')
      .innerJoin('system_user as u', 'u.id', 'g.system_user_id')
      .innerJoin('system_client as c', 'c.system_id', 'u.system_id')
      .innerJoin('system as s', 's.id', 'u.system_id')
      .select(['c.client_id', 'g.valid_from', 'g.valid_until', 'g.service_role', 's.services', 'u.mandate_id'])
      .where('g.enterprise_number', '=', enterprise)
      .where('g.service', '=', service.code)
      .where('g.revoked_at', 'is', null)
      .execute();
    const now = new Date(nowMs).toISOString();
    const mandateIds = [...new Set(rows.map((r) => r.mandate_id).filter(Boolean))];
    const mandates = mandateIds.length
      ? await this.db
          .selectFrom('mandate')
          .select(['id', 'status', 'valid_from', 'valid_until', 'mandatary_number'])
          .where('id', 'in', mandateIds)
          .execute()
      : [];
    const scopes = await loadScopes(this.db, mandateIds);
    const working = new Map(
      mandates
        .filter((m) => isMandateInForce(m, now) && scopeCovers(scopes.get(m.id) ?? [], service))
        .map((m) => [m.id, { mandate: m.id, mandatary: m.mandatary_number }]),
    );
    return rows
      .filter((r) => r.services.split(',').includes(service.code))
      .filter((r) => r.valid_from <= now && (r.valid_until === null || r.valid_until > now))
      .filter((r) => !role || r.service_role === role)
      .filter((r) => r.mandate_id === '' || working.has(r.mandate_id))
      .map((r) => ({ clientId: r.client_id, mandate: r.mandate_id ? working.get(r.mandate_id)! : null }));
  }
}

/** The evaluation for `subject.type === "system"`; plugged into checkAccess as CheckDeps.systems. */
export function systemCheck(deps: CheckDeps, subjects: SystemSubjects) {
  return async (ctx: CheckCtx, input: EvaluationInput): Promise<CheckResult> => {
    const clientId = String(input.subject.id ?? '');
    if (!CLIENT_ID.test(clientId))
      return deny(ctx, 'unknown_system', 'subject.id is not an OAuth client id (1 to 200 visible ASCII characters)');
    if (input.resource.type !== 'online-service')
      return deny(
        ctx,
        'unsupported_resource_type',
        `a system uses online services; resource type "${input.resource.type}" does not apply`,
      );
    if (input.action.name !== 'use')
      return deny(
        ctx,
        'unsupported_action',
        `action "${input.action.name}" does not apply to an online service; use "use"`,
      );
    const resourceId = String(input.resource.id ?? '');
    const service = deps.catalogue.service(resourceId);
    if (!service)
      return deny(ctx, 'unknown_service', `no online service "${resourceId}" in catalogue ${deps.catalogue.version}`);
    if (!serviceInScope(ctx.client, service.code, service.domain))
      return deny(
        ctx,
        'out_of_scope',
        `client ${ctx.client.id} is not registered for ${service.code} nor its domain ${service.domain}`,
      );
    const raw = input.resource.properties?.enterprise;
    const enterprise = typeof raw === 'string' ? parseEnterpriseId(raw) : undefined;
    if (!enterprise?.ok)
      return deny(
        ctx,
        'unknown_enterprise',
        'resource.properties.enterprise is missing or not a valid enterprise number',
      );
    const e = enterprise.value;
    const status = await deps.index.begin(e);
    const refused = enterpriseRefusal(ctx, e, status);
    if (refused) return refused;
    const subject = await subjects.of(clientId);
    if (!subject) return deny(ctx, 'unknown_system', `no registered system has client id ${clientId}`);
    const decide = async (unit: string | undefined): Promise<CheckResult> => {
      const role = typeof input.resource.properties?.role === 'string' ? input.resource.properties.role : '';
      const nowMs = deps.clock.now().getTime();
      let future: SystemGrantRec | undefined;
      let ranOut: SystemGrantRec | undefined;
      let revoked: SystemGrantRec | undefined;
      let dropped: SystemGrantRec | undefined;
      let elsewhere: SystemGrantRec | undefined;
      let mandateStopped: { g: SystemGrantRec; why: MandateStop } | undefined;
      for (const g of subject.atEnterprise.get(e) ?? []) {
        if (g.service !== service.code || (role !== '' && g.role !== role)) continue;
        // review 5, finding 5: a grant covers a service only while the vendor's system offers it
        if (!offers(subject, g.service)) {
          if (g.revokedAt === null) dropped = g;
          continue;
        }
        if (g.revokedAt !== null) {
          revoked = g;
          continue;
        }
        if (isGrantActive(g, nowMs)) {
          if (!coversUnit(g, unit)) {
            elsewhere = g;
            continue;
          }
          const stopped = mandateStop(g, service, nowMs);
          if (stopped) {
            mandateStopped = { g, why: stopped };
            continue;
          }
          // under a mandate the chain runs through the office's appointments
          const at = g.mandate?.mandatary ?? e;
          const apps = deps.index.cachedAppointments(at) ?? (await deps.index.appointmentsOf(at));
          return granted(ctx, subject, g, apps);
        }
        if (g.from > nowMs) future = g;
        else ranOut = g;
      }
      const what = `${service.code}${role ? ` (role ${role})` : ''} at ${e}`;
      const who = `system ${subject.system.id} (${subject.system.name}, client ${clientId})`;
      if (mandateStopped) {
        const m = mandateStopped.g.mandate!;
        // review 7, finding 3: as through a person's mandate (check-access.ts, mandateCapacityMissing)
        if (mandateStopped.why === 'capacity')
          return deny(
            ctx,
            'mandate_capacity_missing',
            `${what} to ${who} under mandate ${m.id} of ${m.mandatary} needs the capacity ${(service.capacities ?? []).join(' or ')}; the mandate is given for ${m.capacity ?? 'no capacity'}`,
          );
        return mandateStopped.why === 'mandate_ended'
          ? deny(
              ctx,
              'mandate_ended',
              `grant of ${what} to ${who} under mandate ${m.id} of ${m.mandatary}: the mandate is not in force (${m.status})`,
            )
          : deny(
              ctx,
              'no_grant',
              `grant of ${what} to ${who} under mandate ${m.id} of ${m.mandatary}: the service is no longer within the mandate's scope`,
            );
      }
      if (elsewhere) return establishmentNotGranted(ctx, `${what} to ${who}`, elsewhere, unit);
      if (future) return deny(ctx, 'not_yet_valid', `grant of ${what} to ${who} starts at ${future.validFrom}`);
      if (ranOut) return deny(ctx, 'expired', `grant of ${what} to ${who} ran out at ${ranOut.validUntil}`);
      if (revoked) {
        if (revoked.revokedBy === 'system:expired')
          return deny(ctx, 'expired', `grant of ${what} to ${who} ran out at ${revoked.validUntil}`);
        return deny(ctx, 'revoked', `grant of ${what} to ${who} was revoked at ${revoked.revokedAt}`);
      }
      if (dropped)
        return deny(ctx, 'no_grant', `${who} holds no grant of ${what}: the system no longer offers ${service.code}`);
      return deny(ctx, 'no_grant', `${who} holds no grant of ${what}`);
    };
    // review 5, finding 8: an establishment unit named is checked, and honoured, as for a person
    const rawUnit = input.resource.properties?.establishment;
    // issue 19: a service that needs capacities is for enterprises that hold them, as for a person
    if (rawUnit === undefined) return withCapacities(deps, ctx, e, status, service, () => decide(undefined));
    const unit = parseUnit(ctx, rawUnit);
    if (typeof unit !== 'string') return unit;
    return checkUnit(deps, ctx, e, status, unit, (u) => withCapacities(deps, ctx, e, status, service, () => decide(u)));
  };
}

/** The services a system's vendor registered are the most its grants can cover (review 5, finding 5). */
const offers = (s: SystemSubject, service: string): boolean => s.system.services.has(service);

type MandateStop = 'mandate_ended' | 'outside' | 'capacity';

/**
 * Why an active grant under a mandate does not work now: the mandate is not in force (ended,
 * revoked, past its end), the service left its scope, or the service needs a capacity the mandate
 * is not given for (review 7, finding 3). Undefined for an enterprise's own.
 */
function mandateStop(
  g: SystemGrantRec,
  service: { code: string; domain: string; capacities?: readonly string[] },
  nowMs: number,
): MandateStop | undefined {
  if (!g.mandate) return undefined;
  const m = g.mandate;
  if (
    !isMandateInForce(
      { status: m.status, valid_from: m.validFrom, valid_until: m.validUntil },
      new Date(nowMs).toISOString(),
    )
  )
    return 'mandate_ended';
  if (!scopeCovers(m.scope, service)) return 'outside';
  return mandateCarries(service.capacities, m.capacity) ? undefined : 'capacity';
}

function granted(ctx: CheckCtx, s: SystemSubject, g: SystemGrantRec, apps: AppointmentTable[]): CheckResult {
  const chain: ChainLink[] = [
    {
      kind: 'system_user',
      role: g.role ? `user:${g.role}` : 'user',
      person: null,
      since: g.validFrom,
      validUntil: g.validUntil,
      system: s.system.id,
      systemName: s.system.name,
      vendor: s.system.vendor,
      systemUser: g.systemUser,
      clientId: s.clientId,
      ...(g.mandate ? { mandate: g.mandate.id, mandatary: g.mandate.mandatary } : {}),
    },
    ...chainFrom(apps, g.grantedBy, g.grantedByRole, g.createdAt, g.domain),
    ...(g.mandate
      ? [
          {
            kind: 'mandate' as const,
            role: 'mandate',
            person: null,
            domain: g.domain,
            mandate: g.mandate.id,
            mandator: g.enterprise,
            mandatary: g.mandate.mandatary,
            enterprise: g.enterprise,
            since: g.mandate.validFrom,
            validUntil: g.mandate.validUntil,
          },
        ]
      : []),
  ];
  return {
    decision: true,
    context: {
      reason_user: reasonUser('granted', ctx.lang),
      reason_admin: `granted ${g.service}${g.role ? ` role ${g.role}` : ''} at ${g.enterprise} to system ${s.system.name} (${s.system.id}, vendor ${s.system.vendor}, client ${s.clientId}) by ${g.grantedByRole} ${g.grantedBy} on ${g.createdAt}${g.validUntil ? `, until ${g.validUntil}` : ''}`,
      chain,
    },
  };
}

/** Subject search for `subject.type === "system"`: the client ids of systems that may use the service. */
export async function searchSystemSubjects(
  deps: CheckDeps,
  subjects: SystemSubjects,
  ctx: CheckCtx,
  input: { resource: { type: string; id?: string; properties?: Record<string, unknown> }; action?: { name: string } },
): Promise<SystemSubjectHit[]> {
  const raw = input.resource.properties?.enterprise;
  const enterprise = typeof raw === 'string' ? parseEnterpriseId(raw) : undefined;
  if (!enterprise?.ok || input.resource.type !== 'online-service' || (input.action?.name ?? 'use') !== 'use') return [];
  if ((await deps.index.begin(enterprise.value)) !== ACTIVE_STATUS) return [];
  const service = deps.catalogue.service(String(input.resource.id ?? ''));
  if (!service || !serviceInScope(ctx.client, service.code, service.domain)) return [];
  if (!(await holdsCapacitiesOf(deps, enterprise.value, service, brusselsDate(deps.clock.now())))) return [];
  const role = typeof input.resource.properties?.role === 'string' ? input.resource.properties.role : '';
  const hits = new Map<string, SystemSubjectHit>();
  for (const g of await subjects.grantees(enterprise.value, service, role, deps.clock.now().getTime())) {
    const hit = hits.get(g.clientId) ?? { id: g.clientId };
    hits.set(g.clientId, hit);
    if (g.mandate && !hit.mandates?.some((m) => m.mandate === g.mandate!.mandate))
      hit.mandates = [...(hit.mandates ?? []), g.mandate].sort((a, b) => (a.mandate < b.mandate ? -1 : 1));
  }
  return [...hits.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Resource search for `subject.type === "system"`: every (enterprise, service) it may use now. */
export async function searchSystemResources(
  deps: CheckDeps,
  subjects: SystemSubjects,
  ctx: CheckCtx,
  clientId: string,
) {
  if (!CLIENT_ID.test(clientId)) return [];
  await deps.index.begin(null);
  const subject = await subjects.of(clientId);
  if (!subject) return [];
  const nowMs = deps.clock.now().getTime();
  const byKey = new Map<
    string,
    { type: 'online-service'; id: string; properties: { enterprise: string; roles: string[] } }
  >();
  for (const g of subject.grants) {
    if (!isGrantActive(g, nowMs) || !offers(subject, g.service) || !serviceInScope(ctx.client, g.service, g.domain))
      continue;
    const capacities = deps.catalogue.service(g.service)?.capacities;
    if (mandateStop(g, { code: g.service, domain: g.domain, capacities }, nowMs)) continue;
    const key = `${g.enterprise} ${g.service}`;
    let r = byKey.get(key);
    if (!r) {
      r = { type: 'online-service', id: g.service, properties: { enterprise: g.enterprise, roles: [] } };
      byKey.set(key, r);
    }
    if (g.role && !r.properties.roles.includes(g.role)) r.properties.roles.push(g.role);
  }
  // a stopped enterprise has nobody acting for it: its grants are not listed (as for a person)
  const statuses = await deps.index.store.statuses([
    ...new Set([...byKey.values()].map((r) => r.properties.enterprise)),
  ]);
  // issue 19: a service that needs capacities only at an enterprise that holds them, as the check
  const { kept } = await keepHeldCapacities(
    deps,
    [...byKey.values()].filter((r) => statuses.get(r.properties.enterprise) === ACTIVE_STATUS),
    nowMs,
  );
  return kept.sort((a, b) => (a.properties.enterprise + a.id < b.properties.enterprise + b.id ? -1 : 1));
}

/** The system side of the check, wired into CheckDeps.systems by createChecker. */
export function systemsOf(deps: CheckDeps, db: Kysely<Database>): NonNullable<CheckDeps['systems']> {
  const subjects = new SystemSubjects(db);
  deps.index.onRefresh(() => subjects.invalidate());
  return {
    check: systemCheck(deps, subjects),
    subjects: (ctx, input) => searchSystemSubjects(deps, subjects, ctx, input),
    resources: (ctx, clientId) => searchSystemResources(deps, subjects, ctx, clientId),
  };
}
