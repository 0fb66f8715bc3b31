/**
 * What a check under a mandate needs, held in memory by the check index (issue 20, session 9):
 * every grant under a mandate (revoked ones included, for the reason of a no), the mandates they
 * are given under, and the client managers' appointments under them, all by the client (the
 * mandator, where a grant under a mandate and its client managers are recorded); and, read on
 * demand and kept, each person's ties to offices in the registers (employments and legal functions).
 *
 * How it stays exact (docs/consistency.md, "Grants under mandates"):
 * - grants under mandates, mandates and client managers change only through use cases that record
 *   the change at the mandator (a mandate's at both parties) in the audit log, so the index's
 *   refresh reloads exactly the clients the new audit events name (`reload`), as it reloads own
 *   grants;
 * - the registers (employments, legal functions, enterprise statuses) change without an audit
 *   event (imports): the ties are dropped whole whenever the index drops its kept answers under
 *   mandates (a write of this process to a register or mandate table, another process's commit, a
 *   PostgreSQL notification) and read again, one statement per person; the statuses are the
 *   index's own (CheckIndex.statusNow);
 * - inside an open transaction of the connection nothing here is used: the check reads the
 *   tables, as before (mandates/mandate-access.ts).
 * The decision is the one of the query it replaces (mandates/mandate-grants.ts, mandateGrantsFor):
 * the grant active now, its mandate in force, both enterprises active, the person staff of the
 * office on the day; instants compared as the SQL compares them, as text.
 */
import type { DbHandle } from '../infra/db/database.ts';
import type { AccessGrantTable, AppointmentTable, MandateTable } from '../infra/db/schema.ts';
import { ACTIVE_STATUS, isoDate } from '../ports.ts';
import { type MandateChainRow, type MandateGrant, mandateChain } from './mandates/mandate-grants.ts';

type MaybePromise<T> = T | Promise<T>;

/** A grant under a mandate, as the check needs it */
export type MandateGrantFact = Omit<
  AccessGrantTable,
  'mandate_id' | 'invitation_id' | 'access_request_id' | 'establishments'
> & { mandate_id: string };

/** A mandate, as the check needs it */
export type MandateFact = Pick<
  MandateTable,
  | 'id'
  | 'mandator_number'
  | 'mandatary_number'
  | 'status'
  | 'valid_from'
  | 'valid_until'
  | 'capacity'
  | 'proposed_by'
  | 'proposed_by_side'
  | 'proposed_by_role'
  | 'proposed_at'
  | 'accepted_by'
  | 'accepted_by_role'
  | 'accepted_at'
>;
/** A grant under a mandate and its mandate, as the reason of a no needs them (check-store's mandateGrantState) */
export interface MandateGrantState {
  revoked_at: string | null;
  revoked_by: string | null;
  valid_from: string;
  valid_until: string | null;
  m_status: string;
  m_from: string;
  m_until: string | null;
  mandatary: string;
}

/** A person's employment or legal function at an enterprise, as the register holds it */
export interface TieFact {
  kind: 'employment' | 'legal_function';
  enterprise_number: string;
  start_date: string;
  end_date: string | null;
}

/** The reads, at one client or (null) everywhere; the ties of one person. */
export interface MandateFactStore {
  grants(enterprise: string | null): MaybePromise<MandateGrantFact[]>;
  mandates(enterprise: string | null): MaybePromise<MandateFact[]>;
  clientManagers(enterprise: string | null): MaybePromise<AppointmentTable[]>;
  ties(person: string): MaybePromise<TieFact[]>;
}

const GRANT_COLS =
  'id, person_number, enterprise_number, service, service_role, domain, mandate_id, granted_by, granted_by_role, created_at, valid_from, valid_until, revoked_at, revoked_by';
const MANDATE_COLS =
  'id, mandator_number, mandatary_number, status, valid_from, valid_until, capacity, proposed_by, proposed_by_side, proposed_by_role, proposed_at, accepted_by, accepted_by_role, accepted_at';
const APPOINTMENT_COLS =
  'id, enterprise_number, person_number, kind, domain, mandate_id, procedure, appointed_by, appointed_by_role, created_at, valid_from, valid_until, ended_at, end_reason, access_request_id';

// Only mandates something is held under: a mandate without a grant gives no check an answer.
const SQL = {
  grantsAt: `select ${GRANT_COLS} from access_grant where enterprise_number = ? and mandate_id is not null order by created_at`,
  grants: `select ${GRANT_COLS} from access_grant where mandate_id is not null order by created_at`,
  mandatesAt: `select ${MANDATE_COLS} from mandate m where mandator_number = ? and exists (select 1 from access_grant g where g.mandate_id = m.id)`,
  mandates: `select ${MANDATE_COLS} from mandate m where exists (select 1 from access_grant g where g.mandate_id = m.id)`,
  clientManagersAt: `select ${APPOINTMENT_COLS} from appointment where enterprise_number = ? and mandate_id is not null and kind = 'client'`,
  clientManagers: `select ${APPOINTMENT_COLS} from appointment where mandate_id is not null and kind = 'client'`,
  ties: `select 'employment' as kind, enterprise_number, start_date, end_date from employment where person_number = ?
    union all select 'legal_function' as kind, enterprise_number, start_date, end_date from legal_function where person_number = ?`,
};

export function createMandateFactStore(handle: DbHandle): MandateFactStore {
  const raw = handle.raw;
  if (raw.kind === 'sqlite') {
    const st = Object.fromEntries(Object.entries(SQL).map(([k, v]) => [k, raw.sqlite.prepare<unknown[]>(v)])) as Record<
      keyof typeof SQL,
      ReturnType<typeof raw.sqlite.prepare<unknown[]>>
    >;
    return {
      grants: (e) => (e === null ? st.grants.all() : st.grantsAt.all(e)) as MandateGrantFact[],
      mandates: (e) => (e === null ? st.mandates.all() : st.mandatesAt.all(e)) as MandateFact[],
      clientManagers: (e) => (e === null ? st.clientManagers.all() : st.clientManagersAt.all(e)) as AppointmentTable[],
      ties: (p) => st.ties.all(p, p) as TieFact[],
    };
  }
  const pool = raw.pool;
  const q = async <T>(k: keyof typeof SQL, values: unknown[]) => {
    let i = 0;
    const text = SQL[k].replace(/\?/g, () => `$${++i}`);
    return (await pool.query({ name: `btb_check_mf_${k}`, text, values })).rows as T[];
  };
  return {
    grants: (e) => (e === null ? q('grants', []) : q('grantsAt', [e])),
    mandates: (e) => (e === null ? q('mandates', []) : q('mandatesAt', [e])),
    clientManagers: (e) => (e === null ? q('clientManagers', []) : q('clientManagersAt', [e])),
    ties: (p) => q('ties', [p, p]),
  };
}

/** What one client holds under mandates */
interface AtClient {
  /** oldest first, as the query orders them */
  grants: MandateGrantFact[];
  mandates: MandateFact[];
  clientManagers: AppointmentTable[];
  /** MandateFacts.gen when its read began: held rows are current only while it is the same */
  gen: number;
}

const NONE: MandateGrantFact[] = [];

export class MandateFacts {
  private readonly byClient = new Map<string, AtClient>();
  /** person → the clients where they hold or held a grant under a mandate (only grows) */
  private readonly clientsOf = new Map<string, Set<string>>();
  /** person → their ties to enterprises in the registers, while the registers have not changed */
  private readonly tiesOf = new Map<string, TieFact[]>();
  /**
   * Bumped by `changed()`: a write that may have touched these tables without an audit event (a
   * register import, a raw write, another process's commit). Every client read before it is read
   * again at its next question (`ensure`), and every tie.
   */
  private gen = 0;
  /** gen when the preload's read began: a client it did not find is known to hold nothing while it holds */
  private loadedGen = -1;
  private loaded = false;
  /**
   * Moves whenever a held row may have changed or gone stale (loadAll, reload, changed): what is
   * derived from the rows (resource search's rows by person, search-mandates.ts) is current while
   * it stands still and was current when derived.
   */
  private moves = 0;
  private readonly store: MandateFactStore;
  private readonly maxPersons: number;
  readonly stats = { tieReads: 0, reloads: 0 };

  constructor(store: MandateFactStore, maxPersons = 1_000_000) {
    this.store = store;
    this.maxPersons = maxPersons;
  }

  get version(): number {
    return this.moves;
  }

  /** every client's grants under mandates, mandates and client managers are held */
  get complete(): boolean {
    return this.loaded;
  }

  /**
   * Everything, at once (the index's preload: three statements), held only if `valid()` still says
   * so when the reads are back (no refresh overlapped them); false when not held.
   */
  async loadAll(valid: () => boolean): Promise<boolean> {
    const gen = this.gen;
    const [grants, mandates, managers] = await Promise.all([
      this.store.grants(null),
      this.store.mandates(null),
      this.store.clientManagers(null),
    ]);
    if (!valid()) return false;
    this.byClient.clear();
    const at = (e: string) => {
      let c = this.byClient.get(e);
      if (!c) {
        c = { grants: [], mandates: [], clientManagers: [], gen };
        this.byClient.set(e, c);
      }
      return c;
    };
    for (const g of grants) {
      at(g.enterprise_number).grants.push(g);
      this.noteClient(g.person_number, g.enterprise_number);
    }
    for (const m of mandates) at(m.mandator_number).mandates.push(m);
    for (const a of managers) at(a.enterprise_number).clientManagers.push(a);
    this.loadedGen = gen;
    this.loaded = true;
    this.moves++;
    return true;
  }

  /** whether what is held of the client is current (read since the last `changed()`) */
  fresh(enterprise: string): boolean {
    const at = this.byClient.get(enterprise);
    return at ? at.gen === this.gen : this.loadedGen === this.gen;
  }

  /** Makes what is held of the client current: nothing to do, or one reload (three point reads). */
  ensure(enterprise: string): MaybePromise<void> {
    return this.fresh(enterprise) ? undefined : this.reload(enterprise);
  }

  /** One client's, again (three point reads): the index's refresh, for a client a new audit event names; `ensure`. */
  reload(enterprise: string): MaybePromise<void> {
    this.stats.reloads++;
    const gen = this.gen;
    const reads = [
      this.store.grants(enterprise),
      this.store.mandates(enterprise),
      this.store.clientManagers(enterprise),
    ];
    const install = ([grants, mandates, clientManagers]: [MandateGrantFact[], MandateFact[], AppointmentTable[]]) => {
      this.byClient.set(enterprise, { grants, mandates, clientManagers, gen });
      for (const g of grants) this.noteClient(g.person_number, enterprise);
      this.moves++;
    };
    if (reads.some((r) => r instanceof Promise))
      return Promise.all(reads).then((r) => install(r as [MandateGrantFact[], MandateFact[], AppointmentTable[]]));
    install(reads as [MandateGrantFact[], MandateFact[], AppointmentTable[]]);
    return undefined;
  }

  private noteClient(person: string, enterprise: string) {
    const set = this.clientsOf.get(person);
    if (set) set.add(enterprise);
    else this.clientsOf.set(person, new Set([enterprise]));
  }

  /**
   * The registers or the mandate tables may have changed without an audit event naming the client
   * (the index's change counters moved): every tie is read again, and every client at its next question.
   */
  changed() {
    this.gen++;
    this.moves++;
    if (this.tiesOf.size > 0) this.tiesOf.clear();
  }

  /**
   * The person's ties to enterprises, from memory or one statement; kept only when `keep` says the
   * index is current (else read at every call) and no change happened while it was read.
   */
  ties(person: string, keep: () => boolean): MaybePromise<TieFact[]> {
    const hit = this.tiesOf.get(person);
    if (hit !== undefined) return hit;
    const gen = this.gen;
    const store = (rows: TieFact[]) => {
      this.stats.tieReads++;
      if (gen === this.gen && keep()) {
        if (this.tiesOf.size >= this.maxPersons) this.tiesOf.clear();
        this.tiesOf.set(person, rows);
      }
      return rows;
    };
    const rows = this.store.ties(person);
    return rows instanceof Promise ? rows.then(store) : store(rows);
  }

  /** the person's grants under mandates at the client, of one service, oldest first */
  grantsAt(person: string, enterprise: string, service: string): MandateGrantFact[] {
    const at = this.byClient.get(enterprise);
    if (!at) return NONE;
    let out: MandateGrantFact[] | undefined;
    for (const g of at.grants) {
      if (g.person_number !== person || g.service !== service) continue;
      if (out) out.push(g);
      else out = [g];
    }
    return out ?? NONE;
  }

  /**
   * Calls `f` with every grant under a mandate the person holds or held, and its mandate (resource
   * search); false, stopping there, at a client whose rows are not current (a write since: the
   * caller reads the tables instead).
   */
  eachGrantOf(person: string, f: (g: MandateGrantFact, m: MandateFact | undefined) => void): boolean {
    const clients = this.clientsOf.get(person);
    if (!clients) return true;
    for (const e of clients) {
      const at = this.byClient.get(e);
      if (!at) {
        if (this.loadedGen !== this.gen) return false;
        continue;
      }
      if (at.gen !== this.gen) return false;
      for (const g of at.grants) {
        if (g.person_number !== person) continue;
        let m: MandateFact | undefined;
        for (const x of at.mandates) if (x.id === g.mandate_id) m = x;
        f(g, m);
      }
    }
    return true;
  }

  mandate(enterprise: string, id: string): MandateFact | undefined {
    const at = this.byClient.get(enterprise);
    if (!at) return undefined;
    for (const m of at.mandates) if (m.id === id) return m;
    return undefined;
  }

  clientManagersAt(enterprise: string): AppointmentTable[] {
    return this.byClient.get(enterprise)?.clientManagers ?? [];
  }

  get size() {
    let grants = 0;
    for (const c of this.byClient.values()) grants += c.grants.length;
    return { clients: this.byClient.size, grants, persons: this.clientsOf.size, ties: this.tiesOf.size };
  }
}

/** What the in-memory decision reads besides the facts: statuses, ties and appointments, as the index holds them. */
export interface MandateReads {
  facts: MandateFacts;
  status(enterprise: string): MaybePromise<string | null>;
  ties(person: string): MaybePromise<TieFact[]>;
  appointmentsOf(enterprise: string): MaybePromise<AppointmentTable[]>;
}

/** In force at `iso` (mandates/shared.ts mandateInForceAt), compared as the SQL compares: as text. */
function mandateInForce(m: MandateFact, iso: string): boolean {
  return m.status === 'active' && m.valid_from <= iso && (m.valid_until === null || m.valid_until > iso);
}

function grantActive(g: MandateGrantFact, iso: string): boolean {
  return g.revoked_at === null && g.valid_from <= iso && (g.valid_until === null || g.valid_until > iso);
}

/** The person works for or represents `office` on `day` (mandates/mandate-works.ts isStaffOfMandatary). */
function isStaffOf(ties: TieFact[], office: string, day: string): boolean {
  for (const t of ties)
    if (t.enterprise_number === office && t.start_date <= day && (t.end_date === null || t.end_date >= day))
      return true;
  return false;
}

/** Which tie to the office the registers ended last (mandate-access.ts, lostTieTo), from memory. */
export function lostTie(ties: TieFact[], office: string, day: string): 'employment_ended' | 'lr_function_ended' {
  let employment: string | null = null;
  let fn: string | null = null;
  for (const t of ties) {
    if (t.enterprise_number !== office || t.end_date === null || t.end_date >= day) continue;
    if (t.kind === 'employment') {
      if (employment === null || t.end_date > employment) employment = t.end_date;
    } else if (fn === null || t.end_date > fn) fn = t.end_date;
  }
  return fn && (!employment || fn > employment) ? 'lr_function_ended' : 'employment_ended';
}

/**
 * The Belgian day of an instant (ports.ts isoDate), computed once per whole UTC hour: Brussels'
 * offset from UTC is a whole number of hours, so its date changes only on a whole UTC hour (the
 * time-zone arithmetic cost about a tenth of a first check under a mandate).
 */
export function belgianDayOf(now: Date): string {
  const hour = Math.floor(now.getTime() / 3_600_000);
  if (hour !== dayCache.hour) {
    dayCache.day = isoDate(now);
    dayCache.hour = hour;
  }
  return dayCache.day;
}
const dayCache = { hour: Number.NaN, day: '' };

export const whenDone = <T, U>(v: MaybePromise<T>, f: (x: T) => MaybePromise<U>): MaybePromise<U> =>
  v instanceof Promise ? v.then(f) : f(v);

/**
 * mandateGrantsFor (mandate-grants.ts) from memory: the grants `person` holds at `enterprise` of
 * `service` through mandates that work at `iso`/`day`, oldest first, each with its chain.
 * Synchronous while statuses, ties and appointments are held.
 */
export function mandateGrantsInMemory(
  r: MandateReads,
  person: string,
  enterprise: string,
  service: string,
  iso: string,
  day: () => string,
): MaybePromise<MandateGrant[]> {
  const candidates: { g: MandateGrantFact; m: MandateFact }[] = [];
  for (const g of r.facts.grantsAt(person, enterprise, service)) {
    if (!grantActive(g, iso)) continue;
    const m = r.facts.mandate(enterprise, g.mandate_id);
    if (m && mandateInForce(m, iso)) candidates.push({ g, m });
  }
  if (candidates.length === 0) return [];
  return whenDone(r.ties(person), (ties) => {
    const d = day();
    const staff = candidates.filter((c) => isStaffOf(ties, c.m.mandatary_number, d));
    if (staff.length === 0) return [];
    const parties = new Set<string>();
    for (const c of staff) parties.add(c.m.mandator_number).add(c.m.mandatary_number);
    const statuses = [...parties].map((e) => r.status(e));
    const decide = (st: (string | null)[]): MaybePromise<MandateGrant[]> => {
      const active = new Set([...parties].filter((_, i) => st[i] === ACTIVE_STATUS));
      const works = staff.filter((c) => active.has(c.m.mandator_number) && active.has(c.m.mandatary_number));
      if (works.length === 0) return [];
      return withChains(r, enterprise, works);
    };
    return statuses.some((s) => s instanceof Promise)
      ? Promise.all(statuses).then(decide)
      : decide(statuses as (string | null)[]);
  });
}

function withChains(
  r: MandateReads,
  enterprise: string,
  works: { g: MandateGrantFact; m: MandateFact }[],
): MaybePromise<MandateGrant[]> {
  const offices = [...new Set(works.map((c) => c.m.mandatary_number))];
  const apps = [r.appointmentsOf(enterprise), ...offices.map((b) => r.appointmentsOf(b))];
  const build = (all: AppointmentTable[][]): MandateGrant[] => {
    const own = all[0]!;
    const byOffice = new Map(offices.map((b, i) => [b, all[i + 1]!]));
    const managers = r.facts.clientManagersAt(enterprise);
    return works.map(({ g, m }) => {
      const row: MandateChainRow = {
        ...g,
        mandatary_number: m.mandatary_number,
        m_from: m.valid_from,
        m_until: m.valid_until,
        capacity: m.capacity,
        proposed_by: m.proposed_by,
        proposed_by_side: m.proposed_by_side,
        proposed_by_role: m.proposed_by_role,
        proposed_at: m.proposed_at,
        accepted_by: m.accepted_by,
        accepted_by_role: m.accepted_by_role,
        accepted_at: m.accepted_at,
      };
      return {
        grant: g.id,
        person: g.person_number,
        enterprise: g.enterprise_number,
        service: g.service,
        role: g.service_role || null,
        domain: g.domain,
        validFrom: g.valid_from,
        validUntil: g.valid_until,
        mandate: g.mandate_id,
        mandatary: m.mandatary_number,
        capacity: m.capacity,
        chain: mandateChain(row, enterprise, own, managers, byOffice.get(m.mandatary_number)!),
      };
    });
  };
  return apps.some((a) => a instanceof Promise) ? Promise.all(apps).then(build) : build(apps as AppointmentTable[][]);
}

/**
 * check-store's mandateGrantState from memory: the person's grant of this service at the client
 * under a mandate, an unrevoked one first (the latest), else the latest; with its mandate.
 */
export function mandateGrantStateInMemory(
  facts: MandateFacts,
  person: string,
  enterprise: string,
  service: string,
): MandateGrantState | undefined {
  let best: MandateGrantFact | undefined;
  let bestM: MandateFact | undefined;
  for (const g of facts.grantsAt(person, enterprise, service)) {
    const m = facts.mandate(enterprise, g.mandate_id);
    if (!m) continue; // the join finds no mandate: no row
    // order by (revoked_at is null) first, then created_at desc
    const better =
      best === undefined
        ? true
        : (g.revoked_at === null) !== (best.revoked_at === null)
          ? g.revoked_at === null
          : g.created_at >= best.created_at;
    if (better) {
      best = g;
      bestM = m;
    }
  }
  if (!best || !bestM) return undefined;
  return {
    revoked_at: best.revoked_at,
    revoked_by: best.revoked_by,
    valid_from: best.valid_from,
    valid_until: best.valid_until,
    m_status: bestM.status,
    m_from: bestM.valid_from,
    m_until: bestM.valid_until,
    mandatary: bestM.mandatary_number,
  };
}
