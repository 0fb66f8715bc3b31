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
 * From the check index's memory while it holds every client of the person as current (session 9),
 * each person's rows kept between searches, sorted (session 10, RowsByPerson).
 */
import type { DbHandle } from '../infra/db/database.ts';
import { ACTIVE_STATUS, isoDate } from '../ports.ts';
import type { MandateResource } from './check-access.ts';
import type { CheckIndex } from './check-index.ts';
import {
  belgianDayOf,
  type MandateFact,
  type MandateFacts,
  type MandateGrantFact,
  type MandateReads,
} from './check-mandates.ts';

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
 * A grant under a mandate the person holds, as resource search reads it: what does not depend on
 * the instant already decided (the grant not revoked, its mandate active), what does kept as the
 * rows hold it (their ends compared as text, as the statement compares them). Also a MandateResource,
 * handed on as it is.
 */
interface HeldRow extends MandateResource {
  grantUntil: string | null;
  mandateUntil: string | null;
  mandator: string;
  mandatary: string;
}

/** by enterprise, then service: the order of the search's answer (search-resources.ts) */
export const byEnterpriseService = (
  a: { enterprise: string; service: string },
  b: { enterprise: string; service: string },
) =>
  a.enterprise === b.enterprise
    ? a.service < b.service
      ? -1
      : a.service > b.service
        ? 1
        : 0
    : a.enterprise < b.enterprise
      ? -1
      : 1;

/**
 * Each person's rows, sorted, while the index's rows under mandates stand still (session 10: for
 * 5,000 clients, walking every client's rows and building the pairs again cost more than deciding
 * them). Kept with MandateFacts.version as of their build: any reload, preload or change of the
 * held rows moves it, and the rows are then built again (or the tables read, while a client's rows
 * are stale).
 */
class RowsByPerson {
  private readonly held = new Map<string, { version: number; rows: HeldRow[] }>();
  private size = 0;
  private facts: MandateFacts | undefined;
  private readonly maxRows: number;

  constructor(maxRows = 200_000) {
    this.maxRows = maxRows;
  }

  of(facts: MandateFacts, person: string): HeldRow[] | undefined {
    if (facts !== this.facts) {
      this.held.clear();
      this.size = 0;
      this.facts = facts;
    }
    const version = facts.version;
    const hit = this.held.get(person);
    if (hit?.version === version) return hit.rows;
    const rows: HeldRow[] = [];
    const current = facts.eachGrantOf(person, (g, m) => {
      if (g.revoked_at !== null || m?.status !== 'active') return;
      const [from, until] = instantsOf(g, m);
      rows.push({
        enterprise: g.enterprise_number,
        service: g.service,
        domain: g.domain,
        role: g.service_role,
        from,
        until,
        capacity: m.capacity,
        grantUntil: g.valid_until,
        mandateUntil: m.valid_until,
        mandator: m.mandator_number,
        mandatary: m.mandatary_number,
      });
    });
    if (!current) return undefined;
    rows.sort(byEnterpriseService);
    if (hit) this.size -= hit.rows.length;
    if (this.size + rows.length > this.maxRows) {
      this.held.clear();
      this.size = 0;
    }
    if (rows.length <= this.maxRows) {
      this.held.set(person, { version, rows });
      this.size += rows.length;
    }
    return rows;
  }
}

/**
 * The same list from the check index's memory (issue 20, session 9: check-mandates.ts), where it
 * holds every client of the person as current: no statement but the person's ties when the index
 * does not hold them, and the statuses as the check reads them. Sorted by enterprise and service.
 */
async function fromMemory(
  mem: MandateReads,
  byPerson: RowsByPerson,
  index: Pick<CheckIndex, 'statusesOf'>,
  person: string,
  now: Date,
): Promise<MandateResource[] | undefined> {
  const rows = byPerson.of(mem.facts, person);
  if (!rows) return undefined;
  if (rows.length === 0) return [];
  const iso = now.toISOString();
  const day = belgianDayOf(now);
  const offices = new Set<string>();
  for (const t of await mem.ties(person))
    if (t.start_date <= day && (t.end_date === null || t.end_date >= day)) offices.add(t.enterprise_number);
  if (offices.size === 0) return [];
  const works = (r: HeldRow) =>
    offices.has(r.mandatary) &&
    (r.grantUntil === null || r.grantUntil > iso) &&
    (r.mandateUntil === null || r.mandateUntil > iso);
  // the statuses as the check reads them: from memory where held (one look-up per client, each
  // office's once); where one is not (PostgreSQL), one statement for all of them
  const decide = (statusOf: (e: string) => string | null | Promise<string | null>) => {
    const officeActive = new Map<string, boolean>();
    const out: MandateResource[] = [];
    for (const r of rows) {
      if (!works(r)) continue;
      let office = officeActive.get(r.mandatary);
      if (office === undefined) {
        const st = statusOf(r.mandatary);
        if (st instanceof Promise) return undefined;
        office = st === ACTIVE_STATUS;
        officeActive.set(r.mandatary, office);
      }
      if (!office) continue;
      const st = statusOf(r.mandator);
      if (st instanceof Promise) return undefined;
      if (st === ACTIVE_STATUS) out.push(r);
    }
    return out;
  };
  const held = decide(mem.status);
  if (held) return held;
  const parties = new Set<string>();
  for (const r of rows) if (works(r)) parties.add(r.mandator).add(r.mandatary);
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
  const byPerson = new RowsByPerson();
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
    const held = mem ? await fromMemory(mem, byPerson, index, person, now) : undefined;
    if (held) return held;
    const iso = now.toISOString();
    const [rows, staffOf] = await read(person, iso, isoDate(now));
    if (rows.length === 0) return [];
    const offices = new Set(staffOf);
    // each client once, each office once (the offices are few: a status look-up per row saved)
    const parties: string[] = [];
    const through = new Set<string>();
    for (const r of rows) {
      if (!offices.has(r[10])) continue;
      parties.push(r[9]);
      through.add(r[10]);
    }
    if (parties.length === 0) return [];
    for (const o of through) parties.push(o);
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
