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
import type { MandateReads } from './check-mandates.ts';

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
 * The statement's rows and the offices from the check index's memory (issue 20, session 9:
 * check-mandates.ts), where it holds the grants under mandates: the same rows, no statement but
 * the person's ties when the index does not hold them.
 */
async function fromMemory(mem: MandateReads, person: string, iso: string, now: Date): Promise<[Row[], string[]]> {
  const rows: Row[] = [];
  for (const e of mem.facts.clientsOfPerson(person)) {
    for (const g of mem.facts.grantsOfPersonAt(person, e)) {
      if (g.revoked_at !== null || (g.valid_until !== null && g.valid_until <= iso)) continue;
      const m = mem.facts.mandate(e, g.mandate_id);
      if (!m || m.status !== 'active' || (m.valid_until !== null && m.valid_until <= iso)) continue;
      rows.push([
        g.enterprise_number,
        g.service,
        g.domain,
        g.service_role,
        g.valid_from,
        g.valid_until,
        m.valid_from,
        m.valid_until,
        m.capacity,
        m.mandator_number,
        m.mandatary_number,
      ]);
    }
  }
  if (rows.length === 0) return [rows, []];
  const day = isoDate(now);
  const offices = new Set<string>();
  for (const t of await mem.ties(person))
    if (t.start_date <= day && (t.end_date === null || t.end_date >= day)) offices.add(t.enterprise_number);
  return [rows, [...offices]];
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
    const iso = now.toISOString();
    // from memory while the index holds every client of the person as current, else the statement
    const mem = index.mandatesInMemory();
    const held = mem && [...mem.facts.clientsOfPerson(person)].every((e) => mem.facts.fresh(e)) ? mem : undefined;
    const [rows, staffOf] = held ? await fromMemory(held, person, iso, now) : await read(person, iso, isoDate(now));
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
