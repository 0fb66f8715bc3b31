/**
 * node:sqlite (built into Node 24) against better-sqlite3 (native, built at install), on the
 * statements btb's hot paths use: point reads by key and small writes in a transaction.
 *
 *   node bench/sqlite-drivers.ts       (writes bench/results/sqlite-drivers.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import BetterSqlite from 'better-sqlite3';

interface Db {
  exec(sql: string): void;
  prepare(sql: string): { run(...a: unknown[]): unknown; get(...a: unknown[]): unknown };
}

const N = 20_000;
function measure(db: Db) {
  db.exec(
    'CREATE TABLE grant_ (id INTEGER PRIMARY KEY, person TEXT NOT NULL, enterprise TEXT NOT NULL, service TEXT NOT NULL)',
  );
  db.exec('CREATE INDEX grant_person ON grant_ (person, enterprise)');
  const insert = db.prepare('INSERT INTO grant_ (id, person, enterprise, service) VALUES (?, ?, ?, ?)');
  let t = performance.now();
  db.exec('BEGIN');
  for (let i = 0; i < N; i++) insert.run(i, `p${i % 5000}`, `e${i % 1000}`, `s${i % 40}`);
  db.exec('COMMIT');
  const insertMs = performance.now() - t;
  const byKey = db.prepare('SELECT person, enterprise, service FROM grant_ WHERE id = ?');
  t = performance.now();
  for (let i = 0; i < N; i++) byKey.get((i * 7919) % N);
  const pointMs = performance.now() - t;
  const byIndex = db.prepare('SELECT count(*) AS n FROM grant_ WHERE person = ? AND enterprise = ?');
  t = performance.now();
  for (let i = 0; i < N; i++) byIndex.get(`p${i % 5000}`, `e${i % 1000}`);
  const indexMs = performance.now() - t;
  return {
    insertPerSec: Math.round(N / (insertMs / 1000)),
    pointReadsPerSec: Math.round(N / (pointMs / 1000)),
    indexReadsPerSec: Math.round(N / (indexMs / 1000)),
  };
}

const rounds = 3;
const results: Record<string, ReturnType<typeof measure>[]> = { 'better-sqlite3': [], 'node:sqlite': [] };
for (let r = 0; r < rounds; r++) {
  results['better-sqlite3']!.push(measure(new BetterSqlite(':memory:') as unknown as Db));
  results['node:sqlite']!.push(measure(new DatabaseSync(':memory:') as unknown as Db));
}
const best = (rs: ReturnType<typeof measure>[]) =>
  Object.fromEntries(Object.keys(rs[0]!).map((k) => [k, Math.max(...rs.map((x) => x[k as keyof typeof x]))]));
const out = {
  node: process.version,
  rows: N,
  rounds,
  best: { 'better-sqlite3': best(results['better-sqlite3']!), 'node:sqlite': best(results['node:sqlite']!) },
  date: new Date().toISOString(),
};
console.log(JSON.stringify(out, null, 2));
const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'sqlite-drivers.json'), `${JSON.stringify(out, null, 2)}\n`);
