/**
 * A check-API data set at realistic scale, written straight into a migrated SQLite file (or a
 * PostgreSQL database) through the raw driver: enterprises (1 in 50 stopped), persons, one main
 * access manager per enterprise (appointed by its legal representative, whose function is in the
 * register), and grants given by that main access manager. Some accountants act for thousands of
 * enterprises (the first ACCOUNTANTS persons get ACCOUNTANT_SPAN grants each); the rest of the
 * grants fall on random (person, enterprise, service). Deterministic (seeded PRNG).
 *
 * Scale 1 = 1,000,000 enterprises, 3,000,000 persons, 5,000,000 grants.
 */

import type { Catalogue } from '../src/domain/catalogue.ts';
import { makeEnterpriseNumber, makePersonNumber } from '../src/domain/identifiers.ts';
import type { DbHandle } from '../src/infra/db/database.ts';

export interface CheckDataSet {
  enterprises: number;
  persons: number;
  grants: number;
  accountants: number;
  accountantSpan: number;
}

export function dataSetAt(scale: number): CheckDataSet {
  return {
    enterprises: Math.round(1_000_000 * scale),
    persons: Math.round(3_000_000 * scale),
    grants: Math.round(5_000_000 * scale),
    accountants: Math.max(1, Math.round(20 * scale)),
    accountantSpan: Math.min(5000, Math.round(1_000_000 * scale)),
  };
}

export function enterpriseAt(i: number): string {
  return makeEnterpriseNumber(10_000_000 + i);
}

/** 3,000,000+ distinct valid national numbers: births 1940-1999, sequence 1-998. */
export function personAt(i: number): string {
  const seq = (i % 998) + 1;
  const d = Math.floor(i / 998);
  const day = (d % 28) + 1;
  const month = (Math.floor(d / 28) % 12) + 1;
  const year = 1940 + (Math.floor(d / 336) % 60);
  return makePersonNumber({ birth: { year, month, day }, seq });
}

export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GrantSpec {
  person: number;
  enterprise: number;
  service: number;
}

/** The grants, as indexes, in generation order; unique per (person, enterprise, service). */
export function* grantSpecs(set: CheckDataSet, services: number): Generator<GrantSpec> {
  const rnd = prng(42);
  const seen = new Set<string>();
  let n = 0;
  for (let a = 0; a < set.accountants && n < set.grants; a++) {
    const start = Math.floor(rnd() * set.enterprises);
    for (let k = 0; k < set.accountantSpan && n < set.grants; k++) {
      n++;
      yield { person: a, enterprise: (start + k) % set.enterprises, service: k % services };
    }
  }
  while (n < set.grants) {
    const g = {
      person: set.accountants + Math.floor(rnd() * (set.persons - set.accountants)),
      enterprise: Math.floor(rnd() * set.enterprises),
      service: Math.floor(rnd() * services),
    };
    const key = `${g.person}.${g.enterprise}.${g.service}`;
    if (seen.has(key)) continue;
    if (seen.size > 2_000_000) seen.clear(); // collisions are rare; bounded memory matters more
    seen.add(key);
    n++;
    yield g;
  }
}

/** Services users are granted in btb (the catalogue's btb-managed domains). */
export function grantableServices(catalogue: Catalogue) {
  return catalogue.domains
    .filter((d) => d.system === 'btb')
    .flatMap((d) => d.services.map((s) => ({ code: s.code, domain: d.code })));
}

const AT = '2026-01-05T08:00:00.000Z';

/** Writes the data set; `log` reports progress. Returns the number of rows written. */
export async function generateCheckData(
  handle: DbHandle,
  catalogue: Catalogue,
  set: CheckDataSet,
  log: (s: string) => void,
): Promise<number> {
  const services = grantableServices(catalogue);
  const rows = { enterprise: 0, person: 0, legal_function: 0, appointment: 0, access_grant: 0 };
  const w = writer(handle);
  const lr = (e: number) => e % set.persons; // the legal representative of enterprise e
  const main = (e: number) => (e * 7 + 1) % set.persons; // its main access manager
  for (let e = 0; e < set.enterprises; e++) {
    await w.add('enterprise', [enterpriseAt(e), e % 50 === 49 ? 'ST' : 'AC', null, null, null, null, '2001-01-01', AT]);
    await w.add('legal_function', [enterpriseAt(e), personAt(lr(e)), '10012', '2001-01-01', null]);
    await w.add('appointment', [
      `a${e}`,
      enterpriseAt(e),
      personAt(main(e)),
      'main',
      '',
      null,
      'x@example.be',
      '+3221234567',
      'standard',
      personAt(lr(e)),
      'legal_representative',
      null,
      AT,
      AT,
      null,
      null,
      null,
      null,
    ]);
    rows.enterprise++;
    rows.legal_function++;
    rows.appointment++;
  }
  log(`enterprises, functions and main access managers: ${rows.enterprise}`);
  for (let p = 0; p < set.persons; p++) {
    await w.add('person', [personAt(p), `Family${p}`, `Given${p}`, p % 3 === 0 ? 'fr' : 'nl', null]);
    rows.person++;
  }
  log(`persons: ${rows.person}`);
  let i = 0;
  for (const g of grantSpecs(set, services.length)) {
    const s = services[g.service]!;
    await w.add('access_grant', [
      `g${i++}`,
      enterpriseAt(g.enterprise),
      personAt(g.person),
      s.code,
      '',
      s.domain,
      null,
      personAt(main(g.enterprise)),
      'main',
      null,
      AT,
      AT,
      null,
      null,
      null,
    ]);
    rows.access_grant++;
    if (rows.access_grant % 1_000_000 === 0) log(`grants: ${rows.access_grant}`);
  }
  await w.flush();
  log(`grants: ${rows.access_grant}`);
  return Object.values(rows).reduce((a, b) => a + b, 0);
}

const COLUMNS: Record<string, string[]> = {
  enterprise: [
    'number',
    'status',
    'juridical_situation',
    'type_of_enterprise',
    'juridical_form',
    'juridical_form_cac',
    'start_date',
    'updated_at',
  ],
  legal_function: ['enterprise_number', 'person_number', 'function_code', 'start_date', 'end_date'],
  appointment: [
    'id',
    'enterprise_number',
    'person_number',
    'kind',
    'domain',
    'mandate_id',
    'email',
    'phone',
    'procedure',
    'appointed_by',
    'appointed_by_role',
    'exception_request_id',
    'created_at',
    'valid_from',
    'valid_until',
    'ended_at',
    'ended_by',
    'end_reason',
  ],
  person: ['number', 'family_name', 'given_name', 'language', 'email'],
  access_grant: [
    'id',
    'enterprise_number',
    'person_number',
    'service',
    'service_role',
    'domain',
    'mandate_id',
    'granted_by',
    'granted_by_role',
    'invitation_id',
    'created_at',
    'valid_from',
    'valid_until',
    'revoked_at',
    'revoked_by',
  ],
};

/** Batched inserts: one prepared statement per table on SQLite, multi-row inserts on PostgreSQL. */
function writer(handle: DbHandle) {
  const buffers = new Map<string, unknown[][]>();
  const BATCH = handle.raw.kind === 'sqlite' ? 50_000 : 1_000;
  async function flushTable(table: string) {
    const rows = buffers.get(table);
    if (!rows?.length) return;
    buffers.set(table, []);
    const cols = COLUMNS[table]!;
    if (handle.raw.kind === 'sqlite') {
      const db = handle.raw.sqlite;
      const st = db.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
      db.transaction(() => {
        for (const r of rows) st.run(...r);
      })();
    } else {
      const values: unknown[] = [];
      const tuples = rows.map((r) => `(${r.map((v) => `$${values.push(v)}`).join(',')})`);
      await handle.raw.pool.query(`insert into ${table} (${cols.join(',')}) values ${tuples.join(',')}`, values);
    }
  }
  return {
    async add(table: string, row: unknown[]) {
      let b = buffers.get(table);
      if (!b) {
        b = [];
        buffers.set(table, b);
      }
      b.push(row);
      if (b.length >= BATCH) await flushTable(table);
    },
    async flush() {
      for (const t of buffers.keys()) await flushTable(t);
    },
  };
}
