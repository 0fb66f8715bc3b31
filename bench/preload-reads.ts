/**
 * How the preload's read of every own grant could cost less (issue 20, session 9): the CPU of
 * reading all own grants of the data set of bench/compare.ts on SQLite, as the preload reads them
 * today (person order through the access_grant_person index, chunks of 20,000, row objects) and
 * in the forms weighed for the next step: the same chunks as arrays (`raw`), and one pass in the
 * table's own order (rowid), which needs no index lookup per row but leaves the sort by person to
 * the preload. Each with and without memory-mapped I/O (`BENCH_MMAP`, bytes; 0 = off).
 *
 *   BENCH_SCALE=0.1 node bin/run-ts.mjs bench/preload-reads.ts
 *
 * PostgreSQL (session 10; DATABASE_URL=postgres://…, the data set generated there by bench:compare):
 * the same person-order read (the access_grant_person index), the table in primary key order, and
 * the table by ranges of pages (ctid, a TID range scan: the preload's read since session 10), all
 * as arrays, chunks of about 20,000 rows.
 *
 * Writes bench/results/preload-reads-<engine>-<scale>-<label>.json.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { benchDatabaseUrl } from './check-data.ts';

const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const label = process.env.BENCH_LABEL ?? 'latest';
const url = benchDatabaseUrl(here, scale);
const COLS =
  'person_number, enterprise_number, service, service_role, domain, valid_from, valid_until, created_at, granted_by, granted_by_role, revoked_at, revoked_by, access_request_id, establishments';
const CHUNK = 20_000;
const byPerson = `select ${COLS} from access_grant indexed by access_grant_person where person_number > ? and mandate_id is null order by person_number limit ?`;

function measure(db: Database.Database, name: string, read: () => number) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const rows = read();
  const c = process.cpuUsage(c0);
  return {
    name,
    rows,
    wallMs: Math.round(performance.now() - t0),
    cpuMs: Math.round((c.user + c.system) / 1000),
    mmap: db.pragma('mmap_size', { simple: true }),
  };
}

function chunked(db: Database.Database, raw: boolean) {
  const st = db.prepare(byPerson);
  if (raw) st.raw(true);
  return () => {
    let after = '';
    let n = 0;
    for (;;) {
      const rows = st.all(after, CHUNK) as unknown[];
      n += rows.length;
      if (rows.length < CHUNK) return n;
      const last = rows[rows.length - 1] as { person_number: string } | string[];
      after = Array.isArray(last) ? last[0]! : last.person_number;
    }
  };
}

function byRowid(db: Database.Database) {
  const st = db
    .prepare(`select rowid, ${COLS} from access_grant where rowid > ? and mandate_id is null order by rowid limit ?`)
    .raw(true);
  return () => {
    let after = 0;
    let n = 0;
    for (;;) {
      const rows = st.all(after, CHUNK) as unknown[][];
      n += rows.length;
      if (rows.length < CHUNK) return n;
      after = rows[rows.length - 1]![0] as number;
    }
  };
}

/** PostgreSQL: the client's CPU and the server backend's (pg_stat_get_backend… is not CPU: /proc of its pid) */
async function postgres() {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid as number;
  const { readFileSync } = await import('node:fs');
  const ticks = () => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in ms at 100 Hz
    } catch {
      return Number.NaN;
    }
  };
  const arrays = (text: string, values: unknown[]) => client.query({ text, values, rowMode: 'array' });
  const out: { name: string; rows: number; wallMs: number; cpuMs: number; serverCpuMs: number }[] = [];
  const run = async (name: string, read: () => Promise<number>) => {
    const s0 = ticks();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rows = await read();
    const c = process.cpuUsage(c0);
    out.push({
      name,
      rows,
      wallMs: Math.round(performance.now() - t0),
      cpuMs: Math.round((c.user + c.system) / 1000),
      serverCpuMs: ticks() - s0,
    });
  };
  await run('person order (the access_grant_person index), arrays', async () => {
    let after = '';
    let n = 0;
    for (;;) {
      const { rows } = await arrays(
        `select ${COLS} from access_grant where person_number > $1 and mandate_id is null order by person_number limit $2`,
        [after, CHUNK],
      );
      n += rows.length;
      if (rows.length < CHUNK) return n;
      after = rows[rows.length - 1]![0] as string;
    }
  });
  await run('primary key order (id), arrays', async () => {
    let after = '';
    let n = 0;
    for (;;) {
      const { rows } = await arrays(
        `select id, ${COLS} from access_grant where id > $1 and mandate_id is null order by id limit $2`,
        [after, CHUNK],
      );
      n += rows.length;
      if (rows.length < CHUNK) return n;
      after = rows[rows.length - 1]![0] as string;
    }
  });
  await run('pages (ctid ranges, a TID range scan), arrays', async () => {
    const pages = Number(
      (await client.query("select pg_relation_size('access_grant') / current_setting('block_size')::bigint as n"))
        .rows[0].n,
    );
    let n = 0;
    for (let p = 0; p < pages; p += CHUNK / 40) {
      const { rows } = await arrays(
        `select ${COLS} from access_grant where ctid >= $1::tid and ctid < $2::tid and mandate_id is null`,
        [`(${p},0)`, `(${p + CHUNK / 40},0)`],
      );
      n += rows.length;
    }
    return n;
  });
  await client.end();
  return out;
}

const results = [];
if (url.startsWith('postgres')) results.push(...(await postgres()));
for (const mmap of url.startsWith('sqlite:') ? [0, Number(process.env.BENCH_MMAP ?? 2 ** 31)] : []) {
  const db = new Database(url.slice(7), { readonly: true });
  db.pragma(`mmap_size = ${mmap}`);
  results.push(measure(db, 'person order, row objects (the preload today)', chunked(db, false)));
  results.push(measure(db, 'person order, arrays (raw)', chunked(db, true)));
  results.push(measure(db, 'rowid order, arrays (raw)', byRowid(db)));
  db.close();
}
let commit: string | null = null;
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: here, encoding: 'utf8' }).trim();
} catch {}
const result = {
  kind: 'preload-reads',
  label,
  when: new Date().toISOString(),
  commit,
  node: process.version,
  loadAverage: loadavg()[0],
  scale,
  chunk: CHUNK,
  results,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', `preload-reads-${url.startsWith('sqlite:') ? 'sqlite' : 'postgres'}-${scale}-${label}.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
