/**
 * Issue 13, finding 4: the audit chain must hold against a database administrator, someone who
 * can write the database (and drop its triggers) but does not hold the audit signing key.
 * Each attack below passes the unkeyed chain check (verifyAudit says ok) and is caught by the
 * signed anchors kept outside the database.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import type { Db } from '../db/database.ts';
import { type Anchor, type Anchorer, createAnchorer, fileSink, signAnchor, withAuditAnchoring } from './anchor.ts';
import { type AuditSigner, generateAuditKeyPem, parsePrivateKey, signerFromPrivateKey } from './audit-key.ts';
import { appendAudit, hashEvent, verifyAudit } from './audit-log.ts';
import { readAnchorFiles, verifyAnchors } from './verify-anchors.ts';

const newSigner = (): AuditSigner => signerFromPrivateKey(parsePrivateKey(generateAuditKeyPem()));

/** The DBA's first move: the append-only guards are triggers, and the DBA may drop them. */
async function dropGuards(db: Db, engine: 'sqlite' | 'postgres') {
  if (engine === 'postgres') await sql`drop trigger audit_event_no_update on audit_event`.execute(db);
  else {
    await sql`drop trigger audit_event_no_update`.execute(db);
    await sql`drop trigger audit_event_no_delete`.execute(db);
  }
}

/** Rewrites event `seq` and recomputes every later hash and the head, as a careful attacker would. */
async function rewriteAndRecompute(db: Db, seq: number, afterJson: string) {
  await db.updateTable('audit_event').set({ after_json: afterJson }).where('seq', '=', seq).execute();
  const rows = await db.selectFrom('audit_event').selectAll().where('seq', '>=', seq).orderBy('seq').execute();
  let prev = (
    await db
      .selectFrom('audit_event')
      .select('hash')
      .where('seq', '=', seq - 1)
      .executeTakeFirstOrThrow()
  ).hash;
  for (const r of rows) {
    const { hash: _old, ...rest } = r;
    const hash = hashEvent({ ...rest, prev_hash: prev });
    await db.updateTable('audit_event').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
    prev = hash;
  }
  await db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

describe.each(engines)('issue 13 finding 4: audit anchors against a database administrator on %s', (engine) => {
  let deps: TestDeps;
  let dir: string;
  let anchorFile: string;
  let signer: AuditSigner;
  let anchorers: Anchorer[] = [];
  const anchoring = () => {
    const a = createAnchorer({ signer, sink: fileSink(anchorFile) });
    anchorers.push(a);
    return withAuditAnchoring(deps.db, a);
  };
  const ring = () => new Map([[signer.keyId, signer.publicKey]]);
  const check = async () => verifyAnchors(deps.db.db, readAnchorFiles([anchorFile]).anchors, ring());

  beforeEach(async () => {
    deps = await makeTestDeps(engine);
    dir = mkdtempSync(join(tmpdir(), 'btb-anchor-'));
    anchorFile = join(dir, 'anchors.jsonl');
    signer = newSigner();
    const anchored = anchoring();
    for (let i = 1; i <= 5; i++) {
      await anchored.unitOfWork((tx) =>
        appendAudit(tx, deps.db.engine, {
          at: `2026-11-28T10:00:0${i}.000Z`,
          actor: '78031400273',
          actorRole: 'legal_representative',
          enterprise: '0566988259',
          action: 'test.event',
          target: String(i),
          after: { i },
        }),
      );
    }
  });
  afterEach(async () => {
    for (const a of anchorers) await a.close();
    anchorers = [];
    await deps.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('anchors every committed change, signed, and an untouched chain verifies clean', async () => {
    const anchors = readFileSync(anchorFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Anchor);
    expect(anchors.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(anchors[0]).toEqual({
      seq: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      keyId: signer.keyId,
      signature: expect.any(String),
      at: expect.any(String),
    });
    expect(await check()).toEqual({ anchors: 5, anchoredSeq: 5, databaseHead: 5, unanchored: 0, findings: [] });
  });

  it('a rolled-back change is not anchored', async () => {
    const anchored = anchoring();
    await expect(
      anchored.unitOfWork(async (tx) => {
        await appendAudit(tx, deps.db.engine, {
          at: '2026-11-28T10:01:00.000Z',
          actor: null,
          actorRole: null,
          enterprise: null,
          action: 'test.event',
          target: 'x',
        });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(readFileSync(anchorFile, 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('truncation: the last events deleted and the head set back are named by seq', async () => {
    await dropGuards(deps.db.db, engine);
    await sql`delete from audit_event where seq > 3`.execute(deps.db.db);
    const three = await deps.db.db
      .selectFrom('audit_event')
      .select('hash')
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await deps.db.db.updateTable('audit_head').set({ seq: 3, hash: three.hash }).where('id', '=', 1).execute();
    expect(await verifyAudit(deps.db.db)).toEqual({ ok: true, events: 3 }); // the hole: the unkeyed chain holds
    const report = await check();
    expect(report.findings).toEqual([
      { kind: 'truncated', from: 4, to: 5 },
      expect.objectContaining({ kind: 'anchor_ahead', seq: 4 }),
      expect.objectContaining({ kind: 'anchor_ahead', seq: 5 }),
    ]);
  });

  it('rewrite: an event changed and every later hash recomputed is named by seq', async () => {
    await dropGuards(deps.db.db, engine);
    await rewriteAndRecompute(deps.db.db, 3, '{"i":99}');
    expect(await verifyAudit(deps.db.db)).toEqual({ ok: true, events: 5 }); // the hole
    expect((await check()).findings).toEqual([{ kind: 'rewritten', seq: 3, from: 3, laterAnchorsDiffering: 2 }]);
  });

  it.each([
    [
      'a forged signature with the real key id',
      (a: Anchor): Anchor => ({ ...a, seq: 6, hash: 'f'.repeat(64) }),
      'bad_signature',
    ],
    [
      'an anchor signed by the attacker under the real key id',
      (a: Anchor): Anchor => ({ ...signAnchor(newSigner(), { seq: 6, hash: 'e'.repeat(64) }, a.at), keyId: a.keyId }),
      'bad_signature',
    ],
    [
      'an anchor signed by a key not in the keyring',
      (a: Anchor): Anchor => signAnchor(newSigner(), { seq: 6, hash: 'e'.repeat(64) }, a.at),
      'unknown_key',
    ],
  ])('%s is refused by signature', async (_name, forge, kind) => {
    const [first] = readAnchorFiles([anchorFile]).anchors;
    appendFileSync(anchorFile, `${JSON.stringify(forge(first as Anchor))}\n`);
    expect((await check()).findings).toEqual([expect.objectContaining({ kind, seq: 6 })]);
  });

  it('a validly signed anchor ahead of the database (a database restored from an older state) is named', async () => {
    const head = await deps.db.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    appendFileSync(
      anchorFile,
      `${JSON.stringify(signAnchor(signer, { seq: 9, hash: head.hash }, new Date().toISOString()))}\n`,
    );
    const report = await check();
    expect(report.findings).toEqual([
      { kind: 'truncated', from: 6, to: 9 },
      expect.objectContaining({ kind: 'anchor_ahead', seq: 9 }),
    ]);
    expect(report.databaseHead).toBe(5);
  });

  it('merges the anchor files of several nodes by seq, and a malformed line is named', async () => {
    const second = join(dir, `node2-${randomUUID()}.jsonl`);
    const lines = readFileSync(anchorFile, 'utf8').trim().split('\n');
    appendFileSync(second, `${lines.slice(2).reverse().join('\n')}\nnot json\n`);
    const { anchors, malformed } = readAnchorFiles([anchorFile, second]);
    expect(malformed).toEqual([{ kind: 'malformed', file: second, line: 4 }]);
    expect((await verifyAnchors(deps.db.db, anchors, ring())).findings).toEqual([]);
  });
});
