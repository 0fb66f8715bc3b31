/**
 * The grants a person holds at an enterprise through mandates that work now, each with its chain
 * (grant → client manager of B → … → mandate A→B → A's signatory → …): the query, prepared once
 * for the check API, and the chain walk.
 */
import type { DbHandle, Queryable } from '../../infra/db/database.ts';
import type { AppointmentTable } from '../../infra/db/schema.ts';
import { isoDate } from '../../ports.ts';
import { type ChainLink, chainFrom, enterpriseAppointments } from '../shared/chain.ts';
import { grantActiveAt } from '../shared/roles.ts';
import { bothActive, isStaffOfMandatary } from './mandate-works.ts';
import { mandateInForceAt } from './shared.ts';

/** A chain link through a mandate: ChainLink carries the enterprise and mandate fields. */
export type MandateChainLink = ChainLink;

export interface MandateGrant {
  grant: string;
  person: string;
  enterprise: string;
  service: string;
  role: string | null;
  domain: string;
  validFrom: string;
  validUntil: string | null;
  mandate: string;
  mandatary: string;
  /** issue 19: the mandator's capacity the mandate is given for; null: none */
  capacity: string | null;
  chain: MandateChainLink[];
}

/**
 * Grants `person` holds at `enterprise` through mandates that work at `now`, for `service` (null:
 * every service). `chain: false` skips the chain for callers that only need the decision.
 */
function mandateGrantsQuery(
  q: Queryable,
  person: string,
  enterprise: string,
  service: string | null,
  iso: string,
  day: string,
) {
  let query = q
    .selectFrom('access_grant')
    .innerJoin('mandate', 'mandate.id', 'access_grant.mandate_id')
    .selectAll('access_grant')
    .select([
      'mandate.mandatary_number',
      'mandate.valid_from as m_from',
      'mandate.valid_until as m_until',
      'mandate.proposed_by',
      'mandate.proposed_by_side',
      'mandate.proposed_by_role',
      'mandate.proposed_at',
      'mandate.accepted_by',
      'mandate.accepted_by_role',
      'mandate.accepted_at',
      'mandate.capacity',
    ])
    .where('access_grant.person_number', '=', person)
    .where('access_grant.enterprise_number', '=', enterprise)
    .where('access_grant.mandate_id', 'is not', null)
    .where(grantActiveAt(iso))
    .where(mandateInForceAt(iso))
    .where(bothActive)
    .where(isStaffOfMandatary(person, day));
  if (service !== null) query = query.where('access_grant.service', '=', service);
  return query.orderBy('access_grant.created_at');
}

type MandateRow = Awaited<ReturnType<ReturnType<typeof mandateGrantsQuery>['execute']>>[number];
type RowReader = (
  person: string,
  enterprise: string,
  service: string,
  iso: string,
  day: string,
) => MandateRow[] | Promise<MandateRow[]>;

/**
 * The check's mandate query, built by Kysely once and prepared once on the raw driver (issue 20:
 * building and preparing it on every call cost about 0.6 ms). The query is compiled with marker
 * values; each call puts the real values in their places.
 */
export function preparedMandateRows(q: Queryable, handle: DbHandle): RowReader {
  const M = {
    person: '\u0001person',
    enterprise: '\u0001enterprise',
    service: '\u0001service',
    iso: '\u0001iso',
    day: '\u0001day',
  };
  const compiled = mandateGrantsQuery(q, M.person, M.enterprise, M.service, M.iso, M.day).compile();
  const slots = compiled.parameters.map(
    (v) => Object.entries(M).find(([, m]) => m === v)?.[0] as keyof typeof M | undefined,
  );
  const values = (a: Record<keyof typeof M, string>) =>
    compiled.parameters.map((v, i) => (slots[i] ? a[slots[i]!] : v));
  if (handle.raw.kind === 'sqlite') {
    const st = handle.raw.sqlite.prepare(compiled.sql);
    return (person, enterprise, service, iso, day) =>
      st.all(...values({ person, enterprise, service, iso, day })) as MandateRow[];
  }
  const pool = handle.raw.pool;
  return async (person, enterprise, service, iso, day) =>
    (
      await pool.query({
        name: 'btb_check_mandate_rows',
        text: compiled.sql,
        values: values({ person, enterprise, service, iso, day }),
      })
    ).rows as MandateRow[];
}

export async function mandateGrantsFor(
  q: Queryable,
  person: string,
  enterprise: string,
  service: string | null,
  now: Date,
  opts: {
    chain?: boolean;
    appointmentsOf?: (enterprise: string) => AppointmentTable[] | Promise<AppointmentTable[]>;
    rows?: RowReader;
  } = {},
): Promise<MandateGrant[]> {
  const iso = now.toISOString();
  const day = isoDate(now);
  const rows =
    opts.rows && service !== null
      ? await opts.rows(person, enterprise, service, iso, day)
      : await mandateGrantsQuery(q, person, enterprise, service, iso, day).execute();
  if (!rows.length || opts.chain === false) return rows.map((r) => toGrant(r, []));
  const mandataries = [...new Set(rows.map((r) => r.mandatary_number))];
  const appointmentsOf = opts.appointmentsOf ?? ((e: string) => enterpriseAppointments(q, e));
  const [own, clientManagers, ...sides] = await Promise.all([
    appointmentsOf(enterprise),
    rows.some((r) => r.granted_by_role === 'client')
      ? q
          .selectFrom('appointment')
          .selectAll()
          .where('mandate_id', 'in', [...new Set(rows.map((r) => r.mandate_id!))])
          .where('kind', '=', 'client')
          .execute()
      : [],
    ...mandataries.map((b) => appointmentsOf(b)),
  ]);
  const byMandatary = new Map(mandataries.map((b, i) => [b, sides[i]!]));
  return rows.map((r) =>
    toGrant(r, mandateChain(r, enterprise, own, clientManagers, byMandatary.get(r.mandatary_number)!)),
  );
}

/** What the chain of a grant under a mandate reads of the grant and of its mandate. */
export interface MandateChainRow {
  person_number: string;
  domain: string;
  valid_from: string;
  valid_until: string | null;
  created_at: string;
  mandate_id: string | null;
  granted_by: string;
  granted_by_role: string;
  mandatary_number: string;
  m_from: string;
  m_until: string | null;
  capacity: string | null;
  proposed_by: string;
  proposed_by_side: string;
  proposed_by_role: string;
  proposed_at: string;
  accepted_by: string | null;
  accepted_by_role: string | null;
  accepted_at: string | null;
}

/**
 * The chain of one grant under a mandate: grant → client manager of B → … → mandate A→B → A's
 * signatory → …, from the appointments of the client (`own`), of the office (`mandatary`) and the
 * client managers' appointments under the grant's mandate. The check index builds the same chain
 * from memory (check-mandates.ts).
 */
export function mandateChain(
  r: MandateChainRow,
  enterprise: string,
  own: AppointmentTable[],
  clientManagers: AppointmentTable[],
  mandatary: AppointmentTable[],
): MandateChainLink[] {
  const person = r.person_number;
  const b = r.mandatary_number;
  const at = (l: ChainLink, e: string): MandateChainLink => ({ ...l, enterprise: e });
  const links: MandateChainLink[] = [
    {
      kind: 'grant',
      role: 'user',
      person,
      since: r.valid_from,
      validUntil: r.valid_until,
      enterprise,
      mandate: r.mandate_id!,
    },
  ];
  if (r.granted_by_role === 'client') {
    const cm = clientManagers
      .filter(
        (a) =>
          a.mandate_id === r.mandate_id &&
          a.person_number === r.granted_by &&
          a.domain === r.domain &&
          a.created_at <= r.created_at &&
          (a.ended_at === null || a.ended_at > r.created_at),
      )
      .sort((x, y) => (x.created_at < y.created_at ? 1 : -1))[0];
    links.push({
      kind: 'appointment',
      role: 'client',
      person: r.granted_by,
      domain: r.domain,
      enterprise: b,
      mandate: r.mandate_id!,
      since: cm?.valid_from,
      validUntil: cm?.valid_until ?? null,
      endedAt: cm?.ended_at ?? null,
      ...(cm ? {} : { procedure: 'unknown' }),
    });
    if (cm)
      links.push(...chainFrom(mandatary, cm.appointed_by, cm.appointed_by_role, cm.created_at).map((l) => at(l, b)));
  } else {
    links.push(...chainFrom(mandatary, r.granted_by, r.granted_by_role, r.created_at).map((l) => at(l, b)));
  }
  links.push({
    kind: 'mandate',
    role: 'mandate',
    person: null,
    domain: r.domain,
    mandate: r.mandate_id!,
    mandator: enterprise,
    mandatary: b,
    enterprise,
    since: r.m_from,
    validUntil: r.m_until,
    ...(r.capacity ? { capacity: r.capacity } : {}),
  });
  // The mandator's signature: whoever proposed or accepted it on A's side, and their own chain.
  const signer =
    r.proposed_by_side === 'mandator'
      ? { p: r.proposed_by, role: r.proposed_by_role, at: r.proposed_at }
      : { p: r.accepted_by, role: r.accepted_by_role ?? '', at: r.accepted_at ?? r.m_from };
  links.push(...chainFrom(own, signer.p, signer.role, signer.at).map((l) => at(l, enterprise)));
  return links;
}

function toGrant(
  r: {
    id: string;
    person_number: string;
    enterprise_number: string;
    service: string;
    service_role: string;
    domain: string;
    valid_from: string;
    valid_until: string | null;
    mandate_id: string | null;
    mandatary_number: string;
    capacity: string | null;
  },
  chain: MandateChainLink[],
): MandateGrant {
  return {
    grant: r.id,
    person: r.person_number,
    enterprise: r.enterprise_number,
    service: r.service,
    role: r.service_role || null,
    domain: r.domain,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    mandate: r.mandate_id!,
    mandatary: r.mandatary_number,
    capacity: r.capacity,
    chain,
  };
}
