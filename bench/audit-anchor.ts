/**
 * What anchoring the audit chain costs a management write (issue 13, finding 4). A management
 * write here is what every use case's `record()` does in its unit of work: the audit event (head
 * row locked, event inserted, head moved) and an outbox event. Measured without anchoring, then
 * with the anchor (Ed25519 signature, one O_APPEND line, fsync) awaited after the commit, as the
 * server does. Sequential writes show the cost per write; 8 concurrent writers show coalescing.
 * Median of 5 runs; JSON to bench/results/audit-anchor-<engine>.json.
 *
 *   node bin/run-ts.mjs bench/audit-anchor.ts                          (SQLite file, WAL)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bin/run-ts.mjs bench/audit-anchor.ts
 *   BENCH_WRITES=500 BENCH_RUNS=5 …
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createAnchorer, fileSink, withAuditAnchoring } from '../src/infra/audit/anchor.ts';
import { generateAuditKeyPem, parsePrivateKey, signerFromPrivateKey } from '../src/infra/audit/audit-key.ts';
import { appendAudit } from '../src/infra/audit/audit-log.ts';
import { type DbHandle, openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import { enqueue } from '../src/infra/outbox/outbox.ts';

const WRITES = Number(process.env.BENCH_WRITES ?? '300');
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const CONCURRENCY = 8;
const dir = mkdtempSync(join(tmpdir(), 'btb-bench-anchor-'));
const pgUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const engine = pgUrl ? 'postgres' : 'sqlite';
let schemaCleanup = async () => {};
let url = `sqlite:${join(dir, 'btb.sqlite')}`;
if (pgUrl) {
  const { createTestSchema } = await import('../test/pg-schema.ts');
  const s = await createTestSchema(pgUrl, 'bench');
  url = s.url;
  schemaCleanup = s.cleanup;
}
const base = openDatabase(url, { poolSize: CONCURRENCY });
await migrateToLatest(base.db);
const signer = signerFromPrivateKey(parsePrivateKey(generateAuditKeyPem()));
const anchorFile = join(dir, 'anchors.jsonl');
const anchorer = createAnchorer({ signer, sink: fileSink(anchorFile) });
const anchored = withAuditAnchoring(base, anchorer);

let n = 0;
function write(db: DbHandle) {
  const i = n++;
  const at = new Date().toISOString();
  return db.unitOfWork(async (tx) => {
    const seq = await appendAudit(tx, db.engine, {
      at,
      actor: '78031400273',
      actorRole: 'main_access_manager',
      enterprise: '0566988259',
      action: 'grant.created',
      target: `bench-${i}`,
      after: { service: 'finance-tax-return', person: '90052104883' },
    });
    await enqueue(tx, {
      id: `event:${seq}`,
      at,
      enterprise: '0566988259',
      payload: { kind: 'event', type: 'grant.created', enterprise: '0566988259', data: { auditSeq: seq } },
    });
  });
}

async function run(db: DbHandle, concurrency: number): Promise<number> {
  const t0 = performance.now();
  let left = WRITES;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await write(db);
    }),
  );
  return (performance.now() - t0) / WRITES;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lines = () => (existsSync(anchorFile) ? readFileSync(anchorFile, 'utf8') : '').split('\n').filter(Boolean).length;

await run(base, 1); // warm-up
const results: Record<string, { msPerWrite: number[]; medianMsPerWrite: number; anchorsPerWrite?: number }> = {};
for (const [name, db, conc] of [
  ['sequential, no anchor', base, 1],
  ['sequential, anchored', anchored, 1],
  [`${CONCURRENCY} concurrent, no anchor`, base, CONCURRENCY],
  [`${CONCURRENCY} concurrent, anchored`, anchored, CONCURRENCY],
] as const) {
  const ms: number[] = [];
  const before = lines();
  for (let r = 0; r < RUNS; r++) ms.push(await run(db, conc));
  const anchorsWritten = lines() - before;
  results[name] = {
    msPerWrite: ms.map((x) => Number(x.toFixed(3))),
    medianMsPerWrite: Number(median(ms).toFixed(3)),
    ...(db === anchored ? { anchorsPerWrite: Number((anchorsWritten / (WRITES * RUNS)).toFixed(3)) } : {}),
  };
}
const count = await sql<{ n: number }>`select count(*) as n from audit_event`.execute(base.db);
await anchored.close();
await schemaCleanup();
rmSync(dir, { recursive: true, force: true });

const artifact = {
  bench: 'audit-anchor',
  engine,
  writes: WRITES,
  runs: RUNS,
  node: process.version,
  at: new Date().toISOString(),
  auditEvents: Number(count.rows[0]?.n),
  results,
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', `audit-anchor-${engine}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(artifact, null, 2)}\n`);
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(26)} median ${r.medianMsPerWrite.toFixed(3)} ms/write${r.anchorsPerWrite !== undefined ? `, ${r.anchorsPerWrite} anchors/write` : ''}`,
  );
}
console.log(`→ ${out}`);
