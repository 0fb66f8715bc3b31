/**
 * The check index's start-up preload (issue 20), out of check-index.ts (session 10): every own
 * grant, who holds grants under mandates, what a check under a mandate reads, every register
 * status and every own appointment, read in chunks while the server already answers (a check
 * meanwhile takes the on-demand path, which is always right). When the grants are in, a person
 * missing from the index holds none: no check reads a table for a person any more.
 *
 * The grants are read in the table's own order (session 10: SQLite by rowid, PostgreSQL by pages),
 * as arrays, staged in typed arrays and ordered by person once at the end: in person order every
 * row was a lookup of the table through an index, 97% of the preload's time at the full scale.
 *
 * A change committed while the grants are read (docs/consistency.md, "the preload"): the audit
 * head is taken before the first read, so every later change reaches the index through a refresh.
 * A refresh before the grants are complete records the rows now at each enterprise its changes
 * touched (GrantPatches); whether the read had already passed those rows is not known (one row
 * may even be read twice, or not at all, when PostgreSQL writes its new version elsewhere), so
 * everything the read took at those enterprises is replaced by the recorded rows, in the same
 * synchronous step that orders the grants and makes them answerable. A refresh after that step
 * updates the answerable index (the overlay), as at any later time.
 */
import type { AppointmentTable } from '../infra/db/schema.ts';
import type { GrantRec } from './check-grant-record.ts';
import { CompactGrants, grantRowOf, grantValues } from './check-index-compact.ts';
import { CompactAppointments } from './check-index-compact-appointments.ts';
import type { MandateFacts } from './check-mandates.ts';
import type { CheckStore, GrantRow, GrantValues, MandateGrantKey } from './check-store.ts';

type MaybePromise<T> = T | Promise<T>;

export interface PreloadSummary {
  persons: number;
  enterprises: number;
  ms: number;
  skipped?: string;
  /** ms since the start at the end of each part */
  phases?: Record<string, number>;
}

/**
 * What refreshes record while the grants are read: the rows now at every enterprise an audited
 * change touched (the latest refresh's), which replace whatever the read took there.
 */
export class GrantPatches {
  readonly rows = new Map<string, (GrantRow & { person_number: string })[]>();
}

/** What the preload needs of the index (CheckIndex.preload gives it) */
export interface PreloadHost {
  readonly store: CheckStore;
  readonly mandateFacts: MandateFacts | undefined;
  readonly maxPreloadGrants: number;
  stopped(): boolean;
  /** the refresh generation: moved by every refresh, odd while one runs */
  gen(): number;
  /** the read barrier: the index reflects the audit head as of now, later changes arrive by refresh */
  begin(): MaybePromise<unknown>;
  toRec(r: GrantRow): GrantRec;
  size(): { persons: number; enterprises: number };
  /** from now until installGrants, refreshes record in `patches` */
  startGrants(patches: GrantPatches): void;
  /** every own grant is held: a miss is an answer from now on (`others`: persons not held compact) */
  installGrants(compact: CompactGrants, others: Map<string, GrantRec[]>): void;
  /** every (person, enterprise, service) under a mandate is known: the others skip the mandate probe */
  knowMandateGrantKeys(keys: MandateGrantKey[]): void;
  preloadStatuses(chunk: number, yieldNow: () => Promise<void>): Promise<void>;
  /** from now until installAppointments, refreshes add the enterprises they touch to `forgotten` */
  startAppointments(forgotten: Set<string>): void;
  /** the appointments held compact from now on (`others`: enterprises not held compact, as rows) */
  installAppointments(apps: CompactAppointments, others: Map<string, AppointmentTable[]>): void;
}

const yieldNow = () => new Promise<void>((r) => setImmediate(r));

export async function runPreload(host: PreloadHost, chunk: number): Promise<PreloadSummary> {
  const t0 = performance.now();
  const store = host.store;
  const grants = await store.countGrants();
  if (grants > host.maxPreloadGrants) {
    return {
      persons: 0,
      enterprises: 0,
      ms: performance.now() - t0,
      skipped: `${grants} grants, more than maxPreloadGrants ${host.maxPreloadGrants}: on demand`,
    };
  }
  /** ms at the end of each part (issue 20: where start-up time goes) */
  const phases: Record<string, number> = {};
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - t0);
  };
  const summary = () => ({ ...host.size(), ms: performance.now() - t0, phases });

  if (!(await preloadGrants(host, chunk, grants, () => phase('grantsRead')))) return summary();
  phase('grants');
  // Who holds grants under mandates: the others skip the mandate probe (issue 20). Read after
  // the audit head was taken, so later changes arrive through refresh, which adds to the set.
  for (;;) {
    const gen = host.gen();
    const keys = await store.mandateGrantKeys(null);
    if (gen !== host.gen() || host.gen() % 2 === 1) {
      await yieldNow();
      continue;
    }
    host.knowMandateGrantKeys(keys);
    break;
  }
  phase('mandateGrantKeys');
  // What a check under a mandate reads (issue 20, session 9): later changes arrive through refresh.
  while (host.mandateFacts && !host.stopped()) {
    const gen = host.gen();
    if (await host.mandateFacts.loadAll(() => gen === host.gen() && host.gen() % 2 === 0)) break;
    await yieldNow();
  }
  phase('mandateFacts');
  await host.preloadStatuses(chunk, yieldNow);
  phase('statuses');
  await preloadAppointments(host, chunk);
  phase('appointments');
  return summary();
}

/**
 * Every own grant, read in the table's order into staged typed arrays, merged with the changes
 * taken in meanwhile, then ordered by person: false when the server stopped it.
 */
async function preloadGrants(host: PreloadHost, chunk: number, count: number, read: () => void): Promise<boolean> {
  const patches = new GrantPatches();
  // before the audit head is taken: a refresh that catches up to it records its enterprises too
  host.startGrants(patches);
  await host.begin();
  const compact = new CompactGrants(Math.ceil(count * 1.01) + 16, true);
  /** persons the arrays cannot hold (not an 11-digit number): their grants as values */
  const others = new Map<string, GrantValues[]>();
  const stage = (v: GrantValues) => {
    const person = v[0] as string;
    if (CompactGrants.holds(person)) compact.stage(v);
    else {
      const list = others.get(person);
      if (list) list.push(v);
      else others.set(person, [v]);
    }
  };
  for (let cursor = 0; ; ) {
    const { rows, next } = await host.store.grantsInTableOrder(cursor, chunk);
    for (const v of rows) stage(v);
    if (host.stopped()) return false;
    if (next === null) break;
    cursor = next;
    await yieldNow();
  }
  read();
  // A refresh under way has recorded some of its enterprises and not yet the others: let it end.
  while (host.gen() % 2 === 1) await yieldNow();
  // From here to installGrants nothing awaits: no refresh runs in between.
  const patched = patches.rows;
  if (patched.size > 0) {
    compact.dropStaged(patched.keys());
    for (const [person, list] of others) {
      const kept = list.filter((v) => !patched.has(v[1] as string));
      if (kept.length < list.length) others.set(person, kept);
    }
    for (const rows of patched.values()) for (const r of rows) stage(grantValues(r.person_number, r));
  }
  compact.finish();
  const records = new Map<string, GrantRec[]>();
  for (const [person, list] of others) {
    if (list.length === 0) continue;
    const recs = list.map((v) => host.toRec(grantRowOf(v)));
    recs.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
    records.set(person, recs);
  }
  host.installGrants(compact, records);
  return true;
}

/**
 * Appointments compact (issue 20: as row objects they were most of the heap at the full scale),
 * read in the table's order and ordered by enterprise once (session 10); an enterprise the arrays
 * cannot hold (not a 10-digit number) kept as rows. An enterprise a refresh touched while they are
 * read is left out of what the read took (forgotten: read on demand again), as is one a refresh
 * touches later (the arrays forget it).
 */
async function preloadAppointments(host: PreloadHost, chunk: number) {
  const forgotten = new Set<string>();
  host.startAppointments(forgotten);
  const apps = new CompactAppointments(true);
  const others = new Map<string, AppointmentTable[]>();
  for (let cursor = 0; ; ) {
    const { rows, next } = await host.store.appointmentsInTableOrder(cursor, chunk);
    for (const r of rows) {
      if (CompactAppointments.holds(r.enterprise_number)) apps.stage(r);
      else {
        const list = others.get(r.enterprise_number);
        if (list) list.push(r);
        else others.set(r.enterprise_number, [r]);
      }
    }
    if (host.stopped()) return;
    if (next === null) break;
    cursor = next;
    await yieldNow();
  }
  // synchronous from here: no refresh runs in between
  apps.finish();
  for (const e of forgotten) {
    apps.forget(e);
    others.delete(e);
  }
  host.installAppointments(apps, others);
}
