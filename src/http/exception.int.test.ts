import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequester, proposedSofie } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { isValidProof, solveChallenge } from '../domain/proof-of-work.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import type { Config } from '../infra/config.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
// A Windows executable (MZ header) that pretends to be a PDF by its name and declared type.
const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(120, 7)]);

const brewery = E.brewery.number;
const op1 = P.erikVos.number;
const op2 = P.nadiaClaes.number;

/** A requester from abroad: no Belgian number, a German passport. */

type File = { kind: string; name: string; bytes: Buffer; type?: string };
const defaultFiles: File[] = [
  { kind: 'signed_form', name: 'formulier.pdf', bytes: pdf },
  { kind: 'identity_document', name: 'pass.png', bytes: png },
  { kind: 'proof_of_representation', name: 'statuten.pdf', bytes: pdf },
];

async function multipart(fields: Record<string, string>, files: File[]) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files)
    fd.append(f.kind, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/pdf' }), f.name);
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
}

describe.each(engines)('the exception procedure on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let attachmentsDir: string;

  const as = async (person: string | null, loa: 'low' | 'substantial' | 'high' = 'substantial') =>
    person ? await authHeader(deps, person, loa) : {};
  const call = async (method: 'GET' | 'POST', url: string, person: string | null, body?: object, on: App = app) =>
    on.inject({ method, url, headers: await as(person), ...(body ? { payload: body } : {}) });

  async function submit(
    opts: { en?: string; requester?: object; proposed?: object; reason?: string; files?: File[]; on?: App } = {},
  ) {
    const on = opts.on ?? app;
    const c = (await on.inject({ method: 'GET', url: '/api/v1/exception-requests/challenge' })).json();
    const body = {
      requester: opts.requester ?? foreignRequester,
      proposed: opts.proposed ?? proposedSofie,
      reason: opts.reason ?? 'no_eid',
      reasonText: 'Kein belgischer eID; ausländischer Geschäftsführer.',
      challenge: c.challenge,
      nonce: solveChallenge(c.challenge, c.difficulty),
    };
    const { payload, contentType } = await multipart({ request: JSON.stringify(body) }, opts.files ?? defaultFiles);
    return on.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${opts.en ?? brewery}/exception-requests`,
      payload,
      headers: { 'content-type': contentType },
    });
  }

  async function mails(template?: string) {
    const rows = await deps.db.db
      .selectFrom('outbox')
      .select(['payload'])
      .where('channel', '=', 'mail')
      .orderBy('seq')
      .execute();
    return rows
      .map(
        (r) =>
          JSON.parse(r.payload) as { to: string; language: string; template: string; params: Record<string, string> },
      )
      .filter((m) => !template || m.template === template);
  }

  async function followToken(reference: string) {
    const code = (await mails()).filter((m) => m.params.reference === reference && m.params.code).at(-1)?.params.code;
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/exception-requests/follow',
      payload: { reference, code },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().token as string;
  }

  const decide = (id: string, person: string, body: object, on: App = app) =>
    call('POST', `/api/v1/service-desk/exception-requests/${id}/decisions`, person, body, on);

  async function idOf(reference: string) {
    const row = await deps.db.db
      .selectFrom('exception_request')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A second app on the same database with other exception settings. */
  const withConfig = (exception: Partial<Config['exception']>) =>
    buildApp({ ...deps, config: { ...deps.config, exception: { ...deps.config.exception, ...exception } } });

  beforeAll(async () => {
    attachmentsDir = await mkdtemp(join(tmpdir(), 'btb-exception-'));
    deps = await makeTestDeps(engine, {
      ATTACHMENTS_DIR: attachmentsDir,
      EXCEPTION_POW_DIFFICULTY: '8',
      EXCEPTION_FOUR_EYES: 'true',
      ATTACHMENT_MAX_FILE_MB: '1',
      ATTACHMENT_MAX_REQUEST_MB: '2',
      EXCEPTION_RATE_PER_ADDRESS_PER_HOUR: '100',
    });
    await seedDemo(deps);
    await addOperator(deps, { person: op1 });
    await addOperator(deps, { person: op2 });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
    await rm(attachmentsDir, { recursive: true, force: true });
  });

  it('takes a foreign requester through to an approved main access manager who then appoints access managers (four eyes)', async () => {
    let r = await submit();
    expect(r.statusCode, r.body).toBe(201);
    const { reference, targetDate } = r.json();
    expect(reference).toMatch(/^EXC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(targetDate).toBe('2026-12-11'); // 10 working days after Saturday 28 November 2026
    const [received] = await mails('exception_submitted');
    expect(received).toMatchObject({ to: foreignRequester.email, language: 'de', params: { reference } });
    expect(received?.params.code).toMatch(/^[0-9A-Z]{10}$/);

    // The requester follows the request with the code of the mail; the code works once.
    const token = await followToken(reference);
    r = await app.inject({
      method: 'POST',
      url: '/api/v1/exception-requests/follow',
      payload: { reference, code: received?.params.code },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('exception.invalid_code');
    r = await app.inject({
      method: 'GET',
      url: '/api/v1/exception-requests/follow',
      headers: { 'x-follow-token': token },
    });
    expect(r.json()).toMatchObject({ reference, status: 'submitted', enterprise: brewery });
    expect(r.json().attachments).toHaveLength(3);

    // The queue: oldest first, with the time left.
    r = await call('GET', '/api/v1/service-desk/exception-requests', op1);
    expect(r.statusCode, r.body).toBe(200);
    const item = r.json().items.find((i: { reference: string }) => i.reference === reference);
    expect(item).toMatchObject({
      status: 'submitted',
      workingDaysLeft: 10,
      warning: null,
      reason: 'no_eid',
      enterpriseName: 'Brouwerij De Drie Sleutels',
    });
    const id = item.id as string;

    // The request's page: the register's view, the documents, the history; viewing is audited.
    r = await call('POST', `/api/v1/service-desk/exception-requests/${id}/views`, op1);
    expect(r.statusCode, r.body).toBe(200);
    const page = r.json();
    expect(page.requester).toMatchObject({
      familyName: 'Müller',
      personNumber: null,
      idDocument: { issuingCountry: 'DE' },
    });
    expect(page.register).toMatchObject({ found: true, isStopped: false });
    expect(
      page.register.functions
        .filter((f: { isCurrent: boolean }) => f.isCurrent)
        .map((f: { person: string }) => f.person)
        .sort(),
    ).toEqual([P.anPeeters.number, P.lucDubois.number].sort());
    expect(page.attachments.map((a: { kind: string }) => a.kind)).toEqual([
      'signed_form',
      'identity_document',
      'proof_of_representation',
    ]);
    expect(page.missingDocuments).toEqual([]);
    const viewed = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor', 'enterprise_number'])
      .where('action', '=', 'exception_request.viewed')
      .execute();
    expect(viewed).toContainEqual({ actor: op1, enterprise_number: brewery });

    // Documents open inline for operators: opening (POST, audited) gives the link that shows it.
    r = await call('POST', page.attachments[1].url, op1);
    expect(r.statusCode, r.body).toBe(200);
    r = await call('GET', r.json().url, op1);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['content-disposition']).toMatch(/^inline/);
    expect(r.rawPayload.equals(png)).toBe(true);

    // More information, answered by the requester with an extra document.
    r = await decide(id, op1, {
      decision: 'ask_info',
      message: 'Bitte senden Sie einen aktuellen Handelsregisterauszug.',
    });
    expect(r.json().status).toBe('info_requested');
    const info = (await mails('exception_info')).at(-1);
    expect(info).toMatchObject({
      language: 'de',
      params: { question: 'Bitte senden Sie einen aktuellen Handelsregisterauszug.', reference },
    });
    // the question brings a fresh one-time code that opens the request (issue 16, item 9)
    expect(info?.params.code).toMatch(/^[0-9A-Z]{10}$/);
    expect(info?.params.codeExpires).toBe('2026-12-12 10:00');
    r = await app.inject({
      method: 'POST',
      url: '/api/v1/exception-requests/follow',
      payload: { reference, code: info?.params.code },
    });
    expect(r.statusCode, r.body).toBe(200);
    const answer = await multipart({ message: 'Anbei der Auszug.' }, [
      { kind: 'proof_of_representation', name: 'auszug.pdf', bytes: pdf },
    ]);
    r = await app.inject({
      method: 'POST',
      url: '/api/v1/exception-requests/follow/answer',
      payload: answer.payload,
      headers: { 'content-type': answer.contentType, 'x-follow-token': token },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'answered', attachmentsAdded: 1 });

    // Four eyes: the approver cannot confirm; a second operator can.
    r = await decide(id, op1, { decision: 'approve', message: 'Documents in order.' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'pending_confirmation', appointment: null });
    r = await decide(id, op1, { decision: 'confirm' });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('exception.four_eyes_same_operator');
    r = await decide(id, op2, { decision: 'confirm' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'approved',
      appointment: { person: P.sofieJanssens.number, procedure: 'exception' },
    });
    expect((await mails('exception_approved')).at(-1)).toMatchObject({ to: foreignRequester.email, language: 'de' });
    const appointment = await deps.db.db
      .selectFrom('appointment')
      .selectAll()
      .where('kind', '=', 'main')
      .where('enterprise_number', '=', brewery)
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(appointment).toMatchObject({
      person_number: P.sofieJanssens.number,
      procedure: 'exception',
      appointed_by_role: 'service_desk',
      exception_request_id: id,
    });
    r = await decide(id, op2, { decision: 'reject', message: 'too late' });
    expect(r.statusCode, r.body).toBe(409);

    // The new main access manager logs in and appoints an access manager through the usual API.
    r = await call('POST', `/api/v1/enterprises/${brewery}/domains/finance/access-managers`, P.sofieJanssens.number, {
      person: P.juliaSchmitz.number,
      email: P.juliaSchmitz.email,
      phone: '+32 2 123 45 68',
    });
    expect(r.statusCode, r.body).toBe(201);

    r = await app.inject({
      method: 'GET',
      url: '/api/v1/exception-requests/follow',
      headers: { 'x-follow-token': token },
    });
    expect(r.json().status).toBe('approved');
    expect(await verifyAudit(deps.db.db)).toMatchObject({ ok: true });
  });

  it('refuses an executable renamed .pdf, by its content, and stores nothing', async () => {
    const before = await deps.db.db.selectFrom('exception_request').select('id').execute();
    const r = await submit({
      files: [{ kind: 'signed_form', name: 'formulier.pdf', bytes: exe, type: 'application/pdf' }],
    });
    expect(r.statusCode).toBe(415);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'attachment.unsupported_type', filename: 'formulier.pdf' });
    expect(await deps.db.db.selectFrom('exception_request').select('id').execute()).toHaveLength(before.length);
  });

  it('an identity document expires on the Brussels day; an impossible expiry is refused (issue 14, item 2)', async () => {
    const saved = deps.clock.now().toISOString();
    try {
      deps.clock.set('2026-11-28T23:30:00.000Z'); // 00:30 on 29 November in Brussels
      for (const expiry of ['2026-11-28', '2031-02-30']) {
        const r = await submit({
          requester: { ...foreignRequester, idDocument: { ...foreignRequester.idDocument, expiry } },
        });
        expect(r.statusCode, `${expiry}: ${r.body}`).toBe(400);
        expect(r.json()).toMatchObject({ code: 'validation.invalid_input', field: 'requester.idDocument.expiry' });
      }
    } finally {
      deps.clock.set(saved);
    }
  });

  it('refuses a file over the per-file limit and a request over the per-request limit', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(1024 * 1024 + 1)]);
    let r = await submit({ files: [{ kind: 'signed_form', name: 'big.pdf', bytes: big }] });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: 'attachment.too_large', limitBytes: 1024 * 1024 });
    const almost = Buffer.concat([pdf, Buffer.alloc(900 * 1024)]);
    r = await submit({ files: [1, 2, 3].map((i) => ({ kind: 'other', name: `p${i}.pdf`, bytes: almost })) });
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('attachment.request_too_large');
  });

  it('refuses a submission without a valid proof of work', async () => {
    const c = (await app.inject({ method: 'GET', url: '/api/v1/exception-requests/challenge' })).json();
    // a nonce that, checked, does not meet the difficulty
    let wrong = 0;
    while (isValidProof(c.challenge, c.difficulty, `w${wrong}`)) wrong++;
    const body = {
      requester: foreignRequester,
      proposed: proposedSofie,
      reason: 'no_eid',
      challenge: c.challenge,
      nonce: `w${wrong}`,
    };
    const { payload, contentType } = await multipart({ request: JSON.stringify(body) }, defaultFiles);
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${brewery}/exception-requests`,
      payload,
      headers: { 'content-type': contentType },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('exception.challenge_invalid');
  });

  it('mails the reason of a rejection, in the requester’s language', async () => {
    const r0 = await submit({ requester: { ...foreignRequester, email: 'claire@example.fr', language: 'fr' } });
    const { reference } = r0.json();
    const id = await idOf(reference);
    const r = await decide(id, op1, {
      decision: 'reject',
      message: 'La preuve de représentation ne mentionne pas le demandeur.',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('rejected');
    const mail = (await mails('exception_rejected')).at(-1);
    expect(mail).toMatchObject({
      to: 'claire@example.fr',
      language: 'fr',
      params: { reference, reason: 'La preuve de représentation ne mentionne pas le demandeur.' },
    });
  });

  it('applies the eligibility rule unless an override reason is recorded; flags duplicates', async () => {
    const { reference } = (
      await submit({
        proposed: { ...proposedSofie, personNumber: P.tomMaes.number, familyName: 'Maes', givenName: 'Tom' },
      })
    ).json();
    const id = await idOf(reference);
    let r = await decide(id, op1, { decision: 'approve' });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('appointment.not_eligible');
    // an operator named in the request cannot decide it
    r = await call('POST', `/api/v1/service-desk/exception-requests/${id}/views`, op2);
    expect(r.json().otherRequests.length).toBeGreaterThan(0);
    r = await decide(id, op1, {
      decision: 'approve',
      overrideReason: 'Foreign parent company: appointed by the board, minutes attached.',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('pending_confirmation');
    r = await decide(id, op2, { decision: 'confirm' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().appointment).toMatchObject({ person: P.tomMaes.number });
    const ev = await deps.db.db
      .selectFrom('audit_event')
      .select('after_json')
      .where('action', '=', 'main_access_manager.replaced')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.after_json ?? '{}')).toMatchObject({
      overrideReason: 'Foreign parent company: appointed by the board, minutes attached.',
      exceptionRequest: id,
    });
  });

  it('approves in one step when four eyes is off', async () => {
    const single = await withConfig({ fourEyes: false });
    try {
      const r0 = await submit({
        on: single,
        en: E.newSeries.number,
        proposed: {
          personNumber: P.emmaWouters.number,
          familyName: 'Wouters',
          givenName: 'Emma',
          email: P.emmaWouters.email,
          phone: '+32 470 12 34 56',
        },
        reason: 'not_in_register',
      });
      expect(r0.statusCode, r0.body).toBe(201);
      const id = await idOf(r0.json().reference);
      const r = await decide(id, op1, { decision: 'approve' }, single);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({
        status: 'approved',
        appointment: { person: P.emmaWouters.number, procedure: 'exception' },
      });
      expect((await decide(id, op2, { decision: 'confirm' }, single)).statusCode).toBe(409);
    } finally {
      await single.close();
    }
  });

  it('gives a non-operator 403 on every service desk route, and asks a stranger to log in', async () => {
    const id = await idOf((await mails('exception_submitted'))[0]?.params.reference ?? '');
    const att = await deps.db.db
      .selectFrom('exception_attachment')
      .select('id')
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    const routes: ['GET' | 'POST', string, object?][] = [
      ['GET', '/api/v1/service-desk/exception-requests'],
      ['POST', `/api/v1/service-desk/exception-requests/${id}/views`],
      ['POST', `/api/v1/service-desk/exception-requests/${id}/attachments/${att.id}/views`],
      ['GET', `/api/v1/service-desk/exception-requests/${id}/attachments/${att.id}?token=1.x`],
      ['POST', `/api/v1/service-desk/exception-requests/${id}/decisions`, { decision: 'reject', message: 'x' }],
      ['POST', `/api/v1/service-desk/enterprises/${brewery}/managers/look-ups`, {}],
    ];
    for (const [method, url, body] of routes) {
      // a legal representative with high assurance is still not an operator
      const r = await call(method, url, P.anPeeters.number, body);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(r.json().code).toBe('authorization.not_operator');
      expect((await call(method, url, null, body)).statusCode, `${method} ${url}`).toBe(401);
    }
    // an operator at low assurance must step up
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/service-desk/exception-requests',
      headers: await as(op1, 'low'),
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('authentication.insufficient_assurance');
  });

  it('audits an operator’s look-up of an enterprise’s managers', async () => {
    const r = await call('POST', `/api/v1/service-desk/enterprises/${brewery}/managers/look-ups`, op2, {
      purpose: 'phone call',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().managers.map((m: { kind: string }) => m.kind)).toContain('main');
    const ev = await deps.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'managers.looked_up')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ actor: op2, actor_role: 'service_desk', enterprise_number: brewery });
  });

  it('limits submissions per requester address, not per enterprise (issue 13, finding 10)', async () => {
    const limited = await withConfig({ ratePerAddressPerHour: 1 });
    try {
      const first = await submit({ on: limited, en: E.accountant.number });
      expect(first.statusCode, first.body).toBe(201);
      const second = await submit({ on: limited, en: E.selfEmployed.number }); // same address, another enterprise
      expect(second.statusCode).toBe(429);
      expect(second.json()).toMatchObject({
        code: 'rate_limit.exceeded',
        limit: 'exception.per_address',
        retryAfterSeconds: expect.any(Number),
      });
    } finally {
      await limited.close();
    }
  });

  it('warns when a request nears or passes its target', async () => {
    const { reference } = (
      await submit({ en: E.selfEmployed.number, proposed: { ...proposedSofie, personNumber: P.marcLambert.number } })
    ).json();
    const queueItem = async () =>
      (await call('GET', `/api/v1/service-desk/exception-requests?enterprise=${E.selfEmployed.number}`, op1))
        .json()
        .items.find((i: { reference: string }) => i.reference === reference);
    deps.clock.set('2026-12-10T10:00:00.000Z');
    expect(await queueItem()).toMatchObject({ workingDaysLeft: 1, warning: 'near' });
    deps.clock.set('2026-12-14T10:00:00.000Z');
    expect(await queueItem()).toMatchObject({ workingDaysLeft: -1, warning: 'past' });
    deps.clock.set('2026-11-28T09:00:00.000Z');
  });

  it('serves the request form as a PDF, blank or pre-filled', async () => {
    let r = await app.inject({ method: 'GET', url: '/api/v1/exception-requests/form.pdf?lang=fr' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    r = await app.inject({
      method: 'POST',
      url: '/api/v1/exception-requests/form.pdf',
      payload: { language: 'de', enterprise: brewery, requester: foreignRequester },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
