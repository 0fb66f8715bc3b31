/**
 * "Who manages us?" (issue 17, section 2): the whole tree of one enterprise for its legal
 * representatives (and its main and co-main access managers, who manage all of it already):
 * main, co-main and access managers per domain, users per service, mandates both ways, each
 * with how it got there (appointed by whom, in which role and procedure, on whose request,
 * under which mandate) and when. Names, never bare numbers, for the people it shows.
 */
import type { Tx } from '../../infra/db/database.ts';
import { isoDate } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { personNames } from '../shared/person-names.ts';
import { type Ctx, enterpriseName } from '../shared/record.ts';
import { appointmentActiveAt, grantActiveAt } from '../shared/roles.ts';

export const SUSPENDED_PENDING_REVIEW = 'suspended_pending_review';

export interface Origin {
  by: string | null;
  byName: string | null;
  byRole: string;
  procedure: string;
  /** who asked: the requester of an exception request or of an access request */
  onRequestOf: string | null;
  /** the mandate it is held under, and the enterprise that acts through it */
  mandate: string | null;
  mandataryName: string | null;
  at: string;
}

export interface TreeAppointment extends Origin {
  id: string;
  kind: string;
  domain: string | null;
  person: string;
  name: string | null;
  validUntil: string | null;
  /** active, or suspended_pending_review after a "this was not us" report */
  state: 'active' | typeof SUSPENDED_PENDING_REVIEW;
  /** an open "this was not us" report on it */
  isReported: boolean;
}

export interface TreeGrant extends Origin {
  id: string;
  domain: string;
  service: string;
  role: string | null;
  person: string;
  name: string | null;
  validUntil: string | null;
}

export interface TreeMandate {
  id: string;
  status: string;
  /** the other enterprise */
  enterprise: string;
  enterpriseName: string;
  scope: { domain: string; service: string | null }[];
  proposedByName: string | null;
  proposedAt: string;
  acceptedByName: string | null;
  acceptedAt: string | null;
  validFrom: string;
  validUntil: string | null;
}

export interface ManagementTree {
  enterprise: string;
  enterpriseName: string;
  generatedAt: string;
  legalRepresentatives: { person: string; name: string | null; function: string; since: string }[];
  main: TreeAppointment | null;
  coMain: TreeAppointment[];
  /** main and co-main appointments suspended pending the service desk's review */
  suspended: TreeAppointment[];
  domains: { domain: string; managers: TreeAppointment[]; actingUnderMandate: TreeAppointment[] }[];
  users: { service: string; domain: string; grants: TreeGrant[] }[];
  mandates: { actingForUs: TreeMandate[]; weActFor: TreeMandate[] };
}

export async function getManagementTree(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'management_tree.read', enterprise, nowDate);
    return readTree(tx, deps, enterprise, nowDate);
  });
}

export async function readTree(q: Tx, deps: Deps, enterprise: string, nowDate: Date): Promise<ManagementTree> {
  const now = nowDate.toISOString();
  const day = isoDate(nowDate);
  const lrs = await q
    .selectFrom('legal_function')
    .select(['person_number', 'function_code', 'start_date'])
    .where('enterprise_number', '=', enterprise)
    .where('start_date', '<=', day)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
    .orderBy('start_date')
    .execute();
  const apps = await q
    .selectFrom('appointment')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where((eb) =>
      eb.or([
        appointmentActiveAt(now)(eb),
        eb.and([eb('kind', 'in', ['main', 'co_main']), eb('end_reason', '=', SUSPENDED_PENDING_REVIEW)]),
      ]),
    )
    .orderBy('created_at')
    .execute();
  const grants = await q
    .selectFrom('access_grant')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where(grantActiveAt(now))
    .orderBy('created_at')
    .execute();
  const mandates = await q
    .selectFrom('mandate')
    .selectAll()
    .where((eb) => eb.or([eb('mandator_number', '=', enterprise), eb('mandatary_number', '=', enterprise)]))
    .where((eb) =>
      eb.or([
        eb('status', '=', 'proposed'),
        eb.and([eb('status', '=', 'active'), eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)])]),
      ]),
    )
    .orderBy('created_at')
    .execute();
  const reported = new Set(
    (
      await q
        .selectFrom('appointment_report')
        .select('appointment_id')
        .where('enterprise_number', '=', enterprise)
        .where('status', '=', 'open')
        .execute()
    ).map((r) => r.appointment_id),
  );
  const exceptionIds = apps.map((a) => a.exception_request_id).filter((x): x is string => !!x);
  const exceptionRequesters = new Map<string, string>();
  if (exceptionIds.length) {
    for (const r of await q
      .selectFrom('exception_request')
      .select(['id', 'requester_json'])
      .where('id', 'in', exceptionIds)
      .execute()) {
      const j = JSON.parse(r.requester_json) as { givenName?: unknown; familyName?: unknown };
      exceptionRequesters.set(r.id, [j.givenName, j.familyName].filter((x) => typeof x === 'string').join(' '));
    }
  }
  const requestIds = [...apps.map((a) => a.access_request_id), ...grants.map((g) => g.access_request_id)].filter(
    (x): x is string => !!x,
  );
  const requesters = new Map<string, string>();
  for (let i = 0; i < requestIds.length; i += 500) {
    for (const r of await q
      .selectFrom('access_request')
      .select(['id', 'requester'])
      .where('id', 'in', requestIds.slice(i, i + 500))
      .execute())
      requesters.set(r.id, r.requester);
  }
  const nameOf = await personNames(q, [
    ...lrs.map((l) => l.person_number),
    ...apps.flatMap((a) => [a.person_number, a.appointed_by]),
    ...grants.flatMap((g) => [g.person_number, g.granted_by]),
    ...mandates.flatMap((m) => [m.proposed_by, m.accepted_by]),
    ...requesters.values(),
  ]);
  const mandateOther = new Map(mandates.map((m) => [m.id, m.mandatary_number]));
  const otherNames = new Map<string, string>();
  const nameOfEnterprise = async (n: string) => {
    if (!otherNames.has(n)) otherNames.set(n, await enterpriseName(q, n));
    return otherNames.get(n)!;
  };
  const underMandate = async (mandateId: string | null) => {
    if (!mandateId) return null;
    let other = mandateOther.get(mandateId);
    if (!other) {
      other = (await q.selectFrom('mandate').select('mandatary_number').where('id', '=', mandateId).executeTakeFirst())
        ?.mandatary_number;
    }
    return other ? nameOfEnterprise(other) : null;
  };
  const onRequestOf = (exceptionId: string | null | undefined, requestId: string | null | undefined) =>
    exceptionId
      ? (exceptionRequesters.get(exceptionId) ?? null)
      : requestId && requesters.has(requestId)
        ? (nameOf(requesters.get(requestId)) ?? requesters.get(requestId)!)
        : null;

  const appointments: TreeAppointment[] = [];
  for (const a of apps) {
    appointments.push({
      id: a.id,
      kind: a.kind,
      domain: a.domain || null,
      person: a.person_number,
      name: nameOf(a.person_number),
      validUntil: a.valid_until,
      state: a.ended_at === null ? 'active' : SUSPENDED_PENDING_REVIEW,
      isReported: reported.has(a.id),
      by: a.appointed_by,
      byName: nameOf(a.appointed_by),
      byRole: a.appointed_by_role,
      procedure: a.procedure,
      onRequestOf: onRequestOf(a.exception_request_id, a.access_request_id),
      mandate: a.mandate_id,
      mandataryName: await underMandate(a.mandate_id),
      at: a.valid_from,
    });
  }
  const domainCodes = [
    ...new Set([...deps.catalogue.domains.map((d) => d.code), ...apps.map((a) => a.domain).filter(Boolean)]),
  ];
  const users = new Map<string, { service: string; domain: string; grants: TreeGrant[] }>();
  for (const g of grants) {
    const entry = users.get(g.service) ?? { service: g.service, domain: g.domain, grants: [] };
    users.set(g.service, entry);
    entry.grants.push({
      id: g.id,
      domain: g.domain,
      service: g.service,
      role: g.service_role || null,
      person: g.person_number,
      name: nameOf(g.person_number),
      validUntil: g.valid_until,
      by: g.granted_by,
      byName: nameOf(g.granted_by),
      byRole: g.granted_by_role,
      procedure: 'standard',
      onRequestOf: onRequestOf(null, g.access_request_id),
      mandate: g.mandate_id,
      mandataryName: await underMandate(g.mandate_id),
      at: g.valid_from,
    });
  }
  const scopes = new Map<string, { domain: string; service: string | null }[]>();
  if (mandates.length) {
    for (const s of await q
      .selectFrom('mandate_scope')
      .selectAll()
      .where(
        'mandate_id',
        'in',
        mandates.map((m) => m.id),
      )
      .orderBy('domain')
      .orderBy('service')
      .execute()) {
      const list = scopes.get(s.mandate_id) ?? [];
      list.push({ domain: s.domain, service: s.service || null });
      scopes.set(s.mandate_id, list);
    }
  }
  const mandateView = async (m: (typeof mandates)[number], other: string): Promise<TreeMandate> => ({
    id: m.id,
    status: m.status,
    enterprise: other,
    enterpriseName: await nameOfEnterprise(other),
    scope: scopes.get(m.id) ?? [],
    proposedByName: nameOf(m.proposed_by),
    proposedAt: m.proposed_at,
    acceptedByName: nameOf(m.accepted_by),
    acceptedAt: m.accepted_at,
    validFrom: m.valid_from,
    validUntil: m.valid_until,
  });
  const actingForUs: TreeMandate[] = [];
  const weActFor: TreeMandate[] = [];
  for (const m of mandates) {
    if (m.mandator_number === enterprise) actingForUs.push(await mandateView(m, m.mandatary_number));
    else weActFor.push(await mandateView(m, m.mandator_number));
  }
  return {
    enterprise,
    enterpriseName: await nameOfEnterprise(enterprise),
    generatedAt: now,
    legalRepresentatives: lrs.map((l) => ({
      person: l.person_number,
      name: nameOf(l.person_number),
      function: l.function_code,
      since: l.start_date,
    })),
    main: appointments.find((a) => a.kind === 'main' && a.state === 'active') ?? null,
    coMain: appointments.filter((a) => a.kind === 'co_main' && a.state === 'active'),
    suspended: appointments.filter((a) => a.state !== 'active'),
    domains: domainCodes.map((domain) => ({
      domain,
      managers: appointments.filter((a) => a.kind === 'domain' && a.domain === domain),
      actingUnderMandate: appointments.filter((a) => a.kind === 'client' && a.domain === domain),
    })),
    users: [...users.values()].sort((a, b) => a.service.localeCompare(b.service)),
    mandates: { actingForUs, weActFor },
  };
}
