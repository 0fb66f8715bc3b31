/**
 * Crash safety (issue 8): a server under a mixed write load is killed with SIGKILL at a random
 * moment, several times. After each restart, every acknowledged write is there, every refused one
 * left nothing, no change exists without its audit event and outbox messages (or the reverse),
 * the audit chain verifies, SQLite's integrity check passes, and in the end every mail of the
 * outbox reaches the SMTP server.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/infra/audit/audit-log.ts';
import type { DbHandle } from '../../src/infra/db/database.ts';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { freshDatabase, reliabilityEngines, seed, sqliteIntegrity, type TestDatabase } from './harness/db.ts';
import { recordFigures } from './harness/figures.ts';
import { bearer, btb, http, type Server, scratch, serverEnv, startServer } from './harness/server.ts';
import { type SmtpSink, startSmtpSink } from './harness/smtp-sink.ts';
import { brewery, type Op, startWithMain, writeLoad } from './harness/write-load.ts';

const CYCLES = Number(process.env.RELIABILITY_CRASH_CYCLES ?? 4);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every acknowledged op is in the database; every refused op left no audit event. */
async function checkOps(h: DbHandle, ops: Op[]): Promise<string[]> {
  const problems: string[] = [];
  const byRequest = new Map<string, string[]>();
  const ids = ops.map((o) => o.requestId);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await h.db
      .selectFrom('audit_event')
      .select(['request_id', 'action'])
      .where('request_id', 'in', ids.slice(i, i + 500))
      .execute();
    // A refused attempt leaves a security.refused event (docs/audit.md), never a change.
    for (const r of rows)
      if (!r.action.startsWith('security.'))
        byRequest.set(r.request_id!, [...(byRequest.get(r.request_id!) ?? []), r.action]);
  }
  const grants = new Map(
    (await h.db.selectFrom('access_grant').select(['id', 'revoked_at']).execute()).map((g) => [g.id, g]),
  );
  const appointments = new Map(
    (await h.db.selectFrom('appointment').select(['id', 'ended_at']).execute()).map((a) => [a.id, a]),
  );
  for (const op of ops) {
    const audited = byRequest.get(op.requestId);
    if (op.status >= 500) problems.push(`${op.kind} ${op.requestId}: answered ${op.status}`);
    if (op.status >= 400 && op.status < 500 && audited)
      problems.push(`${op.kind} ${op.requestId}: refused (${op.status}) but audited as ${audited}`);
    if (op.status < 200 || op.status >= 300) continue;
    if (!audited) problems.push(`${op.kind} ${op.requestId}: acknowledged but no audit event`);
    if (op.kind === 'grant' && !grants.has(op.id!)) problems.push(`grant ${op.id}: acknowledged but missing`);
    if (op.kind === 'revoke' && !grants.get(op.id!)?.revoked_at)
      problems.push(`revoke of ${op.id}: acknowledged but not revoked`);
    if (op.kind === 'appoint' && !appointments.has(op.id!))
      problems.push(`appointment ${op.id}: acknowledged but missing`);
    if (op.kind === 'remove' && !appointments.get(op.id!)?.ended_at)
      problems.push(`removal of ${op.id}: acknowledged but not ended`);
  }
  return problems;
}

/** No half-applied change: rows, audit events and outbox messages agree one for one. */
async function checkConsistency(h: DbHandle): Promise<string[]> {
  const problems: string[] = [];
  const count = async (q: { executeTakeFirst(): Promise<{ n: number | string } | undefined> }) =>
    Number((await q.executeTakeFirst())?.n ?? 0);
  const audit = (action: string) =>
    count(
      h.db
        .selectFrom('audit_event')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('action', '=', action),
    );
  const pairs: [string, number, number][] = [
    [
      'grants / grant.created',
      await count(h.db.selectFrom('access_grant').select((e) => e.fn.countAll<number>().as('n'))),
      await audit('grant.created'),
    ],
    [
      'revoked grants / grant.revoked',
      await count(
        h.db
          .selectFrom('access_grant')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('revoked_at', 'is not', null),
      ),
      await audit('grant.revoked'),
    ],
    [
      'domain appointments / access_manager.appointed',
      await count(
        h.db
          .selectFrom('appointment')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('kind', '=', 'domain'),
      ),
      await audit('access_manager.appointed'),
    ],
    [
      'ended domain appointments / access_manager.removed',
      await count(
        h.db
          .selectFrom('appointment')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('kind', '=', 'domain')
          .where('ended_at', 'is not', null),
      ),
      await audit('access_manager.removed'),
    ],
  ];
  for (const [what, rows, events] of pairs)
    if (rows !== events) problems.push(`${what}: ${rows} rows, ${events} audit events`);
  // every audited change has its domain event in the outbox, and every appointment its mail
  const missing = await sql<{ seq: number; action: string }>`
    select e.seq, e.action from audit_event e
    where e.action in ('grant.created', 'grant.revoked', 'access_manager.appointed', 'access_manager.removed')
      and not exists (select 1 from outbox o where o.id = ${sql.lit('event:')} || cast(e.seq as text))`.execute(h.db);
  for (const m of missing.rows) problems.push(`audit event ${m.seq} (${m.action}) without its outbox event`);
  const noMail = await sql<{ seq: number }>`
    select e.seq from audit_event e where e.action = 'access_manager.appointed'
      and not exists (select 1 from outbox o where o.id like ${sql.lit('mail:')} || cast(e.seq as text) || ${sql.lit(':%')})`.execute(
    h.db,
  );
  for (const m of noMail.rows) problems.push(`appointment audit event ${m.seq} without its mail`);
  const chain = await verifyAudit(h.db);
  if (!chain.ok) problems.push(`audit chain broken at ${chain.brokenAt}: ${chain.reason}`);
  return problems;
}

describe.each(reliabilityEngines)('crash safety on %s (issue 8)', (engine) => {
  const dir = scratch(`crash-${engine}`);
  let db: TestDatabase;
  let sink: SmtpSink;
  let env: Record<string, string>;
  let server: Server | undefined;
  let persons: string[];

  beforeAll(async () => {
    sink = await startSmtpSink();
    db = await freshDatabase(engine, dir.dir);
    persons = await seed(db.url, 200);
    env = serverEnv(dir.dir, db.url, { SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await sink.close();
    await db.drop();
    dir.cleanup();
  });

  it(`keeps every acknowledged write across ${CYCLES} SIGKILLs, half-applies none, and delivers the outbox`, async () => {
    server = await startWithMain(env);
    const htb = await bearer(env, P.sofieJanssens.number);
    const ops: Op[] = [];
    const h = db.open();
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const load = writeLoad(() => server!.url, htb, persons, ops, 8);
        await sleep(800 + Math.random() * 2500);
        await server!.kill('SIGKILL');
        load.halt();
        await load.done;
        if (engine === 'sqlite') expect(sqliteIntegrity(db.url.slice('sqlite:'.length))).toBe('ok');
        server = await startServer(env);
        expect(await checkOps(h, ops)).toEqual([]);
        expect(await checkConsistency(h)).toEqual([]);
      }
      const verify = await btb(['audit', 'verify'], env);
      expect(verify.code, verify.stderr).toBe(0);

      // The restarted server delivers what was pending, including mails claimed by a killed worker
      // (their lease runs out after a minute).
      const deadline = Date.now() + 120_000;
      let pending = 1;
      while (Date.now() < deadline) {
        pending = Number(
          (
            await h.db
              .selectFrom('outbox')
              .select((e) => e.fn.countAll<number>().as('n'))
              .where('channel', '=', 'mail')
              .where('delivered_at', 'is', null)
              .executeTakeFirst()
          )?.n ?? 0,
        );
        if (pending === 0) break;
        await sleep(1000);
      }
      expect(pending).toBe(0);
      const outboxMails = await h.db.selectFrom('outbox').select('id').where('channel', '=', 'mail').execute();
      const received = new Map<string, number>();
      // the mailer's Message-ID is the outbox id, made safe, at the public host: compare the id part
      const local = (messageId: string) => messageId.replace(/^<|@[^@]*>$/g, '');
      for (const m of sink.mails) received.set(local(m.messageId), (received.get(local(m.messageId)) ?? 0) + 1);
      const expected = outboxMails.map((m) => m.id.replace(/[^\w.-]/g, '.'));
      const missing = expected.filter((id) => !received.has(id));
      const duplicates = [...received.values()].filter((n) => n > 1).length;
      expect(missing).toEqual([]);
      // At least once: a kill between sending and marking may resend the one mail in flight.
      expect(duplicates).toBeLessThanOrEqual(CYCLES);

      const acked = ops.filter((o) => o.status >= 200 && o.status < 300).length;
      recordFigures(`crash.${engine}`, {
        kills: CYCLES,
        requests: ops.length,
        acknowledged: acked,
        refused: ops.filter((o) => o.status >= 400 && o.status < 500).length,
        unanswered: ops.filter((o) => o.status === 0).length,
        serverErrors: ops.filter((o) => o.status >= 500).length,
        mails: expected.length,
        mailDuplicates: duplicates,
      });
    } finally {
      await h.close();
    }
  });
});
