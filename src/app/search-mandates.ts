/**
 * Resource search's mandate source (CheckDeps.mandateResources), built for a person acting for
 * thousands of clients (issue 20: 5,000 clients under 10 ms). The same answer as
 * mandateServicesOf (mandates/mandate-access.ts), read differently: that statement tested both
 * enterprises' register status and the person's tie to the office in correlated subqueries for
 * every one of the 5,000 rows (16 ms of CPU on the bench data, run through the query builder at
 * every call). Here:
 * - one prepared statement reads the grants under mandates that are neither revoked nor ended,
 *   with their mandate's dates and both parties (the conditions on the rows themselves);
 * - the register statuses of the parties come from the check index (CheckIndex.statusesOf), the
 *   same statuses the check reads, one statement for what it does not hold;
 * - the offices the person works for or represents on the day: one statement by person, not one
 *   subquery per row.
 */
import type { DbHandle } from '../infra/db/database.ts';
import { ACTIVE_STATUS, isoDate } from '../ports.ts';
import type { MandateResource } from './check-access.ts';
import type { CheckIndex } from './check-index.ts';
import type { MandateFact, MandateGrantFact, MandateReads } from './check-mandates.ts';

const ROWS = `select g.enterprise_number, g.service, g.domain, g.service_role, g.valid_from, g.valid_until,
  m.valid_from, m.valid_until, m.capacity, m.mandator_number, m.mandatary_number
  from access_grant g join mandate m on m.id = g.mandate_id
  where g.person_number = ? and g.mandate_id is not null and g.revoked_at is null
    and (g.valid_until is null or g.valid_until > ?)
    and m.status = 'active' and (m.valid_until is null or m.valid_until > ?)`;
/** the enterprises the person works for or represents on the day (mandate-works.ts isStaffOfMandatary) */
const STAFF = `select enterprise_number from employment
    where person_number = ? and start_date <= ? and (end_date is null or end_date >= ?)
  union select enterprise_number from legal_function
    where person_number = ? and start_date <= ? and (end_date is null or end_date >= ?)`;

/**
 * The same list from the check index's memory (issue 20, session 9: check-mandates.ts), where it
 * holds every client of the person as current: no statement but the person's ties when the index
 * does not hold them, and the statuses as the check reads them.
 */
async function fromMemory(
  mem: MandateReads,
  index: Pick<CheckIndex, 'statusesOf'>,
  person: string,
  now: Date,
): Promise<MandateResource[] | undefined> {
  const iso = now.toISOString();
  const works: [MandateGrantFact, MandateFact][] = [];
  const current = mem.facts.eachGrantOf(person, (g, m) => {
    if (g.revoked_at !== null || (g.valid_until !== null && g.valid_until <= iso)) return;
    if (m?.status !== 'active' || (m.valid_until !== null && m.valid_until <= iso)) return;
    works.push([g, m]);
  });
  if (!current) return undefined;
  if (works.length === 0) return [];
  const day = isoDate(now);
  const offices = new Set<string>();
  for (const t of await mem.ties(person))
    if (t.start_date <= day && (t.end_date === null || t.end_date >= day)) offices.add(t.enterprise_number);
  if (offices.size === 0) return [];
  // the statuses as the check reads them: from memory where held (one look-up per client, each
  // office's once); where one is not (PostgreSQL), one statement for all of them
  const decide = (statusOf: (e: string) => string | null | Promise<string | null>) => {
    const officeActive = new Map<string, boolean>();
    const out: MandateResource[] = [];
    for (const [g, m] of works) {
      if (!offices.has(m.mandatary_number)) continue;
      let office = officeActive.get(m.mandatary_number);
      if (office === undefined) {
        const st = statusOf(m.mandatary_number);
        if (st instanceof Promise) return undefined;
        office = st === ACTIVE_STATUS;
        officeActive.set(m.mandatary_number, office);
      }
      if (!office) continue;
      const st = statusOf(m.mandator_number);
      if (st instanceof Promise) return undefined;
      if (st !== ACTIVE_STATUS) continue;
      const [from, until] = instantsOf(g, m);
      out.push({
        enterprise: g.enterprise_number,
        service: g.service,
        domain: g.domain,
        role: g.service_role,
        from,
        until,
        capacity: m.capacity,
      });
    }
    return out;
  };
  const held = decide(mem.status);
  if (held) return held;
  const parties = new Set<string>();
  for (const [, m] of works) parties.add(m.mandator_number).add(m.mandatary_number);
  const statuses = await index.statusesOf(parties);
  return decide((e) => statuses.get(e) ?? null) ?? [];
}

/** the later start and the earlier end of the grant and its mandate (ms), parsed once per pair of rows held */
const instants = new WeakMap<MandateGrantFact, { m: MandateFact; v: [number, number] }>();
function instantsOf(g: MandateGrantFact, m: MandateFact): [number, number] {
  const hit = instants.get(g);
  if (hit?.m === m) return hit.v;
  const ms = (t: string | null) => (t === null ? Number.POSITIVE_INFINITY : Date.parse(t));
  const v: [number, number] = [
    Math.max(ms(g.valid_from), ms(m.valid_from)),
    Math.min(ms(g.valid_until), ms(m.valid_until)),
  ];
  instants.set(g, { m, v });
  return v;
}

type Row = [
  enterprise: string,
  service: string,
  domain: string,
  role: string,
  from: string,
  until: string | null,
  mFrom: string,
  mUntil: string | null,
  capacity: string | null,
  mandator: string,
  mandatary: string,
];

const toPg = (text: string) => {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
};

export function searchMandateResources(
  handle: DbHandle,
  index: Pick<CheckIndex, 'statusesOf' | 'mandatesInMemory'>,
): (person: string, now: Date) => Promise<MandateResource[]> {
  const raw = handle.raw;
  let read: (person: string, iso: string, day: string) => Promise<[Row[], string[]]>;
  if (raw.kind === 'sqlite') {
    const rows = raw.sqlite.prepare(ROWS).raw(true);
    const staff = raw.sqlite.prepare(STAFF).pluck(true);
    read = async (p, iso, day) => [rows.all(p, iso, iso) as Row[], staff.all(p, day, day, p, day, day) as string[]];
  } else {
    const pool = raw.pool;
    const rowsPg = { name: 'btb_search_mandate_rows', text: toPg(ROWS), rowMode: 'array' as const };
    const staffPg = { name: 'btb_search_mandate_staff', text: toPg(STAFF), rowMode: 'array' as const };
    read = async (p, iso, day) => {
      const [r, s] = await Promise.all([
        pool.query({ ...rowsPg, values: [p, iso, iso] }),
        pool.query({ ...staffPg, values: [p, day, day, p, day, day] }),
      ]);
      return [r.rows as Row[], (s.rows as [string][]).map((x) => x[0])];
    };
  }
  return async (person, now) => {
    // from memory while the index holds every client of the person as current, else the statement
    const mem = index.mandatesInMemory();
    const held = mem ? await fromMemory(mem, index, person, now) : undefined;
    if (held) return held;
    const iso = now.toISOString();
    const [rows, staffOf] = await read(person, iso, isoDate(now));
    if (rows.length === 0) return [];
    const offices = new Set(staffOf);
    const parties: string[] = [];
    for (const r of rows) if (offices.has(r[10])) parties.push(r[9], r[10]);
    if (parties.length === 0) return [];
    const statuses = await index.statusesOf(parties);
    // the 5,000 rows share a handful of instants (a bulk grant, a mandate's dates): parsed once each
    const parsed = new Map<string | null, number>([[null, Number.POSITIVE_INFINITY]]);
    const ms = (t: string | null) => {
      let v = parsed.get(t);
      if (v === undefined) {
        v = Date.parse(t!);
        parsed.set(t, v);
      }
      return v;
    };
    const out: MandateResource[] = [];
    for (const r of rows) {
      if (!offices.has(r[10])) continue;
      if (statuses.get(r[9]) !== ACTIVE_STATUS || statuses.get(r[10]) !== ACTIVE_STATUS) continue;
      out.push({
        enterprise: r[0],
        service: r[1],
        domain: r[2],
        role: r[3],
        from: Math.max(ms(r[4]), ms(r[6])),
        until: Math.min(ms(r[5]), ms(r[7])),
        capacity: r[8],
      });
    }
    return out;
  };
}
