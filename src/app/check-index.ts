/**
 * The check API's in-memory index: who holds which grants, and each enterprise's appointments,
 * loaded on demand (a person at their first check, an enterprise at its first chain) and kept
 * correct across nodes without any message bus.
 *
 * Consistency: every change of a grant or an appointment is recorded in the audit log in the same
 * transaction, and the audit head's seq moves with it; commits happen in seq order because each
 * append locks the head row. Before every check the index reads the head seq (in the same
 * statement as the enterprise's register status, so a check costs one database round trip). If
 * it moved, the index reads which enterprises the new audit events touched and reloads exactly
 * those. A change acknowledged on any node is therefore seen by every later check on every node.
 * A load that overlaps a refresh is thrown away and redone (the generation counter), so a slow
 * read can never put stale rows back. docs/consistency.md tells the whole model.
 *
 * What the index does not hold is read fresh: the enterprise's status (the register import does
 * not go through the audit log), and, only when the answer is no, whether the person exists and
 * whether a past grant was revoked or ran out (the reason code).
 */
import { DomainError } from '../domain/errors.ts';
import type { WriteCounter } from '../infra/db/database.ts';
import type { AppointmentTable } from '../infra/db/schema.ts';
import type { GrantRec } from './check-grant-record.ts';
import type { CompactGrants } from './check-index-compact.ts';
import { type CompactAppointments, CompactStatuses } from './check-index-compact-appointments.ts';
import { type GrantPatches, type PreloadSummary, runPreload } from './check-index-preload.ts';
import { MandateFacts, type MandateReads } from './check-mandates.ts';
import type { CheckStore, GrantRow, MandateGrantKey } from './check-store.ts';

export type { GrantRec, PreloadSummary };

export interface ClientRec {
  id: string;
  name: string;
  scope: Set<string>;
  isAll: boolean;
  secretHash: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface CheckIndexOptions {
  /** most persons kept; the oldest tenth is dropped when exceeded (they reload on demand) */
  maxPersons?: number;
  maxEnterprises?: number;
  /**
   * most own grants the start-up preload takes on (default 10,000,000): held in typed arrays
   * (check-index-compact.ts, about 41 bytes a grant), so a larger data set stays on demand
   */
  maxPreloadGrants?: number;
  /** most persons whose preloaded grants are kept built as records (the recently asked) */
  maxHotPersons?: number;
}

const EMPTY: GrantRec[] = [];

/**
 * How long (ms) a commit by another process on the same SQLite file may go unseen by a check on
 * this node (docs/consistency.md); a consistency token makes it exact. This process's own writes
 * are seen at the next check, always.
 */
export const POLL_MS = 1;
/** PostgreSQL: how long after a drop of the held statuses they are read again in the background */
const STATUS_RELOAD_MS = 1000;
/** passes of a status preload a register change may abandon before it gives up until the next drop */
const STATUS_PASSES = 3;

export class CheckIndex {
  /** audit seq the cached data reflects; -1 until the first check */
  private seq = -1;
  /** bumped at the start and end of every refresh: a load that spans one is redone */
  private gen = 0;
  private catching: Promise<void> = Promise.resolve();
  /** on demand (before the preload completes, or without one): persons' records, evicted when full */
  private readonly persons = new Map<string, GrantRec[]>();
  /**
   * The preload's grants (issue 20), complete once `complete`; with `overlay`, which holds the
   * persons the compact arrays cannot (not an 11-digit number) and every person whose grants
   * changed after the preload read them (never evicted: the compact arrays do not change), and
   * `hot`, the records of recently asked persons built from the compact arrays (evicted at will).
   */
  private compact: CompactGrants | undefined;
  private readonly overlay = new Map<string, GrantRec[]>();
  private readonly hot = new Map<string, GrantRec[]>();
  /** while the preload reads the grants: what refreshes took in meanwhile (check-index-preload.ts) */
  private grantPatches: GrantPatches | undefined;
  private readonly appointments = new Map<string, AppointmentTable[]>();
  /** the preload's appointments (issue 20); an enterprise changed since is forgotten there, read on demand */
  private compactAppointments: CompactAppointments | undefined;
  /** while the preload reads the appointments: the enterprises refreshes touched meanwhile */
  private appointmentsForgotten: Set<string> | undefined;
  private clients = new Map<string, ClientRec>();
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private readonly strings = new Map<string, string>();
  private readonly byEnterprise = new WeakMap<GrantRec[], Map<string, GrantRec[]>>();
  /** SQLite: what the change counters said when the index last knew itself current (begin()) */
  private current = false;
  private wStatements = -1;
  private wEnterprise = -1;
  private dataVersion = -1;
  /** total_changes() minus the rows counted by the Kysely writer: rows written around it */
  private rawRows = -1;
  private polledAt = 0;
  /** every enterprise's status is in `statuses` (SQLite preload): a miss is an unknown enterprise */
  private statusesComplete = false;
  /** bumped whenever the statuses held are dropped: a status preload that spans it is abandoned */
  private statusGen = 0;
  /**
   * PostgreSQL: the change feed's register version the statuses held are current for (settleAfter);
   * other changes, and moments the feed cannot vouch, keep them (docs/consistency.md)
   */
  private registerSeen = -1;
  /** a status preload completed once: after a drop they are read again in the background (PostgreSQL) */
  private statusesPreloaded = false;
  private reloadingStatuses = false;
  /**
   * person → enterprise → services of every grant they hold or held there under a mandate (when
   * known: mandatesKnown); only grows, so a miss is certain and a hit only says "may"
   */
  private readonly mandateGrantSet = new Map<string, Map<string, Set<string>>>();
  private mandatesKnown = false;
  /**
   * SQLite (issue 20): the answers of the mandate lookup that said yes, by person|enterprise|service|role,
   * each with the instant it may stop holding (the grant's or the mandate's end, the end of the day
   * for employments). Dropped whenever anything they depend on may have changed: an audited change
   * (refresh), a write of this process to a mandate fact table (WriteCounter.mandateFacts), a
   * commit by another process or a raw write (the same counters as the statuses).
   */
  private readonly mandateAnswers = new Map<string, { answer: unknown; untilMs: number }>();
  /** bumped whenever mandateAnswers is dropped: a lookup that spans it does not keep its answer */
  private mandateGen = 0;
  private wMandateFacts = -1;
  /** PostgreSQL: the change feed's change version at the last barrier (store.changeVersion) */
  private changesSeen = -1;
  private stopped = false;
  /** every person's own grants are in `persons` (preloaded): a miss means none, no read needed */
  private complete = false;
  /** register statuses read since the change counter last moved */
  private readonly statuses = new Map<string, string | null>();
  /** the preload's statuses (issue 20), compact; asked after `statuses`, dropped with it */
  private preloadedStatuses: CompactStatuses | undefined;
  private readonly maxPersons: number;
  private readonly maxPreloadGrants: number;
  private readonly maxHotPersons: number;
  private readonly maxEnterprises: number;
  /** counters for /metrics and the benchmark */
  readonly stats = {
    markerReads: 0,
    fullBarriers: 0,
    polls: 0,
    refreshes: 0,
    personLoads: 0,
    enterpriseLoads: 0,
    discardedLoads: 0,
  };

  readonly store: CheckStore;
  /** issue 20, session 9: what a check under a mandate reads, held once preloaded (check-mandates.ts) */
  readonly mandateFacts: MandateFacts | undefined;
  private readonly mandateReads: MandateReads | undefined;

  constructor(store: CheckStore, opts: CheckIndexOptions = {}) {
    this.store = store;
    const facts = store.mandateFacts ? new MandateFacts(store.mandateFacts) : undefined;
    this.mandateFacts = facts;
    this.mandateReads = facts && {
      facts,
      status: (e) => this.statusNow(e),
      ties: (p) => facts.ties(p, () => this.trusted()),
      appointmentsOf: (e) => this.appointmentsOf(e),
    };
    this.maxPersons = opts.maxPersons ?? 4_000_000;
    this.maxEnterprises = opts.maxEnterprises ?? 1_000_000;
    this.maxPreloadGrants = opts.maxPreloadGrants ?? 10_000_000;
    this.maxHotPersons = opts.maxHotPersons ?? 100_000;
  }

  get size() {
    const persons = this.persons.size + this.overlay.size + (this.compact?.size.persons ?? 0);
    const enterprises = this.appointments.size + (this.compactAppointments?.size.enterprises ?? 0);
    return { persons, enterprises, seq: this.seq };
  }

  /** bytes held in the preload's typed arrays (the benchmark's memory attribution) */
  get compactBytes() {
    return { grants: this.compact?.bytes ?? 0, appointments: this.compactAppointments?.bytes ?? 0 };
  }

  /**
   * The read barrier of every check: the enterprise's register status, and the guarantee that the
   * index reflects every change committed before this call began (by this process), or more than
   * POLL_MS before it (by another process on the same SQLite file). docs/consistency.md.
   */
  begin(enterprise: string | null): MaybePromise<string | null> {
    this.stats.markerReads++;
    // SQLite (issue 20): no statement per check. This process's writes through Kysely are counted
    // after they ran (so after their commit); while that count stands still, nothing this process
    // committed can be missing. Other processes (the CLI, a second server on the file) move
    // `data_version`, read at most every POLL_MS: a commit there is seen within that bound, or
    // exactly with a consistency token (atLeast). Writes of this process that bypass Kysely (none
    // in the server; the register import is a CLI command) move total_changes() beyond the rows
    // counted, seen at the same poll. Inside an open transaction of the connection nothing is
    // trusted and the full barrier runs. PostgreSQL (session 8): the same, with every pooled
    // connection's writes counted and the change feed (LISTEN/NOTIFY) as the other processes'
    // counter, asked at every check (pollMs 0: it is a number in memory).
    const w = this.store.writes;
    if (w !== undefined && this.current && w.statements === this.wStatements && !this.store.inTransaction!()) {
      const now = performance.now();
      if (now - this.polledAt < (this.store.pollMs ?? POLL_MS)) return this.knownStatus(enterprise);
      const v = this.store.version!();
      this.stats.polls++;
      this.polledAt = now;
      if (v[0] === this.dataVersion && v[1] - w.rows === this.rawRows) return this.knownStatus(enterprise);
    }
    return this.fullBarrier(enterprise, w);
  }

  /**
   * begin(null) without the POLL_MS allowance: every commit before the call is seen, another
   * process's too. For resource search (issue 20), which reads the statuses held here
   * (statusesOf) and costs milliseconds anyway, so one more counter read is nothing.
   */
  beginExact(): MaybePromise<string | null> {
    this.polledAt = Number.NEGATIVE_INFINITY;
    return this.begin(null);
  }

  /**
   * What this index has taken in, as a string that moves whenever it takes in more: the audit seq
   * it reflects, the change counters its last barrier recorded (on PostgreSQL the change feed's
   * version, which every notification moves), and its drops of statuses and mandate answers. Resource
   * search keeps an answer computed from this memory only while this is unchanged (review 9, finding
   * 1): a commit the database's stamp already shows but this node has not yet taken in (its
   * notification still under way) moves it when it arrives, so the answer is not served again.
   */
  stateStamp(): string {
    return `${this.seq}.${this.dataVersion}.${this.rawRows}.${this.wStatements}.${this.statusGen}.${this.mandateGen}`;
  }

  /** The status while nothing has changed: from memory, else one point read kept until a change. */
  private knownStatus(enterprise: string | null): MaybePromise<string | null> {
    if (enterprise === null) return null;
    const hit = this.statuses.get(enterprise);
    if (hit !== undefined) return hit;
    if (this.statusesComplete) return this.preloadedStatuses?.get(enterprise) ?? null;
    const status = this.store.status(enterprise);
    if (!(status instanceof Promise)) return this.keepStatus(enterprise, status);
    // PostgreSQL: kept only if nothing dropped the statuses while it was read
    const gen = this.statusGen;
    return status.then((st) => (gen === this.statusGen ? this.keepStatus(enterprise, st) : st));
  }

  private keepStatus(enterprise: string, status: string | null): string | null {
    if (this.statuses.size >= this.maxEnterprises) this.statuses.clear();
    this.statuses.set(enterprise, status);
    return status;
  }

  /**
   * The register statuses of many enterprises at once (resource search, issue 20), as the check
   * reads them after begin(): from memory where the index holds them (SQLite, while its change
   * counters stand still), the rest in one statement. An enterprise not in the register maps to null.
   */
  statusesOf(enterprises: Iterable<string>): MaybePromise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    const missing = this.heldStatuses(enterprises, out);
    if (missing.length === 0) return out;
    return this.store.statuses(missing).then((read) => {
      for (const e of missing) out.set(e, read.get(e) ?? null);
      return out;
    });
  }

  /** fills `out` with the statuses held in memory; returns the enterprises it does not hold */
  private heldStatuses(enterprises: Iterable<string>, out: Map<string, string | null>): string[] {
    const missing: string[] = [];
    if (!this.current || this.store.inTransaction?.() !== false || !this.vouches()) {
      for (const e of enterprises) if (!out.has(e)) out.set(e, null);
      return [...out.keys()];
    }
    const held = this.statuses;
    const complete = this.statusesComplete;
    for (const e of enterprises) {
      const hit = held.get(e);
      if (hit !== undefined) out.set(e, hit);
      else if (complete) out.set(e, this.preloadedStatuses?.get(e) ?? null);
      else missing.push(e);
    }
    return missing;
  }

  /**
   * PostgreSQL: the statuses held are current only while the change feed vouches and nothing was
   * written since the last barrier (the fast path of begin()); they outlive a moment it cannot
   * vouch, but are not used during it. SQLite: the barrier just run suffices (as before).
   */
  private vouches(): boolean {
    if (!this.store.registerVersion) return true;
    const w = this.store.writes!;
    return w.statements === this.wStatements && this.store.version!()[0] === this.dataVersion;
  }

  private fullBarrier(enterprise: string | null, w: WriteCounter | undefined): MaybePromise<string | null> {
    this.stats.fullBarriers++;
    const inTx = w === undefined || this.store.inTransaction!();
    // taken before the marker: a commit after this moves them again, and the next check sees it
    const snap =
      w && !inTx
        ? { statements: w.statements, rows: w.rows, enterprise: w.enterprise, mandateFacts: w.mandateFacts }
        : undefined;
    if (inTx) this.dropMandateAnswers();
    const v = snap ? this.store.version!() : undefined;
    const rv = snap ? this.store.registerVersion?.() : undefined;
    const cv = snap ? this.store.changeVersion?.() : undefined;
    const m = this.store.marker(enterprise);
    if (m instanceof Promise) return m.then((r) => this.settleAfter(enterprise, r, snap, v, rv, cv));
    return this.settleAfter(enterprise, m, snap, v, rv, cv);
  }

  /**
   * After the marker: catch up, then record the counters taken before it as current. On
   * PostgreSQL this runs when the read answers; counters that moved meanwhile (a write, a
   * notification) differ from those recorded, so the next check reads again.
   */
  private settleAfter(
    enterprise: string | null,
    m: { seq: number; status: string | null },
    snap: { statements: number; rows: number; enterprise: number; mandateFacts: number } | undefined,
    v: readonly [number, number] | undefined,
    rv: number | undefined,
    cv: number | undefined,
  ): MaybePromise<string | null> {
    const after = this.afterMarker(m.seq, m.status);
    if (!snap || !v) return after;
    const settle = () => {
      const raw = v[1] - snap.rows;
      // Register statuses change through imports (another process: data_version), raw writes
      // (total_changes beyond the counted rows) or writes to the enterprise table: only then are
      // the statuses held dropped. Grants and appointments reach the index through the audit log.
      // PostgreSQL: another process's write to the register moves the feed's register version
      // (as does a reconnection); its other notifications, and a moment it cannot vouch on the same
      // connection, keep them (vouches() keeps them unused meanwhile).
      const foreign = v[0] !== this.dataVersion || raw !== this.rawRows;
      const registerMoved = rv === undefined ? foreign : rv !== this.registerSeen;
      if (registerMoved || snap.enterprise !== this.wEnterprise) {
        this.statuses.clear();
        this.statusesComplete = false;
        this.preloadedStatuses = undefined;
        this.statusGen++;
        if (rv !== undefined && this.statusesPreloaded) this.reloadStatusesLater();
      }
      if (rv !== undefined) this.registerSeen = rv;
      // The same for what is held under mandates (session 10): on PostgreSQL dropped when a
      // notification came (or the feed reconnected), not at every moment the feed cannot vouch (a
      // proof late behind a busy event loop: every client and tie was read again, each time);
      // mandatesInMemory() and mandateAnswer() keep them unused during such a moment.
      const changes = cv === undefined ? foreign : cv !== this.changesSeen;
      if (changes || snap.mandateFacts !== this.wMandateFacts) {
        this.dropMandateAnswers();
        this.mandateFacts?.changed();
      }
      if (cv !== undefined) this.changesSeen = cv;
      this.wMandateFacts = snap.mandateFacts;
      this.dataVersion = v[0];
      this.rawRows = raw;
      this.wEnterprise = snap.enterprise;
      this.wStatements = snap.statements;
      this.polledAt = performance.now();
      this.current = true;
      if (enterprise !== null) this.statuses.set(enterprise, m.status);
    };
    if (after instanceof Promise) {
      return after.then((st) => {
        settle();
        return st;
      });
    }
    settle();
    return after;
  }

  private afterMarker(seq: number, status: string | null): MaybePromise<string | null> {
    if (seq <= this.seq) return status;
    return this.catchUp(seq).then(() => status);
  }

  /**
   * Waits until the index reflects at least audit seq `seq` (a consistency token): reads the head
   * and catches up, again every 25 ms while the database itself is behind the token (it cannot be
   * on one database; a token from elsewhere is refused after `waitMs`).
   */
  async atLeast(seq: number, waitMs = 2000): Promise<void> {
    const until = Date.now() + waitMs;
    while (this.seq < seq) {
      this.stats.fullBarriers++;
      const m = await this.store.marker(null);
      if (m.seq > this.seq) await this.catchUp(m.seq);
      if (this.seq >= seq) return;
      if (Date.now() >= until) {
        throw new DomainError('validation.invalid_input', {
          field: 'consistency_token',
          reason: 'newer than any state this node can read',
        });
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Brings the index to `target`; refreshes run one at a time, in order. */
  catchUp(target: number): Promise<void> {
    this.catching = this.catching.then(() => this.refresh(target));
    return this.catching;
  }

  private async refresh(target: number): Promise<void> {
    if (target <= this.seq) return;
    this.gen++;
    this.refreshed();
    this.stats.refreshes++;
    try {
      if (this.seq < 0) {
        // First contact: nothing is cached yet, so nothing can be stale; only clients are loaded.
        await this.loadClients();
      } else {
        const changed = await this.store.changedSince(this.seq, target);
        if (changed.some((e) => e !== null)) this.dropMandateAnswers();
        let clientsChanged = false;
        for (const enterprise of new Set(changed)) {
          if (enterprise === null) {
            clientsChanged = true;
            continue;
          }
          this.appointments.delete(enterprise);
          this.compactAppointments?.forget(enterprise);
          this.appointmentsForgotten?.add(enterprise);
          // an audited change may stop an enterprise (a foreign enterprise linked to its KBO number):
          // a held status is read again, so a check carrying the change's token sees it even before
          // the change's register notification (PostgreSQL) or data_version poll (SQLite) says so
          if (this.statusesComplete || this.statuses.has(enterprise)) await this.rereadStatus(enterprise);
          if (this.persons.size > 0 || this.complete || this.grantPatches !== undefined)
            await this.reloadEnterpriseGrants(enterprise);
          if (this.mandatesKnown) this.addMandateGrantKeys(await this.store.mandateGrantKeys(enterprise));
          if (this.mandateFacts?.complete) await this.mandateFacts.reload(enterprise);
        }
        if (clientsChanged) await this.loadClients();
      }
      this.seq = target;
    } finally {
      this.gen++;
      this.refreshed();
    }
  }

  private async rereadStatus(enterprise: string) {
    const gen = this.statusGen;
    const status = await this.store.status(enterprise);
    if (gen === this.statusGen) this.statuses.set(enterprise, status);
  }

  /** Issue 18, section 2: caches kept beside the index (system subjects) drop what they hold. */
  private readonly refreshListeners: (() => void)[] = [];

  onRefresh(listener: () => void) {
    this.refreshListeners.push(listener);
  }

  private refreshed() {
    for (const l of this.refreshListeners) l();
  }

  private async loadClients() {
    const rows = await this.store.clients();
    const next = new Map<string, ClientRec>();
    for (const r of rows) {
      if (r.revoked_at) continue;
      const scope = new Set(r.scope.split(','));
      next.set(r.id, { id: r.id, name: r.name, scope, isAll: scope.has('*'), secretHash: r.secret_hash });
    }
    this.clients = next;
    this.tokens.clear();
  }

  /**
   * Replaces, for every cached person, their grants at this enterprise by the current rows: in the
   * on-demand cache; while the preload reads the grants, in what it will hold (GrantPatches: every
   * row it read there is replaced by these); once it holds them, in the overlay, which then answers
   * for the persons these rows name.
   */
  private async reloadEnterpriseGrants(enterprise: string) {
    const rows = await this.store.enterpriseGrants(enterprise);
    const touched = new Map<string, GrantRec[]>();
    for (const r of rows) {
      const p = r.person_number;
      const cached = this.persons.get(p);
      if (!cached) continue;
      let list = touched.get(p);
      if (!list) {
        list = cached.filter((g) => g.enterprise !== enterprise);
        touched.set(p, list);
      }
      list.push(this.toRec(r));
    }
    for (const [person, list] of touched) this.persons.set(person, list);
    if (this.grantPatches) {
      this.grantPatches.rows.set(enterprise, rows);
      return;
    }
    if (!this.complete) return;
    const preloaded = new Map<string, GrantRec[]>();
    for (const r of rows) {
      const p = r.person_number;
      let list = preloaded.get(p);
      if (!list) {
        const base = this.overlay.get(p) ?? this.compact?.grantsOf(p) ?? EMPTY;
        list = base.filter((g) => g.enterprise !== enterprise);
        preloaded.set(p, list);
      }
      list.push(this.toRec(r));
    }
    for (const [person, list] of preloaded) {
      this.overlay.set(person, list);
      this.hot.delete(person);
    }
  }

  private intern(s: string): string {
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    if (this.strings.size > 2_000_000) this.strings.clear(); // holds every enterprise number of a full register
    this.strings.set(s, s);
    return s;
  }

  /** a row's record on the on-demand path (public for check-index-compact.test.ts, which compares the preload's with it) */
  toRec(r: GrantRow): GrantRec {
    const from = Date.parse(r.valid_from);
    return {
      enterprise: this.intern(r.enterprise_number),
      service: this.intern(r.service),
      role: this.intern(r.service_role),
      domain: this.intern(r.domain),
      from,
      until: r.valid_until === null ? Number.POSITIVE_INFINITY : Date.parse(r.valid_until),
      createdAt: r.created_at,
      grantedBy: this.intern(r.granted_by),
      grantedByRole: this.intern(r.granted_by_role),
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      revokedAt: r.revoked_at,
      revokedBy: r.revoked_by,
      accessRequest: r.access_request_id ?? null,
      usedIn: 0,
      answers: undefined,
      ...(r.establishments ? { establishments: r.establishments.split(',') } : {}),
    };
  }

  /**
   * The grants of `list` (one person's, oldest first) at one enterprise, from a map built at the
   * first question and kept with the list: lists are never changed once in the index (a reload
   * puts a new one), so the map cannot go stale.
   */
  grantsAt(list: GrantRec[], enterprise: string): GrantRec[] {
    let by = this.byEnterprise.get(list);
    if (!by) {
      by = new Map();
      for (const g of list) {
        const at = by.get(g.enterprise);
        if (at) at.push(g);
        else by.set(g.enterprise, [g]);
      }
      this.byEnterprise.set(list, by);
    }
    return by.get(enterprise) ?? EMPTY;
  }

  /** The person's own grants, revoked ones included, oldest first; undefined when not cached. */
  cachedGrants(person: string): GrantRec[] | undefined {
    return this.complete ? this.preloadedGrants(person) : this.persons.get(person);
  }

  /** Synchronous when the store is (SQLite): a person's first check waits for no microtask. */
  grantsOf(person: string): MaybePromise<GrantRec[]> {
    if (this.complete) return this.preloadedGrants(person);
    const hit = this.persons.get(person);
    if (hit) return hit;
    const gen = this.gen;
    const rows = this.store.personGrants(person);
    if (rows instanceof Promise) return rows.then((r) => (gen === this.gen ? this.keep(person, r) : this.redo(person)));
    return this.keep(person, rows);
  }

  /** Once the preload is complete: from the overlay, else the records built from the compact arrays. */
  private preloadedGrants(person: string): GrantRec[] {
    const changed = this.overlay.get(person);
    if (changed) return changed;
    const hit = this.hot.get(person);
    if (hit) return hit;
    const built = this.compact?.grantsOf(person);
    if (!built) return EMPTY;
    if (this.hot.size >= this.maxHotPersons) evictOldest(this.hot);
    this.hot.set(person, built);
    return built;
  }

  private redo(person: string): MaybePromise<GrantRec[]> {
    this.stats.discardedLoads++;
    return this.grantsOf(person);
  }

  private keep(person: string, rows: GrantRow[]): GrantRec[] {
    this.stats.personLoads++;
    const recs = rows.length === 0 ? EMPTY : rows.map((r) => this.toRec(r));
    if (this.persons.size >= this.maxPersons) evictOldest(this.persons);
    this.persons.set(person, recs);
    return recs;
  }

  /**
   * Loads every person's own grants and every enterprise's own appointments, in chunks, in the
   * background (check-index-preload.ts). When done, a person missing from the index holds no grant:
   * no check reads a table any more (issue 20). A change committed during the preload is never
   * lost (refresh records it for the preload's merge). Does not start beyond maxPreloadGrants.
   */
  preload(chunk = 20_000): Promise<PreloadSummary> {
    return runPreload(
      {
        store: this.store,
        mandateFacts: this.mandateFacts,
        maxPreloadGrants: this.maxPreloadGrants,
        stopped: () => this.stopped,
        gen: () => this.gen,
        begin: () => this.begin(null),
        toRec: (r) => this.toRec(r),
        size: () => this.size,
        startGrants: (patches) => {
          this.grantPatches = patches;
        },
        installGrants: (compact, others) => {
          this.compact = compact;
          for (const [person, recs] of others) this.overlay.set(person, recs);
          this.grantPatches = undefined;
          // from now on a miss is an answer; the on-demand records are not needed
          this.complete = true;
          this.persons.clear();
        },
        knowMandateGrantKeys: (keys) => {
          this.addMandateGrantKeys(keys);
          this.mandatesKnown = true;
        },
        preloadStatuses: (chunk, yieldNow) => this.preloadStatuses(chunk, yieldNow),
        startAppointments: (forgotten) => {
          this.appointmentsForgotten = forgotten;
        },
        installAppointments: (apps, others) => {
          this.compactAppointments = apps;
          this.appointmentsForgotten = undefined;
          for (const [enterprise, rows] of others)
            if (!this.appointments.has(enterprise) && this.appointments.size < this.maxEnterprises)
              this.appointments.set(enterprise, rows);
        },
      },
      chunk,
    );
  }

  /**
   * SQLite: every enterprise's register status, so that a check reads none (issue 20). Held until
   * the change counters say the register may have changed (begin()); a change while loading
   * abandons the load (the statuses are then read one by one, as before).
   */
  private async preloadStatuses(chunk: number, yieldNow: () => Promise<void>) {
    if (!this.store.statusesAfter) return;
    // a register change during a pass abandons it: tried again, a few times (PostgreSQL: a busy
    // register import); else the statuses stay read one by one, as without the preload
    for (let pass = 0; pass < STATUS_PASSES && !this.stopped; pass++) {
      if (await this.loadStatuses(chunk, yieldNow)) return;
      if (pass < STATUS_PASSES - 1) await new Promise((r) => setTimeout(r, STATUS_RELOAD_MS).unref());
    }
  }

  /** one pass of preloadStatuses: false when a register change during it abandoned it */
  private async loadStatuses(chunk: number, yieldNow: () => Promise<void>): Promise<boolean> {
    // the counters as of the start: a change after this drops the statuses held (statusGen)
    await this.begin(null);
    if (!this.current) return false;
    const gen = this.statusGen;
    const loaded = new CompactStatuses();
    let after = '';
    for (;;) {
      const rows = await this.store.statusesAfter!(after, chunk);
      if (gen !== this.statusGen || this.stopped) return false;
      for (const r of rows) loaded.add(r.number, r.status);
      if (loaded.size > this.maxEnterprises) return true; // too many to hold: read one by one
      if (rows.length < chunk) break;
      after = rows[rows.length - 1]!.number;
      await yieldNow();
    }
    await this.begin(null); // the counters as of now: a change since the start drops the statuses
    if (gen !== this.statusGen) return false;
    // what the statuses Map holds (read since) is asked first
    this.preloadedStatuses = loaded;
    this.statusesComplete = true;
    this.statusesPreloaded = true;
    return true;
  }

  /**
   * PostgreSQL: the statuses dropped by a register change (another node's, an import's) or a
   * reconnection of the feed are read again in the background, once a burst has passed; meanwhile
   * they are read one by one. One reload at a time.
   */
  private reloadStatusesLater() {
    if (this.reloadingStatuses || this.stopped) return;
    this.reloadingStatuses = true;
    setTimeout(() => {
      this.preloadStatuses(20_000, () => new Promise<void>((r) => setImmediate(r)))
        .catch(() => {}) // the database went away: statuses stay read one by one until the next drop
        .finally(() => {
          this.reloadingStatuses = false;
        });
    }, STATUS_RELOAD_MS).unref();
  }

  private addMandateGrantKeys(keys: MandateGrantKey[]) {
    for (const k of keys) {
      let at = this.mandateGrantSet.get(k.person_number);
      if (!at) {
        at = new Map();
        this.mandateGrantSet.set(k.person_number, at);
      }
      const services = at.get(k.enterprise_number);
      if (services) services.add(k.service);
      else at.set(this.intern(k.enterprise_number), new Set([this.intern(k.service)]));
    }
  }

  /**
   * False when the person has certainly never held a grant of this service at this enterprise
   * under a mandate (the preloaded set, kept current by refresh): the mandate lookup then reads
   * nothing. True when they may have.
   */
  mayHoldMandateGrant(person: string, enterprise: string, service: string): boolean {
    return !this.mandatesKnown || this.mandateGrantSet.get(person)?.get(enterprise)?.has(service) === true;
  }

  /**
   * The reads a check under a mandate makes from memory (check-mandates.ts), once the preload holds
   * them; undefined inside an open transaction of the connection (the tables are read then).
   */
  mandatesInMemory(): MandateReads | undefined {
    // PostgreSQL: not while the change feed cannot vouch (they outlive that moment: settleAfter)
    return this.mandateFacts?.complete && this.store.inTransaction?.() !== true && this.vouches()
      ? this.mandateReads
      : undefined;
  }

  /** what this index may keep: its change counters are current and no transaction is open */
  private trusted(): boolean {
    return this.current && this.store.inTransaction?.() === false;
  }

  /** An enterprise's register status as the check reads it: held while trusted, else read. */
  statusNow(enterprise: string): MaybePromise<string | null> {
    return this.trusted() ? this.knownStatus(enterprise) : this.store.status(enterprise);
  }

  /**
   * A yes under a mandate kept by keepMandateAnswer, while nothing it depends on has changed and
   * before its end; undefined otherwise. Outside a transaction on SQLite; on PostgreSQL since
   * session 8 too (the store counts writes), a register change elsewhere reaching it through the
   * change feed (the register tables notify).
   */
  mandateAnswer<T>(key: string, nowMs: number): T | undefined {
    const hit = this.mandateAnswers.get(key);
    if (hit === undefined) return undefined;
    if (hit.untilMs > nowMs && this.current && !this.store.inTransaction!() && this.vouches()) return hit.answer as T;
    this.mandateAnswers.delete(key);
    return undefined;
  }

  /** the generation to pass to keepMandateAnswer, taken before the lookup reads anything */
  mandateGeneration(): number {
    return this.mandateGen;
  }

  keepMandateAnswer(key: string, answer: unknown, untilMs: number, gen: number) {
    if (gen !== this.mandateGen || !this.current || this.store.writes === undefined || this.store.inTransaction!())
      return;
    if (this.mandateAnswers.size >= this.maxPersons) this.mandateAnswers.clear();
    this.mandateAnswers.set(key, { answer, untilMs });
  }

  private dropMandateAnswers() {
    this.mandateGen++;
    if (this.mandateAnswers.size > 0) this.mandateAnswers.clear();
  }

  /** stops a preload under way (the server is closing) */
  stop() {
    this.stopped = true;
  }

  cachedAppointments(enterprise: string): AppointmentTable[] | undefined {
    return this.appointments.get(enterprise) ?? this.compactAppointments?.appointmentsOf(enterprise);
  }

  /** Every appointment of the enterprise, ended ones included: chains go through them. */
  appointmentsOf(enterprise: string): MaybePromise<AppointmentTable[]> {
    const hit = this.cachedAppointments(enterprise);
    if (hit) return hit;
    const gen = this.gen;
    const rows = this.store.enterpriseAppointments(enterprise);
    if (rows instanceof Promise) {
      return rows.then((r) => {
        if (gen === this.gen) return this.keepAppointments(enterprise, r);
        this.stats.discardedLoads++;
        return this.appointmentsOf(enterprise);
      });
    }
    return this.keepAppointments(enterprise, rows);
  }

  private keepAppointments(enterprise: string, rows: AppointmentTable[]): AppointmentTable[] {
    this.stats.enterpriseLoads++;
    if (this.appointments.size >= this.maxEnterprises) evictOldest(this.appointments);
    this.appointments.set(enterprise, rows);
    return rows;
  }

  client(id: string): ClientRec | undefined {
    return this.clients.get(id);
  }

  /** The client of a bearer token (by its hash), or undefined when unknown, expired or revoked. */
  async tokenClient(tokenHash: string, nowMs: number): Promise<ClientRec | undefined> {
    let t = this.tokens.get(tokenHash);
    if (!t) {
      const row = await this.store.token(tokenHash);
      if (!row) return undefined;
      t = { clientId: row.client_id, expiresAt: Date.parse(row.expires_at) };
      if (this.tokens.size > 100_000) this.tokens.clear();
      this.tokens.set(tokenHash, t);
    }
    if (t.expiresAt <= nowMs) {
      this.tokens.delete(tokenHash);
      return undefined;
    }
    return this.clients.get(t.clientId);
  }
}

function evictOldest<K, V>(map: Map<K, V>) {
  let n = Math.ceil(map.size / 10);
  for (const k of map.keys()) {
    if (n-- <= 0) break;
    map.delete(k);
  }
}

export function isGrantActive(g: GrantRec, nowMs: number): boolean {
  return g.revokedAt === null && g.from <= nowMs && g.until > nowMs;
}
