/**
 * The check benchmarks' data, shared by bench/check.ts and bench/compare.ts: the data set of
 * generate-check-data.ts in a database (generated on the first run, reused afterwards), plus a
 * mandate layer (offices acting for clients through mandates, their staff holding grants under
 * them) so that the harness can measure a person acting under mandates the way the API answers.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Catalogue } from '../src/domain/catalogue.ts';
import { type DbHandle, openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import {
  type CheckDataSet,
  enterpriseAt,
  generateCheckData,
  grantableServices,
  personAt,
  prng,
} from './generate-check-data.ts';

export function benchDatabaseUrl(here: string, scale: number): string {
  return process.env.DATABASE_URL ?? `sqlite:${join(here, '..', 'data', 'bench', `check-${scale}.sqlite`)}`;
}

/** Opens the data set, generating it first when the database does not hold it yet. */
export async function openCheckData(
  url: string,
  catalogue: Catalogue,
  set: CheckDataSet,
  scale: number,
  log: (s: string) => void,
) {
  if (url.startsWith('sqlite:')) mkdirSync(dirname(url.slice(7)), { recursive: true });
  let db = openDatabase(url);
  await migrateToLatest(db.db);
  const ready = await db.db
    .selectFrom('kbo_meta')
    .select('value')
    .where('variable', '=', 'bench_check_scale')
    .executeTakeFirst();
  let generatedInS: number | null = null;
  if (!ready) {
    log(`generating the data set at scale ${scale}: ${JSON.stringify(set)}`);
    const g0 = performance.now();
    const rows = await generateCheckData(db, catalogue, set, log);
    await db.db
      .insertInto('kbo_meta')
      .values({ variable: 'bench_check_scale', value: String(scale) })
      .execute();
    generatedInS = (performance.now() - g0) / 1000;
    log(`${rows} rows in ${generatedInS.toFixed(0)} s (${Math.round(rows / generatedInS)} rows/s)`);
    // kept with the data, so that an artifact measured on a reused data set still says what its generation cost
    await db.db
      .insertInto('kbo_meta')
      .values({ variable: 'bench_check_generated_s', value: generatedInS.toFixed(1) })
      .execute();
    // Start the measured part from a fresh handle, as a server would.
    await db.close();
    db = openDatabase(url);
  } else {
    const recorded = await db.db
      .selectFrom('kbo_meta')
      .select('value')
      .where('variable', '=', 'bench_check_generated_s')
      .executeTakeFirst();
    if (recorded) generatedInS = Number(recorded.value);
  }
  return { db, generatedInS };
}

/** Staff of offices acting for clients through mandates: what the mandate query mix asks about. */
export interface MandateSpec {
  person: string;
  client: string;
  service: string;
}

const AT = '2026-01-05T08:00:00.000Z';

/**
 * Offices (enterprises 50k+1, active) each with one employee who holds grants at `clientsPer`
 * clients through accepted mandates, granted by the office's main access manager. Idempotent:
 * written once per database (marker `bench_mandates`), regenerated deterministically in memory.
 */
export async function ensureMandateData(
  db: DbHandle,
  catalogue: Catalogue,
  set: CheckDataSet,
  log: (s: string) => void,
): Promise<MandateSpec[]> {
  const services = grantableServices(catalogue);
  const offices = Math.max(10, Math.round(set.enterprises / 1000));
  const clientsPer = 50;
  const rnd = prng(7);
  const specs: MandateSpec[] = [];
  const rows: { mandate: unknown[][]; employment: unknown[][]; grant: unknown[][] } = {
    mandate: [],
    employment: [],
    grant: [],
  };
  for (let o = 0; o < offices; o++) {
    const officeIdx = o * 50 + 1;
    const office = enterpriseAt(officeIdx);
    const officeMain = personAt((officeIdx * 7 + 1) % set.persons);
    const staff = personAt(set.persons - 1 - o);
    rows.employment.push([office, staff, '2001-01-01', null]);
    const seen = new Set<number>();
    for (let c = 0; c < clientsPer; c++) {
      let ci = Math.floor(rnd() * set.enterprises);
      while (ci % 50 === 49 || ci % 50 === 1 || seen.has(ci)) ci = (ci + 3) % set.enterprises;
      seen.add(ci);
      const client = enterpriseAt(ci);
      const id = `00000000-0000-4000-8000-${String(o * clientsPer + c).padStart(12, '0')}`;
      const s = services[c % services.length]!;
      rows.mandate.push([
        id,
        client,
        office,
        'active',
        AT,
        null,
        personAt(ci % set.persons),
        'mandator',
        'legal_representative',
        AT,
        officeMain,
        'main',
        AT,
        AT,
        AT,
      ]);
      rows.grant.push([
        `m${o}-${c}`,
        client,
        staff,
        s.code,
        '',
        s.domain,
        id,
        officeMain,
        'main',
        null,
        AT,
        AT,
        null,
        null,
        null,
      ]);
      specs.push({ person: staff, client, service: s.code });
    }
  }
  const done = await db.db
    .selectFrom('kbo_meta')
    .select('value')
    .where('variable', '=', 'bench_mandates')
    .executeTakeFirst();
  if (!done) {
    const cols = {
      mandate:
        'id, mandator_number, mandatary_number, status, valid_from, valid_until, proposed_by, proposed_by_side, proposed_by_role, proposed_at, accepted_by, accepted_by_role, accepted_at, created_at, updated_at',
      employment: 'enterprise_number, person_number, start_date, end_date',
      grant:
        'id, enterprise_number, person_number, service, service_role, domain, mandate_id, granted_by, granted_by_role, invitation_id, created_at, valid_from, valid_until, revoked_at, revoked_by',
    };
    const table = { mandate: 'mandate', employment: 'employment', grant: 'access_grant' };
    for (const k of ['mandate', 'employment', 'grant'] as const) {
      const n = cols[k].split(',').length;
      const sqlText = (i0: number, count: number) =>
        `insert into ${table[k]} (${cols[k]}) values ${Array.from({ length: count }, (_, r) => `(${Array.from({ length: n }, (_, c) => (db.raw.kind === 'sqlite' ? '?' : `$${i0 + r * n + c + 1}`)).join(',')})`).join(',')}`;
      for (let i = 0; i < rows[k].length; i += 500) {
        const chunk = rows[k].slice(i, i + 500);
        if (db.raw.kind === 'sqlite') db.raw.sqlite.prepare(sqlText(0, chunk.length)).run(...chunk.flat());
        else await db.raw.pool.query(sqlText(0, chunk.length), chunk.flat());
      }
    }
    // as autovacuum would after a bulk change: without it PostgreSQL plans the check's mandate
    // lookups with statistics that saw no grant under a mandate (16 ms a lookup at scale 1, not 0.4)
    if (db.raw.kind === 'postgres') for (const t of Object.values(table)) await db.raw.pool.query(`analyze ${t}`);
    await db.db
      .insertInto('kbo_meta')
      .values({ variable: 'bench_mandates', value: String(offices) })
      .execute();
    log(`mandates: ${offices} offices, ${rows.mandate.length} mandates and grants under them`);
  }
  return specs;
}

/** A system's client id acting for an enterprise with a service: what the system query mix asks about. */
export interface SystemSpec {
  clientId: string;
  /** every client id of the same system (a "no" asks with one of them elsewhere) */
  clientIds: string[];
  enterprise: string;
  service: string;
}

/**
 * Vendors' systems (issue 18) acting for enterprises: `systems` systems with four client ids
 * each, and system users at 2% of the enterprises (each for one system, granted two of that
 * system's services by the enterprise's main access manager). Idempotent like the mandates:
 * written once per database (marker `bench_systems`), regenerated deterministically in memory.
 */
export async function ensureSystemData(
  db: DbHandle,
  catalogue: Catalogue,
  set: CheckDataSet,
  log: (s: string) => void,
): Promise<SystemSpec[]> {
  const services = grantableServices(catalogue);
  const systems = 5;
  const users = Math.max(200, Math.round(set.enterprises / 50));
  const rnd = prng(18);
  const specs: SystemSpec[] = [];
  const rows: Record<'system' | 'client' | 'user' | 'grant', unknown[][]> = {
    system: [],
    client: [],
    user: [],
    grant: [],
  };
  const sysServices: { code: string; domain: string }[][] = [];
  for (let s = 0; s < systems; s++) {
    const vendorIdx = s * 50 + 2;
    const own = Array.from({ length: 6 }, (_, k) => services[(s * 7 + k * 3) % services.length]!);
    sysServices.push(own);
    const id = `00000000-0000-4000-9000-${String(s).padStart(12, '0')}`;
    rows.system.push([
      id,
      `Bench system ${s}`,
      enterpriseAt(vendorIdx),
      [...new Set(own.map((x) => x.code))].join(','),
      personAt((vendorIdx * 7 + 1) % set.persons),
      'main',
      AT,
      AT,
    ]);
    for (let c = 0; c < 4; c++) rows.client.push([`bench-sys-${s}-install-${c}`, id]);
  }
  const seen = new Set<number>();
  for (let u = 0; u < users; u++) {
    let e = Math.floor(rnd() * set.enterprises);
    while (e % 50 === 49 || seen.has(e)) e = (e + 7) % set.enterprises;
    seen.add(e);
    const s = u % systems;
    const en = enterpriseAt(e);
    const main = personAt((e * 7 + 1) % set.persons);
    const userId = `00000000-0000-4000-a000-${String(u).padStart(12, '0')}`;
    rows.user.push([
      userId,
      `00000000-0000-4000-9000-${String(s).padStart(12, '0')}`,
      en,
      main,
      'main',
      AT,
      null,
      null,
    ]);
    const clientIds = Array.from({ length: 4 }, (_, c) => `bench-sys-${s}-install-${c}`);
    const taken = new Set<string>();
    for (let k = 0; k < 2; k++) {
      const svc = sysServices[s]![(u + k * 2) % sysServices[s]!.length]!;
      if (taken.has(svc.code)) continue;
      taken.add(svc.code);
      rows.grant.push([`s${u}-${k}`, userId, en, svc.code, '', svc.domain, main, 'main', AT, AT, null, null, null]);
      specs.push({ clientId: clientIds[u % 4]!, clientIds, enterprise: en, service: svc.code });
    }
  }
  const done = await db.db
    .selectFrom('kbo_meta')
    .select('value')
    .where('variable', '=', 'bench_systems')
    .executeTakeFirst();
  if (!done) {
    const cols = {
      system: 'id, name, vendor_number, services, created_by, created_by_role, created_at, updated_at',
      client: 'client_id, system_id',
      user: 'id, system_id, enterprise_number, created_by, created_by_role, created_at, ended_at, ended_by',
      grant:
        'id, system_user_id, enterprise_number, service, service_role, domain, granted_by, granted_by_role, created_at, valid_from, valid_until, revoked_at, revoked_by',
    };
    const table = { system: 'system', client: 'system_client', user: 'system_user', grant: 'system_user_grant' };
    for (const k of ['system', 'client', 'user', 'grant'] as const) {
      const n = cols[k].split(',').length;
      const sqlText = (count: number) =>
        `insert into ${table[k]} (${cols[k]}) values ${Array.from({ length: count }, (_, r) => `(${Array.from({ length: n }, (_, c) => (db.raw.kind === 'sqlite' ? '?' : `$${r * n + c + 1}`)).join(',')})`).join(',')}`;
      for (let i = 0; i < rows[k].length; i += 500) {
        const chunk = rows[k].slice(i, i + 500);
        if (db.raw.kind === 'sqlite') db.raw.sqlite.prepare(sqlText(chunk.length)).run(...chunk.flat());
        else await db.raw.pool.query(sqlText(chunk.length), chunk.flat());
      }
    }
    if (db.raw.kind === 'postgres') for (const t of Object.values(table)) await db.raw.pool.query(`analyze ${t}`);
    await db.db
      .insertInto('kbo_meta')
      .values({ variable: 'bench_systems', value: String(users) })
      .execute();
    log(`systems: ${systems} systems, ${rows.user.length} system users, ${rows.grant.length} grants`);
  }
  return specs;
}
