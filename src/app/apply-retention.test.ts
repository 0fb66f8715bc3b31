import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { filesystemAttachmentStore } from '../infra/attachments/attachment-store.ts';
import { appendAudit, verifyAudit } from '../infra/audit/audit-log.ts';
import { loadConfig } from '../infra/config.ts';
import type { ExceptionStatus } from '../infra/db/schema.ts';
import type { AttachmentStore } from '../ports.ts';
import { applyRetention, ERASED } from './apply-retention.ts';

const DAY = 86_400_000;
const EN = '0566988259';

describe.each(engines)('btb retention apply (%s)', (engine) => {
  let deps: TestDeps;
  let dir: string;
  let store: AttachmentStore;
  /** an instant `days` before the test clock's now */
  const ago = (days: number) => new Date(deps.clock.now().getTime() - days * DAY).toISOString();

  beforeEach(async () => {
    deps = await makeTestDeps(engine);
    dir = mkdtempSync(join(tmpdir(), 'btb-retention-'));
    store = filesystemAttachmentStore(dir);
  });
  afterEach(async () => {
    await deps.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function session(id: string, expiresDaysAgo: number, revokedDaysAgo?: number) {
    await deps.db.db
      .insertInto('session')
      .values({
        id,
        token_hash: `h-${id}`,
        person_number: '85073003328',
        foreign_id: null,
        subject: 's',
        issuer: 'i',
        loa: 'high',
        means: 'eid',
        family_name: 'Peeters',
        given_name: 'An',
        email: 'an@example.be',
        locale: 'nl',
        user_agent: 'ua',
        id_token: 'tok',
        created_at: ago(expiresDaysAgo + 1),
        last_seen_at: ago(expiresDaysAgo + 1),
        expires_at: ago(expiresDaysAgo),
        revoked_at: revokedDaysAgo === undefined ? null : ago(revokedDaysAgo),
      })
      .execute();
  }

  async function outbox(id: string, deliveredDaysAgo: number | null) {
    await deps.db.db
      .insertInto('outbox')
      .values({
        id,
        channel: 'mail',
        enterprise_number: EN,
        payload: JSON.stringify({ kind: 'mail', to: 'an@example.be', language: 'nl', template: 't', params: {} }),
        created_at: ago(400),
        attempts: deliveredDaysAgo === null ? 0 : 1,
        next_attempt_at: ago(400),
        delivered_at: deliveredDaysAgo === null ? null : ago(deliveredDaysAgo),
        last_error: null,
      })
      .execute();
  }

  async function delivery(id: string, deliveredDaysAgo: number | null, attemptDaysAgo: number) {
    await deps.db.db
      .insertInto('webhook_delivery')
      .values({
        id,
        subscription_id: 'sub',
        outbox_seq: 1,
        event_type: 'appointment.created',
        enterprise_number: EN,
        body: '{"data":{"person":"85073003328"}}',
        created_at: ago(attemptDaysAgo),
        attempts: 1,
        next_attempt_at: ago(attemptDaysAgo),
        delivered_at: deliveredDaysAgo === null ? null : ago(deliveredDaysAgo),
        last_status: 200,
        last_error: null,
      })
      .execute();
    await deps.db.db
      .insertInto('webhook_attempt')
      .values({ delivery_id: id, at: ago(attemptDaysAgo), status: 200, error: null, duration_ms: 3 })
      .execute();
  }

  async function invitation(id: string, state: { accepted?: number; revoked?: number; expires: number }) {
    await deps.db.db
      .insertInto('invitation')
      .values({
        id,
        token_hash: `t-${id}`,
        enterprise_number: EN,
        email: `${id}@example.be`,
        service: 'svc',
        service_role: '',
        domain: 'd',
        valid_from: null,
        valid_until: null,
        expires_at: ago(state.expires),
        created_by: '85073003328',
        created_by_role: 'main',
        created_at: ago(state.expires + 14),
        accepted_at: state.accepted === undefined ? null : ago(state.accepted),
        accepted_by: state.accepted === undefined ? null : '17073003384',
        grant_id: null,
        revoked_at: state.revoked === undefined ? null : ago(state.revoked),
      })
      .execute();
  }

  async function request(id: string, status: ExceptionStatus, decidedDaysAgo: number | null, file: Buffer) {
    await deps.db.db
      .insertInto('exception_request')
      .values({
        id,
        reference: `REF-${id}`,
        enterprise_number: EN,
        status,
        reason: 'no_eid',
        reason_text: null,
        requester_json: JSON.stringify({ familyName: 'Janssens', email: 'req@example.be', phone: '+32470000000' }),
        requester_email: 'req@example.be',
        language: 'nl',
        submitted_by: null,
        proposed_person: '85073003328',
        proposed_family_name: 'Peeters',
        proposed_given_name: 'An',
        proposed_email: 'an@example.be',
        proposed_phone: '+32470000001',
        submitted_at: ago(500),
        updated_at: ago(decidedDaysAgo ?? 1),
        target_date: '2025-01-01',
        follow_code_hash: null,
        follow_code_expires_at: null,
        follow_code_attempts: 0,
        approved_by: null,
        approved_at: null,
        override_reason: null,
        confirmed_by: null,
        decided_by: decidedDaysAgo === null ? null : '86090800123',
        decided_at: decidedDaysAgo === null ? null : ago(decidedDaysAgo),
        decision_reason: null,
        appointment_id: null,
      })
      .execute();
    const stored = await store.put(file);
    await deps.db.db
      .insertInto('exception_attachment')
      .values({
        id: randomUUID(),
        request_id: id,
        kind: 'identity_document',
        filename: 'id.pdf',
        content_type: stored.contentType,
        size_bytes: stored.size,
        sha256: stored.sha256,
        uploaded_at: ago(500),
        uploaded_by: 'requester',
      })
      .execute();
    await deps.db.db
      .insertInto('exception_history')
      .values({
        id: randomUUID(),
        request_id: id,
        at: ago(500),
        actor: null,
        actor_role: 'requester',
        action: 'submitted',
        message: null,
        details_json: null,
      })
      .execute();
    return stored.sha256;
  }

  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

  /** one row on each side of every period (defaults: sessions 7, outbox and webhooks 90, invitations 90, exceptions 365) */
  async function seed() {
    await session('s-old', 8);
    await session('s-revoked-old', -1, 8); // still within its expiry, but logged out long ago
    await session('s-young', 6);
    await session('s-live', -1);
    await deps.db.db
      .insertInto('login_request')
      .values([
        {
          id_hash: 'lr-old',
          state: 's',
          nonce: 'n',
          code_verifier: 'v',
          return_to: '/',
          loa: null,
          created_at: ago(9),
          expires_at: ago(8),
        },
        {
          id_hash: 'lr-young',
          state: 's',
          nonce: 'n',
          code_verifier: 'v',
          return_to: '/',
          loa: null,
          created_at: ago(2),
          expires_at: ago(1),
        },
      ])
      .execute();
    await outbox('o-old', 91);
    await outbox('o-young', 89);
    await outbox('o-pending', null); // never delivered: still work, however old
    await delivery('d-old', 91, 91);
    await delivery('d-young', 89, 89);
    await delivery('d-pending', null, 1);
    await invitation('i-accepted-old', { accepted: 91, expires: 80 });
    await invitation('i-accepted-young', { accepted: 89, expires: 100 });
    await invitation('i-revoked-old', { revoked: 91, expires: 80 });
    await invitation('i-expired-old', { expires: 91 });
    await invitation('i-expired-young', { expires: 89 });
    await invitation('i-pending', { expires: -5 });
    const shared = pdf('the same signed form, uploaded twice');
    const files = {
      oldOnly: await request('r-old', 'rejected', 366, pdf('old identity document')),
      shared: await request('r-old-shared', 'approved', 400, shared),
      young: await request('r-young', 'approved', 364, pdf('young identity document')),
      open: await request('r-open', 'submitted', null, pdf('open request document')),
    };
    await request('r-young-shared', 'approved', 10, shared);
    await deps.db.db
      .insertInto('exception_follow_token')
      .values({ token_hash: 'ft-old', request_id: 'r-old', created_at: ago(400), expires_at: ago(-1) })
      .execute();
    // A few audit events, so that the chain has links to break.
    for (let i = 0; i < 3; i++) {
      await deps.db.unitOfWork((tx) =>
        appendAudit(tx, deps.db.engine, {
          at: ago(400 - i),
          actor: '85073003328',
          actorRole: 'main',
          enterprise: EN,
          action: 'test.event',
          target: null,
          after: { email: 'an@example.be' },
        }),
      );
    }
    return files;
  }

  async function snapshot() {
    const db = deps.db.db;
    return {
      sessions: (await db.selectFrom('session').select('id').orderBy('id').execute()).map((r) => r.id),
      loginRequests: (await db.selectFrom('login_request').select('id_hash').orderBy('id_hash').execute()).map(
        (r) => r.id_hash,
      ),
      outbox: (await db.selectFrom('outbox').select('id').orderBy('id').execute()).map((r) => r.id),
      deliveries: (await db.selectFrom('webhook_delivery').select('id').orderBy('id').execute()).map((r) => r.id),
      attempts: (await db.selectFrom('webhook_attempt').select('delivery_id').orderBy('delivery_id').execute()).map(
        (r) => r.delivery_id,
      ),
      invitations: await db.selectFrom('invitation').select(['id', 'email']).orderBy('id').execute(),
      requests: await db
        .selectFrom('exception_request')
        .select([
          'id',
          'status',
          'decided_at',
          'requester_json',
          'requester_email',
          'proposed_person',
          'proposed_email',
          'proposed_phone',
        ])
        .orderBy('id')
        .execute(),
      attachments: (
        await db.selectFrom('exception_attachment').select('request_id').orderBy('request_id').execute()
      ).map((r) => r.request_id),
      history: (await db.selectFrom('exception_history').select('request_id').orderBy('request_id').execute()).map(
        (r) => r.request_id,
      ),
      followTokens: (await db.selectFrom('exception_follow_token').select('token_hash').execute()).map(
        (r) => r.token_hash,
      ),
      audit: await db.selectFrom('audit_event').selectAll().orderBy('seq').execute(),
    };
  }

  const fileOf = (sha: string) => join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);

  it('removes what outlived its period, keeps what did not, and leaves the audit chain intact', async () => {
    const files = await seed();
    const before = await snapshot();
    const result = await applyRetention(deps, { attachments: store, by: 'cli:test' });

    expect(result.counts).toEqual({
      sessions: 2,
      loginRequests: 1,
      outbox: 1,
      webhookDeliveries: 1,
      webhookAttempts: 1,
      invitations: 3,
      exceptionRequests: 2,
      exceptionAttachments: 2,
      attachmentFiles: 1,
    });
    const after = await snapshot();
    expect(after.sessions).toEqual(['s-live', 's-young']);
    expect(after.loginRequests).toEqual(['lr-young']);
    expect(after.outbox).toEqual(['o-pending', 'o-young']);
    expect(after.deliveries).toEqual(['d-pending', 'd-young']);
    expect(after.attempts).toEqual(['d-pending', 'd-young']);
    // Invitation rows stay as evidence; only the closed-long-ago ones lose their address.
    expect(Object.fromEntries(after.invitations.map((i) => [i.id, i.email]))).toEqual({
      'i-accepted-old': ERASED,
      'i-accepted-young': 'i-accepted-young@example.be',
      'i-expired-old': ERASED,
      'i-expired-young': 'i-expired-young@example.be',
      'i-pending': 'i-pending@example.be',
      'i-revoked-old': ERASED,
    });
    // Old decided requests: decision and proposed person stay, personal details and documents go.
    const req = Object.fromEntries(after.requests.map((r) => [r.id, r]));
    for (const id of ['r-old', 'r-old-shared']) {
      expect(req[id]).toMatchObject({
        requester_email: ERASED,
        proposed_email: ERASED,
        proposed_phone: ERASED,
        proposed_person: '85073003328',
      });
      expect(req[id]?.requester_json).not.toContain('Janssens');
      expect(req[id]?.decided_at).toBe(before.requests.find((r) => r.id === id)?.decided_at);
    }
    for (const id of ['r-young', 'r-young-shared', 'r-open']) {
      expect(req[id]).toEqual(before.requests.find((r) => r.id === id));
    }
    expect(after.attachments).toEqual(['r-open', 'r-young', 'r-young-shared']);
    expect(after.history).toEqual(before.history);
    expect(after.followTokens).toEqual([]);
    // The file only the old request named is gone; a file a younger request shares stays.
    expect(existsSync(fileOf(files.oldOnly))).toBe(false);
    expect(existsSync(fileOf(files.shared))).toBe(true);
    expect(existsSync(fileOf(files.young))).toBe(true);
    expect(existsSync(fileOf(files.open))).toBe(true);
    expect((await store.get(files.shared)).length).toBeGreaterThan(0);

    // The audit log: every earlier event unchanged, one event appended for the run, chain valid.
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit).toHaveLength(before.audit.length + 1);
    expect(after.audit.at(-1)).toMatchObject({ action: 'retention.applied', actor: 'cli:test' });
    expect(await verifyAudit(deps.db.db)).toEqual({ ok: true, events: before.audit.length + 1 });

    // A second run finds nothing left and adds nothing to the audit log.
    const again = await applyRetention(deps, { attachments: store });
    expect(Object.values(again.counts).every((c) => c === 0)).toBe(true);
    expect(await verifyAudit(deps.db.db)).toEqual({ ok: true, events: before.audit.length + 1 });
  });

  it('keeps a file that is also evidence of a foreign enterprise (issue 19)', async () => {
    const files = await seed();
    await deps.db.db
      .insertInto('foreign_enterprise_attachment')
      .values({
        id: randomUUID(),
        enterprise_number: 'F000000196',
        kind: 'proof_of_representation',
        filename: 'extract.pdf',
        content_type: 'application/pdf',
        size_bytes: 10,
        sha256: files.oldOnly,
        uploaded_at: new Date().toISOString(),
        uploaded_by: '86090800123',
      })
      .execute();
    const result = await applyRetention(deps, { attachments: store });
    expect(result.counts.exceptionAttachments).toBe(2);
    expect(result.counts.attachmentFiles).toBe(0);
    expect(existsSync(fileOf(files.oldOnly))).toBe(true);
  });

  it('--dry-run counts the same rows and changes nothing', async () => {
    const files = await seed();
    const before = await snapshot();
    const dry = await applyRetention(deps, { attachments: store, dryRun: true });
    expect(await snapshot()).toEqual(before);
    for (const sha of Object.values(files)) expect(existsSync(fileOf(sha))).toBe(true);
    expect(await verifyAudit(deps.db.db)).toEqual({ ok: true, events: before.audit.length });
    const real = await applyRetention(deps, { attachments: store });
    expect(dry.counts).toEqual(real.counts);
  });

  it('follows the configured periods', async () => {
    await deps.cleanup();
    deps = await makeTestDeps(engine, { RETENTION_SESSION_DAYS: '0', RETENTION_OUTBOX_DAYS: '100' });
    await seed();
    const result = await applyRetention(deps, { attachments: store, dryRun: true });
    // Every ended session, however recently; the outbox rows of 91 days now stay.
    expect(result.counts.sessions).toBe(3);
    expect(result.counts.outbox).toBe(0);
  });
});

describe('retention settings', () => {
  it('refuses a wrong value with a message that names the variable', () => {
    expect(() => loadConfig({ RETENTION_OUTBOX_DAYS: 'ninety' })).toThrow(
      /RETENTION_OUTBOX_DAYS must be a whole number/,
    );
    expect(() => loadConfig({ RETENTION_EXCEPTION_DAYS: '7' })).toThrow(
      /RETENTION_EXCEPTION_DAYS must be between 30 and 3650/,
    );
    expect(loadConfig({}).retention).toEqual({
      sessionDays: 7,
      outboxDays: 90,
      webhookDays: 90,
      invitationDays: 90,
      exceptionDays: 365,
    });
  });
});
