/**
 * The few reads the check index needs, as prepared statements on the raw driver: the hot path
 * (one marker read per check) must not pay for a query builder. Same SQL on both engines.
 */
import type { Statement } from 'better-sqlite3';
import type { DbHandle, WriteCounter } from '../infra/db/database.ts';
import type { ApiClientTable, AppointmentTable } from '../infra/db/schema.ts';
import { createMandateFactStore, type MandateFactStore, type MandateGrantState } from './check-mandates.ts';

export type { MandateGrantState };

export interface GrantRow {
  enterprise_number: string;
  service: string;
  service_role: string;
  domain: string;
  valid_from: string;
  valid_until: string | null;
  created_at: string;
  granted_by: string;
  granted_by_role: string;
  /** kept in the index so that a "no" names its reason without a database read */
  revoked_at: string | null;
  revoked_by: string | null;
  /** the access request the grant answered (issue 18): the chain says "on request of" */
  access_request_id?: string | null;
  /** issue 19: the establishment units it is limited to, stored form (shared/establishments.ts) */
  establishments?: string | null;
}

export interface LastGrantRow {
  revoked_at: string | null;
  revoked_by: string | null;
  valid_from: string;
  valid_until: string | null;
}

export interface MandateGrantKey {
  person_number: string;
  enterprise_number: string;
  service: string;
}

type MaybePromise<T> = T | Promise<T>;
type SqliteStatement = Statement<unknown[]>;

export interface CheckStore {
  /** audit head seq and the enterprise's register status (null: unknown enterprise) */
  marker(enterprise: string | null): MaybePromise<{ seq: number; status: string | null }>;
  /**
   * A change counter read without a query per check, [foreign, rows]. SQLite: [data_version,
   * total_changes()]: the first moves when another connection (another process) commits, the
   * second with every row this connection changes. PostgreSQL (issue 20): [the change feed's
   * version, 0]: it moves with every notification of another process's commit, and on every call
   * while the listening connection is down or unproven (change-feed.ts). While both stay put,
   * nothing the index holds can have changed.
   */
  version?(): readonly [number, number];
  /**
   * How often (ms) `version()` is worth calling: SQLite's costs a statement, so at most every
   * POLL_MS (check-index.ts); PostgreSQL's is a number in memory: 0, at every check.
   */
  pollMs?: number;
  /** this connection is inside a transaction (its reads would see uncommitted rows); PostgreSQL: never (pool) */
  inTransaction?(): boolean;
  /**
   * This process's writes, counted after they ran (DbHandle.writes). While they stand still, and
   * the change counter above has not moved, nothing has changed.
   */
  writes?: WriteCounter;
  /**
   * PostgreSQL (issue 20): the change feed's register version (ChangeFeed.registerVersion): moves
   * when a register status may have changed elsewhere, or the feed may have missed it; not when it
   * merely cannot vouch for a moment. Held statuses outlive every other change. SQLite: absent
   * (any other process's commit counts).
   */
  registerVersion?(): number;
  /**
   * PostgreSQL (issue 20, session 10): the change feed's change version (ChangeFeed.changeVersion):
   * moves with every notification, drop or connection, not when the feed merely cannot vouch for a
   * moment. The answers held under mandates outlive such a moment (unused during it). SQLite: absent.
   */
  changeVersion?(): number;
  /** every enterprise's register status, in number order after `enterprise` (the preload) */
  statusesAfter?(enterprise: string, limit: number): MaybePromise<{ number: string; status: string }[]>;
  /**
   * (person, enterprise, service) of every grant under a mandate, revoked ones included, at one
   * enterprise or (null) anywhere: the mandate lookup's gate in memory
   */
  mandateGrantKeys(enterprise: string | null): MaybePromise<MandateGrantKey[]>;
  /** issue 20, session 9: what a check under a mandate reads, for the index to hold (check-mandates.ts) */
  mandateFacts?: MandateFactStore;
  /** the enterprise's register status alone (null: unknown enterprise) */
  status(enterprise: string): MaybePromise<string | null>;
  /**
   * The person's grant of this service there under a mandate, an unrevoked one first, else the
   * latest (undefined: none ever). The mandate lookup's gate, and the reason of a no through one.
   */
  mandateGrantState(person: string, enterprise: string, service: string): MaybePromise<MandateGrantState | undefined>;
  /** enterprises touched by audit events in (from, to]; null for events without one (clients) */
  changedSince(from: number, to: number): Promise<(string | null)[]>;
  /** every own grant of the person, revoked ones included (they give the reason of a no) */
  personGrants(person: string): MaybePromise<GrantRow[]>;
  enterpriseGrants(enterprise: string): Promise<(GrantRow & { person_number: string })[]>;
  enterpriseAppointments(enterprise: string): MaybePromise<AppointmentTable[]>;
  /** how many own grants (revoked included) the preload would hold */
  countGrants(): MaybePromise<number>;
  /**
   * Start-up preload (session 10): own grants in the table's own order, about `limit` rows from
   * `cursor` (0 first) as arrays of PRELOAD_GRANT_COLS (no object per row); `next` is the cursor
   * of the following chunk, null after the last. SQLite: by rowid. PostgreSQL: by pages (ctid).
   * A row changed while the chunks are read may be read twice or not at all (PostgreSQL writes an
   * updated row elsewhere): every such change is audited, and the preload replaces what it read
   * at every enterprise a change touched (check-index-preload.ts).
   */
  grantsInTableOrder(cursor: number, limit: number): MaybePromise<{ rows: GrantValues[]; next: number | null }>;
  /** start-up preload (session 10): own appointments in the table's own order, as grantsInTableOrder */
  appointmentsInTableOrder(
    cursor: number,
    limit: number,
  ): MaybePromise<{ rows: AppointmentTable[]; next: number | null }>;
  personExists(person: string): MaybePromise<boolean>;
  /** issue 19: the enterprise an establishment unit belongs to (null: not in the register) */
  establishmentEnterprise(establishment: string): MaybePromise<string | null>;
  /** issue 19, section 4: whether the enterprise holds this capacity in this domain on this day (yyyy-mm-dd) */
  holdsCapacity(enterprise: string, domain: string, capacity: string, day: string): MaybePromise<boolean>;
  /** which of the enterprises hold this capacity in this domain on this day: one statement (resource search) */
  capacityHolders(enterprises: string[], domain: string, capacity: string, day: string): Promise<Set<string>>;
  /** the latest grant of this service (and role, '' for any) at the enterprise, revoked or not */
  lastGrant(person: string, enterprise: string, service: string, role: string): Promise<LastGrantRow | undefined>;
  statuses(enterprises: string[]): Promise<Map<string, string>>;
  /** appointments of a person that have not been ended (for resource search) */
  personAppointments(person: string): Promise<AppointmentTable[]>;
  /** grants of a service at an enterprise that have not been revoked (for subject search) */
  serviceGrantees(
    enterprise: string,
    service: string,
  ): Promise<{ person_number: string; service_role: string; valid_from: string; valid_until: string | null }[]>;
  clients(): Promise<ApiClientTable[]>;
  token(hash: string): Promise<{ client_id: string; expires_at: string } | undefined>;
}

/**
 * A grant as the preload reads it (session 10): the columns of PRELOAD_GRANT_COLS in that order, an
 * array per row (no row object per grant; check-index-compact.ts reads them by position).
 */
export type GrantValues = readonly unknown[];
/** the preload's columns of a grant, in the order of GrantValues */
export const PRELOAD_GRANT_COLS =
  'person_number, enterprise_number, service, service_role, domain, valid_from, valid_until, created_at, granted_by, granted_by_role, revoked_at, revoked_by, access_request_id, establishments';
const GRANT_COLS =
  'enterprise_number, service, service_role, domain, valid_from, valid_until, created_at, granted_by, granted_by_role, revoked_at, revoked_by, access_request_id, establishments';
const APPOINTMENT_COLS =
  'id, enterprise_number, person_number, kind, domain, mandate_id, procedure, appointed_by, appointed_by_role, created_at, valid_from, valid_until, ended_at, end_reason, access_request_id';

const SQL = {
  marker:
    'select (select seq from audit_head where id = 1) as seq, (select status from enterprise where number = ?) as status',
  // Security events (logins, refusals, token issuance: docs/audit.md) change no state the index holds.
  changed:
    "select enterprise_number from audit_event where seq > ? and seq <= ? and action not like 'security.%' order by seq",
  version: 'select data_version, total_changes() from pragma_data_version',
  status: 'select status from enterprise where number = ?',
  statusesAfter: 'select number, status from enterprise where number > ? order by number limit ?',
  mandateGrantKeys:
    'select distinct person_number, enterprise_number, service from access_grant where enterprise_number = ? and mandate_id is not null',
  allMandateGrantKeys:
    'select distinct person_number, enterprise_number, service from access_grant where mandate_id is not null',
  mandateGrantState:
    'select g.revoked_at, g.revoked_by, g.valid_from, g.valid_until, m.status as m_status, m.valid_from as m_from, m.valid_until as m_until, m.mandatary_number as mandatary from access_grant g join mandate m on m.id = g.mandate_id where g.person_number = ? and g.enterprise_number = ? and g.service = ? and g.mandate_id is not null order by case when g.revoked_at is null then 0 else 1 end, g.created_at desc limit 1',
  personGrants: `select ${GRANT_COLS} from access_grant where person_number = ? and mandate_id is null order by created_at`,
  enterpriseGrants: `select person_number, ${GRANT_COLS} from access_grant where enterprise_number = ? and mandate_id is null order by created_at`,
  appointments: `select ${APPOINTMENT_COLS} from appointment where enterprise_number = ? and mandate_id is null`,
  countGrants: 'select count(*) as n from access_grant where mandate_id is null',
  // SQLite (rowid, last column: the cursor); NOT INDEXED: the planner took the mandate_id index
  // (`mandate_id is null` matches every own grant) for the preload's reads before (session 8)
  grantsByRowid: `select ${PRELOAD_GRANT_COLS}, rowid from access_grant not indexed where rowid > ? and mandate_id is null order by rowid limit ?`,
  appointmentsByRowid: `select ${APPOINTMENT_COLS}, rowid from appointment not indexed where rowid > ? and mandate_id is null order by rowid limit ?`,
  personExists: 'select 1 as x from person where number = ?',
  establishmentEnterprise: 'select enterprise_number from establishment where number = ?',
  holdsCapacity:
    'select 1 as x from enterprise_capacity where enterprise_number = ? and domain = ? and capacity = ? and start_date <= ? and (end_date is null or end_date >= ?) limit 1',
  lastGrant:
    "select revoked_at, revoked_by, valid_from, valid_until from access_grant where person_number = ? and enterprise_number = ? and service = ? and (? = '' or service_role = ?) and mandate_id is null order by created_at desc limit 1",
  personAppointments: `select ${APPOINTMENT_COLS} from appointment where person_number = ? and mandate_id is null and ended_at is null`,
  serviceGrantees:
    'select person_number, service_role, valid_from, valid_until from access_grant where enterprise_number = ? and service = ? and mandate_id is null and revoked_at is null',
  statuses: 'select number, status from enterprise where number in (select value from json_each(?))',
  capacityHolders:
    'select distinct enterprise_number from enterprise_capacity where domain = ? and capacity = ? and start_date <= ? and (end_date is null or end_date >= ?) and enterprise_number in (select value from json_each(?))',
  clients: 'select * from api_client',
  token: 'select client_id, expires_at from api_token where token_hash = ?',
};

/** PostgreSQL only: the preload's reads of a range of pages, by a TID range scan (no index, no sort) */
const PG_SQL = {
  grantsByPage: `select ${PRELOAD_GRANT_COLS} from access_grant where ctid >= $1::tid and ctid < $2::tid and mandate_id is null`,
  appointmentsByPage: `select ${APPOINTMENT_COLS} from appointment where ctid >= $1::tid and ctid < $2::tid and mandate_id is null`,
  pages: "select pg_relation_size($1::regclass) / current_setting('block_size')::bigint as pages",
};

/** an appointment read as an array (APPOINTMENT_COLS, in order) as the row the on-demand read gives */
function appointmentOf(v: unknown[]): AppointmentTable {
  return {
    id: v[0],
    enterprise_number: v[1],
    person_number: v[2],
    kind: v[3],
    domain: v[4],
    mandate_id: v[5],
    procedure: v[6],
    appointed_by: v[7],
    appointed_by_role: v[8],
    created_at: v[9],
    valid_from: v[10],
    valid_until: v[11],
    ended_at: v[12],
    end_reason: v[13],
    access_request_id: v[14],
  } as unknown as AppointmentTable;
}

function toPg(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

export function createCheckStore(handle: DbHandle): CheckStore {
  const raw = handle.raw;
  if (raw.kind === 'sqlite') {
    const db = raw.sqlite;
    const st = Object.fromEntries(Object.entries(SQL).map(([k, v]) => [k, db.prepare<unknown[]>(v)])) as Record<
      keyof typeof SQL,
      SqliteStatement
    >;
    const all = <T>(k: keyof typeof SQL, ...args: unknown[]) => Promise.resolve(st[k].all(...args) as T[]);
    const version = st.version.raw(true);
    const byRowid = st.grantsByRowid.raw(true);
    const appointmentsByRowid = st.appointmentsByRowid.raw(true);
    const status = st.status.pluck(true);
    return {
      // Synchronous on SQLite: the hot path does not even wait for a microtask here.
      marker: (e) => st.marker.get(e) as { seq: number; status: string | null },
      version: () => version.get() as [number, number],
      inTransaction: () => db.inTransaction,
      writes: handle.writes,
      mandateFacts: createMandateFactStore(handle),
      statusesAfter: (e, n) => st.statusesAfter.all(e, n) as { number: string; status: string }[],
      mandateGrantKeys: (e) =>
        (e === null ? st.allMandateGrantKeys.all() : st.mandateGrantKeys.all(e)) as MandateGrantKey[],
      status: (e) => (status.get(e) as string | undefined) ?? null,
      mandateGrantState: (p, e, s) => st.mandateGrantState.get(p, e, s) as MandateGrantState | undefined,
      changedSince: async (from, to) =>
        (st.changed.all(from, to) as { enterprise_number: string | null }[]).map((r) => r.enterprise_number),
      personGrants: (p) => st.personGrants.all(p) as GrantRow[],
      enterpriseGrants: (e) => all('enterpriseGrants', e),
      enterpriseAppointments: (e) => st.appointments.all(e) as AppointmentTable[],
      personExists: (p) => st.personExists.get(p) !== undefined,
      establishmentEnterprise: (u) =>
        (st.establishmentEnterprise.get(u) as { enterprise_number: string } | undefined)?.enterprise_number ?? null,
      holdsCapacity: (e, d, c, day) => st.holdsCapacity.get(e, d, c, day, day) !== undefined,
      countGrants: () => Number((st.countGrants.get() as { n: number }).n),
      grantsInTableOrder: (cursor, n) => {
        const rows = byRowid.all(cursor, n) as unknown[][];
        return { rows, next: rows.length < n ? null : Number(rows[rows.length - 1]![14]) };
      },
      appointmentsInTableOrder: (cursor, n) => {
        const rows = appointmentsByRowid.all(cursor, n) as unknown[][];
        const next = rows.length < n ? null : Number(rows[rows.length - 1]![15]);
        return { rows: rows.map(appointmentOf), next };
      },
      lastGrant: async (p, e, s, r) => st.lastGrant.get(p, e, s, r, r) as LastGrantRow | undefined,
      statuses: async (es) => {
        // One statement for thousands of numbers (an accountant's list): a JSON array parameter.
        const rows = st.statuses.all(JSON.stringify(es)) as { number: string; status: string }[];
        return new Map(rows.map((r) => [r.number, r.status]));
      },
      capacityHolders: async (es, d, c, day) =>
        new Set(
          (st.capacityHolders.all(d, c, day, day, JSON.stringify(es)) as { enterprise_number: string }[]).map(
            (r) => r.enterprise_number,
          ),
        ),
      personAppointments: (p) => all<AppointmentTable>('personAppointments', p),
      serviceGrantees: (e, sv) => all('serviceGrantees', e, sv),
      clients: () => all<ApiClientTable>('clients'),
      token: async (h) => st.token.get(h) as { client_id: string; expires_at: string } | undefined,
    };
  }
  const pool = raw.pool;
  // Named statements: PostgreSQL parses and plans each once per connection.
  const q = async <T>(k: keyof typeof SQL, values: unknown[]) =>
    (await pool.query({ name: `btb_check_${k}`, text: toPg(SQL[k]), values })).rows as T[];
  const feed = handle.changeFeed?.();
  const counted = feed && handle.writes ? { feed, writes: handle.writes } : undefined;
  return {
    ...(counted && {
      version: () => [counted.feed.version(), 0] as const,
      registerVersion: () => counted.feed.registerVersion(),
      changeVersion: () => counted.feed.changeVersion(),
      // without the feed statuses are read at every check: no preload for them
      statusesAfter: (e: string, n: number) => q<{ number: string; status: string }>('statusesAfter', [e, n]),
      pollMs: 0,
      inTransaction: () => false,
      writes: counted.writes,
    }),
    mandateFacts: createMandateFactStore(handle),
    marker: async (e) => {
      const [r] = await q<{ seq: number; status: string | null }>('marker', [e]);
      return { seq: Number(r!.seq), status: r!.status };
    },
    status: async (e) => (await q<{ status: string }>('status', [e]))[0]?.status ?? null,
    mandateGrantKeys: (e) =>
      e === null ? q<MandateGrantKey>('allMandateGrantKeys', []) : q<MandateGrantKey>('mandateGrantKeys', [e]),
    mandateGrantState: async (p, e, s) => (await q<MandateGrantState>('mandateGrantState', [p, e, s]))[0],
    changedSince: async (from, to) =>
      (await q<{ enterprise_number: string | null }>('changed', [from, to])).map((r) => r.enterprise_number),
    personGrants: (p) => q<GrantRow>('personGrants', [p]),
    enterpriseGrants: (e) => q('enterpriseGrants', [e]),
    enterpriseAppointments: (e) => q<AppointmentTable>('appointments', [e]),
    personExists: async (p) => (await q('personExists', [p])).length > 0,
    establishmentEnterprise: async (u) =>
      (await q<{ enterprise_number: string }>('establishmentEnterprise', [u]))[0]?.enterprise_number ?? null,
    holdsCapacity: async (e, d, c, day) => (await q('holdsCapacity', [e, d, c, day, day])).length > 0,
    countGrants: async () => Number((await q<{ n: number }>('countGrants', []))[0]!.n),
    // about 40 grants fill a page of 8 kB, about 25 appointments
    grantsInTableOrder: async (page, n) => {
      const { rows, next } = await pages(pool, 'access_grant', PG_SQL.grantsByPage, page, Math.round(n / 40), 'array');
      return { rows: rows as unknown[][], next };
    },
    appointmentsInTableOrder: async (page, n) => {
      const { rows, next } = await pages(pool, 'appointment', PG_SQL.appointmentsByPage, page, Math.round(n / 25));
      return { rows: rows as AppointmentTable[], next };
    },
    lastGrant: async (p, e, s, r) => (await q<LastGrantRow>('lastGrant', [p, e, s, r, r]))[0],
    statuses: async (es) => {
      const out = new Map<string, string>();
      if (es.length === 0) return out;
      const { rows } = await pool.query('select number, status from enterprise where number = any($1)', [es]);
      for (const r of rows as { number: string; status: string }[]) out.set(r.number, r.status);
      return out;
    },
    capacityHolders: async (es, d, c, day) => {
      if (es.length === 0) return new Set();
      const { rows } = await pool.query(
        'select distinct enterprise_number from enterprise_capacity where domain = $1 and capacity = $2 and start_date <= $3 and (end_date is null or end_date >= $3) and enterprise_number = any($4)',
        [d, c, day, es],
      );
      return new Set((rows as { enterprise_number: string }[]).map((r) => r.enterprise_number));
    },
    personAppointments: (p) => q<AppointmentTable>('personAppointments', [p]),
    serviceGrantees: (e, sv) => q('serviceGrantees', [e, sv]),
    clients: () => q<ApiClientTable>('clients', []),
    token: async (h) => (await q<{ client_id: string; expires_at: string }>('token', [h]))[0],
  };
}

/**
 * PostgreSQL: the rows of `count` pages of `table` from `page` (at least one); `next` null once past
 * the table's size, read at every chunk (rows added meanwhile are audited changes: not needed).
 */
async function pages(
  pool: Extract<DbHandle['raw'], { kind: 'postgres' }>['pool'],
  table: string,
  text: string,
  page: number,
  count: number,
  rowMode?: 'array',
): Promise<{ rows: unknown[]; next: number | null }> {
  const size = await pool.query({ name: 'btb_check_pages', text: PG_SQL.pages, values: [table] });
  const total = Number((size.rows[0] as { pages: string }).pages);
  const to = page + Math.max(1, count);
  const { rows } = await pool.query({
    name: `btb_check_${table}_pages`,
    text,
    values: [`(${page},0)`, `(${to},0)`],
    ...(rowMode ? { rowMode } : {}),
  });
  return { rows, next: to < total ? to : null };
}
