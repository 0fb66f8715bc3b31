/**
 * Mandates at office scale (issue 9): one accountant's employee acting for N clients (default
 * 5,000) through mandates, two Finance services each. Measures the check (a yes through a mandate,
 * with its chain; a no after the mandate ended), the resource search source, and paging the
 * client list. Figures go to stdout as JSON.
 *
 *   node bin/run-ts.mjs bench/mandates.ts                      (SQLite in memory)
 *   BENCH_CLIENTS=5000 DATABASE_URL=postgres://… node bin/run-ts.mjs bench/mandates.ts
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type CheckDeps, checkAccess } from '../src/app/check-access.ts';
import { CheckIndex } from '../src/app/check-index.ts';
import { createCheckStore } from '../src/app/check-store.ts';
import { mandateLookup } from '../src/app/mandates/mandate-access.ts';
import { clientsOf, mandateServicesOf } from '../src/app/mandates/mandate-clients.ts';
import { defaultCataloguePath, loadCatalogue } from '../src/domain/catalogue.ts';
import { makeEnterpriseNumber, makePersonNumber } from '../src/domain/identifiers.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import { systemClock } from '../src/ports.ts';

const N = Number(process.env.BENCH_CLIENTS ?? '5000');
const ITER = Number(process.env.BENCH_ITER ?? '3000');
const url = process.env.DATABASE_URL ?? 'sqlite::memory:';
const db = openDatabase(url, { poolSize: 4 });
await migrateToLatest(db.db);
const catalogue = loadCatalogue(defaultCataloguePath);
const now = new Date().toISOString();
const office = makeEnterpriseNumber(7_654_321);
const lr = makePersonNumber({ birth: { year: 1970, month: 1, day: 1 }, seq: 11 });
const employee = makePersonNumber({ birth: { year: 1990, month: 2, day: 2 }, seq: 13 });
const clients = Array.from({ length: N }, (_, i) => makeEnterpriseNumber(9_000_000 + i));
const clientLr = (i: number) =>
  makePersonNumber({
    birth: { year: 1950 + (i % 50), month: 1 + (i % 12), day: 1 + (i % 28) },
    seq: 1 + ((i * 2) % 997),
  });

async function chunks<T>(rows: T[], size: number, f: (c: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await f(rows.slice(i, i + size));
}

// ------------------------------------------------------------------ data, straight into the tables
const g0 = performance.now();
const ent = (n: string) => ({
  number: n,
  status: 'AC',
  juridical_situation: '000',
  type_of_enterprise: '2',
  juridical_form: '610',
  juridical_form_cac: null,
  start_date: '2010-01-01',
  updated_at: now,
});
await chunks([office, ...clients].map(ent), 500, (c) =>
  db.db
    .insertInto('enterprise')
    .values(c)
    .onConflict((oc) => oc.doNothing())
    .execute(),
);
await chunks(
  [office, ...clients].map((n, i) => ({
    entity_number: n,
    language: '2',
    type: '001',
    denomination: `Enterprise ${i}`,
  })),
  500,
  (c) => db.db.insertInto('denomination').values(c).execute(),
);
await db.db
  .insertInto('person')
  .values([
    { number: lr, family_name: 'Office', given_name: 'LR', language: 'nl', email: 'lr@example.be' },
    { number: employee, family_name: 'Office', given_name: 'Employee', language: 'nl', email: 'e@example.be' },
  ])
  .onConflict((oc) => oc.doNothing())
  .execute();
await db.db
  .insertInto('legal_function')
  .values({
    enterprise_number: office,
    person_number: lr,
    function_code: '10012',
    start_date: '2010-01-01',
    end_date: null,
  })
  .onConflict((oc) => oc.doNothing())
  .execute();
await db.db
  .insertInto('employment')
  .values({ enterprise_number: office, person_number: employee, start_date: '2015-01-01', end_date: null })
  .onConflict((oc) => oc.doNothing())
  .execute();
await chunks(
  clients.map((c, i) => ({
    enterprise_number: c,
    person_number: clientLr(i),
    function_code: '10012',
    start_date: '2010-01-01',
    end_date: null,
  })),
  500,
  (c) =>
    db.db
      .insertInto('legal_function')
      .values(c)
      .onConflict((oc) => oc.doNothing())
      .execute(),
);
const mainId = randomUUID();
await db.db
  .insertInto('appointment')
  .values({
    id: mainId,
    enterprise_number: office,
    person_number: lr,
    kind: 'main',
    domain: '',
    mandate_id: null,
    email: 'lr@example.be',
    phone: '',
    procedure: 'standard',
    appointed_by: lr,
    appointed_by_role: 'legal_representative',
    exception_request_id: null,
    created_at: now,
    valid_from: now,
    valid_until: null,
    ended_at: null,
    ended_by: null,
    end_reason: null,
  })
  .execute();
const mandates = clients.map((c, i) => ({
  id: randomUUID(),
  mandator_number: c,
  mandatary_number: office,
  status: 'active' as const,
  valid_from: now,
  valid_until: null,
  proposed_by: lr,
  proposed_by_side: 'mandatary' as const,
  proposed_by_role: 'main',
  proposed_at: now,
  accepted_by: clientLr(i),
  accepted_by_role: 'legal_representative',
  accepted_at: now,
  rejected_by: null,
  rejected_at: null,
  reject_reason: null,
  ended_by: null,
  ended_by_side: null,
  ended_at: null,
  end_reason: null,
  created_at: now,
  updated_at: now,
}));
await chunks(mandates, 300, (c) => db.db.insertInto('mandate').values(c).execute());
await chunks(
  mandates.map((m) => ({ mandate_id: m.id, domain: 'finance', service: '' })),
  500,
  (c) => db.db.insertInto('mandate_scope').values(c).execute(),
);
const services = ['finance.biztax', 'finance.intervat'];
const grants = mandates.flatMap((m) =>
  services.map((s) => ({
    id: randomUUID(),
    enterprise_number: m.mandator_number,
    person_number: employee,
    service: s,
    service_role: '',
    domain: 'finance',
    mandate_id: m.id,
    granted_by: lr,
    granted_by_role: 'main',
    invitation_id: null,
    created_at: now,
    valid_from: now,
    valid_until: null,
    revoked_at: null,
    revoked_by: null,
  })),
);
await chunks(grants, 300, (c) => db.db.insertInto('access_grant').values(c).execute());
// fresh statistics, as autovacuum would have after a real load: the planner needs them
await sql`analyze`.execute(db.db);
const generatedMs = performance.now() - g0;

// ------------------------------------------------------------------ measurements
async function measure(n: number, op: (i: number) => Promise<boolean>) {
  const lat: number[] = [];
  let yes = 0;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    if (await op(i)) yes++;
    lat.push((performance.now() - a) * 1000);
  }
  const total = (performance.now() - t) / 1000;
  lat.sort((x, y) => x - y);
  return {
    ops: n,
    opsPerSec: Math.round(n / total),
    p50us: Math.round(lat[Math.floor(n / 2)]!),
    p99us: Math.round(lat[Math.floor(n * 0.99)]!),
    yes,
  };
}
const index = new CheckIndex(createCheckStore(db));
const check: CheckDeps = { catalogue, clock: systemClock, index, mandates: mandateLookup(db.db, index) };
const ctx = { client: { id: 'bench', scope: new Set<string>(), isAll: true }, lang: 'en' as const };
const input = (i: number) => ({
  subject: { type: 'person', id: employee },
  resource: { type: 'online-service', id: services[i % 2]!, properties: { enterprise: clients[(i * 7919) % N]! } },
  action: { name: 'use' },
});
const checkYes = await measure(ITER, async (i) => (await checkAccess(check, ctx, input(i))).decision);
const searchSource = await measure(
  20,
  async () => (await mandateServicesOf(db.db, employee, new Date())).length === N * 2,
);
const firstPage = await measure(
  200,
  async () => (await clientsOf(db.db, employee, new Date(), { limit: 100 })).items.length === 100,
);
let pages = 0;
const w0 = performance.now();
let cursor: string | null = null;
do {
  const p: Awaited<ReturnType<typeof clientsOf>> = await clientsOf(db.db, employee, new Date(), { limit: 100, cursor });
  cursor = p.nextCursor;
  pages++;
} while (cursor);
const allPagesMs = performance.now() - w0;
// End every mandate the way endMandate does (status and derived rows), then check again: all no.
await db.db.updateTable('mandate').set({ status: 'ended', ended_at: new Date().toISOString() }).execute();
const checkAfterEnd = await measure(
  Math.min(ITER, 1000),
  async (i) => (await checkAccess(check, ctx, input(i))).decision,
);

console.log(
  JSON.stringify(
    {
      engine: db.engine,
      clients: N,
      grants: grants.length,
      generatedMs: Math.round(generatedMs),
      checkYes,
      checkAfterEnd,
      searchSource,
      firstPage,
      allPages: { pages, ms: Math.round(allPagesMs) },
    },
    null,
    1,
  ),
);
await db.close();
