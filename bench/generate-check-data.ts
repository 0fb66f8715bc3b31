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
import { COLUMNS as KBO_COLUMNS } from '../src/infra/registers/kbo-extract.ts';

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
  const w = writer(handle, log);
  const restoreIndexes = await dropSecondaryIndexes(handle, Object.keys(rows), log);
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
  await restoreIndexes();
  if (handle.raw.kind === 'postgres') {
    // what autovacuum would do on its own some minutes later: statistics for the planner and a
    // visibility map, so the measured part does not depend on when autovacuum gets round to it
    for (const t of Object.keys(rows)) await handle.raw.pool.query(`vacuum analyze ${t}`);
    log('vacuum analyze: done');
  }
  return Object.values(rows).reduce((a, b) => a + b, 0);
}

const COLUMNS: Record<string, string[]> = {
  // the register's enterprise columns, in the order the KBO import copies them
  enterprise: [...KBO_COLUMNS.enterprise],
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

/**
 * Batched inserts: one prepared statement per table on SQLite (50,000 rows per transaction);
 * on PostgreSQL one `INSERT … SELECT * FROM unnest($1::<type>[], …)` per 10,000 rows (one
 * parameter per column whatever the batch size, the arrays typed from the table's own columns),
 * with one batch in flight while the next is built. The multi-row `VALUES` inserts used before
 * (a parameter per cell, 1,000 rows per statement) reached about 2,700 rows/s at scale 1.
 */
function writer(handle: DbHandle, log: (s: string) => void) {
  const raw = handle.raw;
  if (raw.kind === 'sqlite') {
    const buffers = new Map<string, unknown[][]>();
    const flushTable = (table: string) => {
      const rows = buffers.get(table);
      if (!rows?.length) return;
      buffers.set(table, []);
      const cols = COLUMNS[table]!;
      const st = raw.sqlite.prepare(
        `insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`,
      );
      raw.sqlite.transaction(() => {
        for (const r of rows) st.run(...r);
      })();
    };
    return {
      async add(table: string, row: unknown[]) {
        let b = buffers.get(table);
        if (!b) {
          b = [];
          buffers.set(table, b);
        }
        b.push(row);
        if (b.length >= 50_000) flushTable(table);
      },
      async flush() {
        for (const t of buffers.keys()) flushTable(t);
      },
    };
  }
  const BATCH = 10_000;
  const pool = raw.pool;
  const statements = new Map<string, string>();
  const buffers = new Map<string, { cols: unknown[][]; n: number }>();
  let inflight: Promise<unknown> = Promise.resolve();
  let written = 0;
  let lastLog = performance.now();
  const t0 = performance.now();
  async function statement(table: string): Promise<string> {
    let q = statements.get(table);
    if (q) return q;
    const cols = COLUMNS[table]!;
    const types = await pool.query<{ column_name: string; t: string }>(
      `select column_name, format_type(atttypid, atttypmod) as t
         from information_schema.columns c
         join pg_attribute a on a.attrelid = to_regclass(c.table_schema || '.' || c.table_name) and a.attname = c.column_name
        where c.table_schema = current_schema() and c.table_name = $1`,
      [table],
    );
    const typeOf = new Map(types.rows.map((r) => [r.column_name, r.t]));
    q = `insert into ${table} (${cols.join(',')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${typeOf.get(c) ?? 'text'}[]`).join(',')})`;
    statements.set(table, q);
    return q;
  }
  async function flushTable(table: string) {
    const b = buffers.get(table);
    if (!b?.n) return;
    buffers.set(table, { cols: COLUMNS[table]!.map(() => []), n: 0 });
    const q = await statement(table);
    await inflight; // one batch in flight: the next is built while PostgreSQL writes this one
    inflight = pool.query(q, b.cols).then(() => {
      written += b.n;
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(`${written} rows written (now ${table}), ${Math.round(written / ((now - t0) / 1000))} rows/s`);
      }
    });
    inflight.catch(() => {}); // awaited by the next flush; never an unhandled rejection meanwhile
  }
  return {
    async add(table: string, row: unknown[]) {
      let b = buffers.get(table);
      if (!b) {
        b = { cols: COLUMNS[table]!.map(() => []), n: 0 };
        buffers.set(table, b);
      }
      for (let i = 0; i < row.length; i++) b.cols[i]!.push(row[i]);
      b.n++;
      if (b.n >= BATCH) await flushTable(table);
    },
    async flush() {
      for (const t of buffers.keys()) await flushTable(t);
      await inflight;
    },
  };
}

/**
 * PostgreSQL: the tables' secondary indexes are dropped before the bulk load and built again
 * after it (primary keys stay). Kept during the load, the five secondary indexes of access_grant
 * (keys in random order) outgrew the server's shared buffers at about 3.5M grants and every
 * insert wrote dirty index pages itself: 50,000 rows/s fell to under 1,000 rows/s. SQLite keeps
 * its indexes (its scale-1 generation is CPU-bound, not cache-bound). The data set is unique by
 * construction, so the unique indexes build again without a conflict.
 */
async function dropSecondaryIndexes(handle: DbHandle, tables: string[], log: (s: string) => void) {
  const raw = handle.raw;
  if (raw.kind !== 'postgres') return async () => {};
  const { rows } = await raw.pool.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def
       from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  );
  for (const r of rows) await raw.pool.query(`drop index ${r.name}`);
  log(`dropped ${rows.length} secondary indexes for the load`);
  return async () => {
    const t = performance.now();
    const client = await raw.pool.connect(); // one session: the setting holds for every build
    try {
      await client.query(`set maintenance_work_mem = '256MB'`);
      for (const r of rows) await client.query(r.def);
    } finally {
      client.release();
    }
    log(`${rows.length} secondary indexes built again in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  };
}
