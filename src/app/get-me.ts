import { ACTIVE_STATUS, isoDate } from '../ports.ts';
import type { Deps } from './deps.ts';
import { type ChainLink, chainFrom, enterpriseAppointments } from './shared/chain.ts';
import { type Ctx, pickDenomination } from './shared/record.ts';
import { appointmentActiveAt, grantActiveAt } from './shared/roles.ts';

export interface MyRole {
  role: 'legal_representative' | 'main' | 'co_main' | 'domain';
  domain?: string;
  validUntil?: string | null;
  procedure?: string;
  chain: ChainLink[];
}

export interface MyService {
  grant: string;
  service: string;
  role: string | null;
  domain: string;
  validFrom: string;
  validUntil: string | null;
  chain: ChainLink[];
}

/**
 * "Who am I here": every enterprise the person acts for, their roles there and the services they
 * may use, each with the chain that gives it.
 */
export async function getMe(deps: Deps, ctx: Ctx) {
  const person = ctx.actor.personNumber;
  const base = {
    person,
    foreignId: ctx.actor.foreignId ?? null,
    loa: ctx.actor.loa,
    means: ctx.actor.means,
    familyName: ctx.actor.familyName ?? null,
    givenName: ctx.actor.givenName ?? null,
  };
  if (!person) return { ...base, enterprises: [] };
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const db = deps.db.db;
  const [represented, appointments, grants, me] = await Promise.all([
    deps.registers.enterprisesRepresentedBy(db, person, isoDate(nowDate)),
    db
      .selectFrom('appointment')
      .selectAll()
      .where('person_number', '=', person)
      .where('mandate_id', 'is', null)
      .where(appointmentActiveAt(now))
      .execute(),
    db
      .selectFrom('access_grant')
      .selectAll()
      .where('person_number', '=', person)
      .where('mandate_id', 'is', null)
      .where(grantActiveAt(now))
      .execute(),
    db
      .selectFrom('person')
      .select(['given_name', 'family_name', 'language'])
      .where('number', '=', person)
      .executeTakeFirst(),
  ]);
  const numbers = [
    ...new Set([
      ...represented,
      ...appointments.map((a) => a.enterprise_number),
      ...grants.map((g) => g.enterprise_number),
    ]),
  ].sort();
  const enterprises = [];
  for (const en of numbers) {
    const [e, names, all] = await Promise.all([
      db.selectFrom('enterprise').select(['status']).where('number', '=', en).executeTakeFirst(),
      db
        .selectFrom('denomination')
        .select(['denomination', 'type', 'language'])
        .where('entity_number', '=', en)
        .execute(),
      enterpriseAppointments(db, en),
    ]);
    const isActive = e?.status === ACTIVE_STATUS;
    const roles: MyRole[] = [];
    if (represented.includes(en))
      roles.push({
        role: 'legal_representative',
        chain: [{ kind: 'legal_representative', role: 'legal_representative', person }],
      });
    for (const a of appointments.filter((x) => x.enterprise_number === en)) {
      roles.push({
        role: a.kind as MyRole['role'],
        domain: a.domain || undefined,
        validUntil: a.valid_until,
        procedure: a.procedure,
        chain: chainFrom(all, a.person_number, a.kind, a.valid_from, a.domain || undefined),
      });
    }
    const services: MyService[] = grants
      .filter((g) => g.enterprise_number === en)
      .map((g) => ({
        grant: g.id,
        service: g.service,
        role: g.service_role || null,
        domain: g.domain,
        validFrom: g.valid_from,
        validUntil: g.valid_until,
        chain: [
          { kind: 'grant' as const, role: 'user', person, since: g.valid_from, validUntil: g.valid_until },
          ...chainFrom(all, g.granted_by, g.granted_by_role, g.created_at, g.domain),
        ],
      }));
    enterprises.push({
      enterprise: en,
      // in the reader's language where the register has one (issue 14, item 5)
      name: pickDenomination(names, ctx.actor.locale ?? me?.language)?.denomination ?? en,
      isActive,
      // A stopped enterprise keeps its history, but nobody acts for it any more.
      roles: isActive ? roles : [],
      services: isActive ? services : [],
      stoppedRoles: isActive ? [] : roles.map((r) => r.role),
    });
  }
  await nameChains(db, enterprises);
  return {
    ...base,
    familyName: base.familyName ?? me?.family_name ?? null,
    givenName: base.givenName ?? me?.given_name ?? null,
    enterprises,
  };
}

/** Chains read as names, not numbers (issue 16, item 7): one look-up for every person in them. */
async function nameChains(
  db: Deps['db']['db'],
  enterprises: { roles: { chain: ChainLink[] }[]; services: { chain: ChainLink[] }[] }[],
): Promise<void> {
  const links = enterprises.flatMap((e) => [...e.roles, ...e.services].flatMap((r) => r.chain));
  const persons = [...new Set(links.map((l) => l.person).filter((p): p is string => !!p))];
  if (!persons.length) return;
  const rows = await db
    .selectFrom('person')
    .select(['number', 'given_name', 'family_name'])
    .where('number', 'in', persons)
    .execute();
  const names = new Map(rows.map((r) => [r.number, [r.given_name, r.family_name].filter(Boolean).join(' ') || null]));
  for (const l of links) if (l.person) l.name = names.get(l.person) ?? null;
}
