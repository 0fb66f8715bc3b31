/**
 * Issue 18, section 1: access requests end to end through the API, on SQLite and PostgreSQL.
 * A person asks; the people who could grant it get a mail in their language and see it in their
 * inbox; one approves through the direct grant's use case (the chain then says "on request of"),
 * or refuses with a reason the requester reads. Every refusal is a table row, and a refusal
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, appointTeam, demoDeps, expectOk, outboxMails, putMain, rowCount } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { checkAccess } from '../app/check-access.ts';
import { createChecker } from '../app/check-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number;
const A = E.accountant.number;
const DAY = 86_400_000;

describe.each(engines)('access requests on %s (issue 18)', (engine) => {
  let deps: TestDeps;
  let app: App;
  const call = apiCaller(() => ({ deps, app }));
  const ask = (person: string, body: Record<string, unknown>, en: string = B) =>
    call('POST', `/api/v1/enterprises/${en}/access-requests`, person, body);
  const approve = (person: string, id: string, body: Record<string, unknown> = {}, en: string = B) =>
    call('POST', `/api/v1/enterprises/${en}/access-requests/${id}/approve`, person, body);
  const refuse = (person: string, id: string, reason: string) =>
    call('POST', `/api/v1/enterprises/${B}/access-requests/${id}/refuse`, person, { reason });
  const withdraw = (person: string, id: string) =>
    call('POST', `/api/v1/me/access-requests/${id}/withdraw`, person, {});
  const inbox = async (person: string) => call('GET', `/api/v1/enterprises/${B}/access-requests`, person);
  const mine = async (person: string) =>
    (await call('GET', '/api/v1/me/access-requests', person)).json().requests as { id: string; status: string }[];
  const mails = (template: string) => outboxMails(deps, template);
  /** a fingerprint of everything a refusal must leave alone */
  const state = async () => {
    const n = (t: 'access_request' | 'access_grant' | 'appointment' | 'outbox') => rowCount(deps, t);
    const requests = await deps.db.db
      .selectFrom('access_request')
      .select(['id', 'status', 'updated_at'])
      .orderBy('id')
      .execute();
    return {
      requests,
      grants: await n('access_grant'),
      appointments: await n('appointment'),
      outbox: await n('outbox'),
    };
  };

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    expectOk(await putMain(call, B, P.anPeeters.number, P.sofieJanssens));
    await appointTeam(call, B, P.sofieJanssens.number, {
      coMains: [P.karimElAmrani],
      managers: [
        ['finance', P.juliaSchmitz],
        ['mobility', P.marcLambert],
      ],
    });
    // A: Lotte Martens is its main access manager (for the wrong-enterprise rows)
    expectOk(await putMain(call, A, P.tomMaes.number, P.lotteMartens));
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('a request reaches those who could grant it, by mail in their language and in their inbox; an approval grants it through the direct use case, and the chain says on whose request', async () => {
    const r = await ask(P.erikVos.number, {
      service: 'finance.biztax',
      role: 'declarant',
      message: '  I file the company tax return.\r\nThank you. ',
      validUntil: '2027-06-30',
    });
    expect(r.statusCode, r.body).toBe(201);
    const req = r.json().request;
    expect(req).toMatchObject({ status: 'open', kind: 'service', domain: 'finance', service: 'finance.biztax' });
    expect(req.message).toBe('I file the company tax return.\nThank you.');
    // main (nl), co-main (fr), the finance access manager (de); not mobility's access manager
    expect(r.json().notified).toBe(3);
    const received = (await mails('access_request_received')).filter((m) => m.params.message === req.message);
    expect(received.map((m) => [m.to, m.language]).sort()).toEqual(
      [
        [P.juliaSchmitz.email, 'de'],
        [P.karimElAmrani.email, 'fr'],
        [P.sofieJanssens.email, 'nl'],
      ].sort(),
    );
    expect(received[0]!.params.enterpriseName).toBeTruthy();

    // the inbox: only those who could decide it
    for (const who of [P.sofieJanssens, P.karimElAmrani, P.juliaSchmitz]) {
      const box = await inbox(who.number);
      expect(box.statusCode).toBe(200);
      expect(box.json().requests.map((x: { id: string }) => x.id)).toContain(req.id);
    }
    const marcs = await inbox(P.marcLambert.number);
    expect(marcs.statusCode).toBe(200);
    expect(marcs.json().requests.map((x: { id: string }) => x.id)).not.toContain(req.id);
    expect((await inbox(P.erikVos.number)).statusCode).toBe(403);

    const a = await approve(P.juliaSchmitz.number, req.id, { validUntil: '2027-03-31' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().request).toMatchObject({ status: 'approved', decidedBy: P.juliaSchmitz.number });
    const grant = await deps.db.db
      .selectFrom('access_grant')
      .selectAll()
      .where('id', '=', a.json().request.result)
      .executeTakeFirstOrThrow();
    expect(grant).toMatchObject({
      person_number: P.erikVos.number,
      service: 'finance.biztax',
      service_role: 'declarant',
      granted_by: P.juliaSchmitz.number,
      access_request_id: req.id,
    });
    expect(grant.valid_until).toBe('2027-03-31T21:59:59.999Z');
    // the same use case as a direct grant: its audit event and its mail to the grantee
    const created = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'after_json'])
      .where('action', 'in', ['grant.created', 'access_request.approved'])
      .orderBy('seq')
      .execute();
    expect(created.slice(-2).map((e) => e.action)).toEqual(['grant.created', 'access_request.approved']);
    expect(JSON.parse(created.at(-2)!.after_json!)).toMatchObject({ accessRequest: req.id });
    expect((await mails('granted')).some((m) => m.to === P.erikVos.email)).toBe(true);

    const answer = await checkAccess(
      createChecker(deps),
      { client: { id: 't', scope: new Set<string>(), isAll: true }, lang: 'en' },
      {
        subject: { type: 'person', id: P.erikVos.number },
        resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: B } },
        action: { name: 'use' },
      },
    );
    expect(answer.decision).toBe(true);
    expect(answer.context.chain[0]).toMatchObject({
      kind: 'grant',
      onRequestOf: P.erikVos.number,
      accessRequest: req.id,
    });
    expect(answer.context.reason_admin).toContain(`on request of ${P.erikVos.number}`);
    expect((await mine(P.erikVos.number)).find((x) => x.id === req.id)?.status).toBe('approved');
  });

  it('a request to be access manager is decided by the main or a co-main only, and appoints through the direct use case', async () => {
    const r = await ask(P.emmaWouters.number, {
      accessManagerOf: 'economy',
      message: 'I handle our filings.',
      email: P.emmaWouters.email,
      phone: '0470 12 34 56',
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().request.id;
    expect(r.json().notified).toBe(2);
    expect((await inbox(P.juliaSchmitz.number)).json().requests.map((x: { id: string }) => x.id)).not.toContain(id);
    const byJulia = await approve(P.juliaSchmitz.number, id);
    expect(byJulia.statusCode).toBe(403);
    expect(byJulia.json().code).toBe('authorization.not_manager');
    const a = await approve(P.karimElAmrani.number, id);
    expect(a.statusCode, a.body).toBe(200);
    const appointment = await deps.db.db
      .selectFrom('appointment')
      .selectAll()
      .where('id', '=', a.json().request.result)
      .executeTakeFirstOrThrow();
    expect(appointment).toMatchObject({
      kind: 'domain',
      domain: 'economy',
      person_number: P.emmaWouters.number,
      phone: '+32470123456',
      appointed_by: P.karimElAmrani.number,
      access_request_id: id,
    });
  });

  it('a refusal carries its reason to the requester, in the web app and by mail in their language', async () => {
    const id = (await ask(P.nadiaClaes.number, { service: 'mobility.vehicle-registration', message: 'Fleet.' })).json()
      .request.id;
    const r = await refuse(P.marcLambert.number, id, 'We use a fleet company for this.');
    expect(r.statusCode, r.body).toBe(200);
    const seen = (await call('GET', '/api/v1/me/access-requests', P.nadiaClaes.number)).json().requests;
    expect(seen.find((x: { id: string }) => x.id === id)).toMatchObject({
      status: 'refused',
      reason: 'We use a fleet company for this.',
    });
    const sent = (await mails('access_request_refused')).filter((m) => m.to === P.nadiaClaes.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.language).toBe('nl');
  });

  it('two approvals at once: one wins, the other gets 409, and one grant exists', async () => {
    const id = (await ask(P.ilseJacobs.number, { service: 'finance.intervat', message: 'VAT.' })).json().request.id;
    const [x, y] = await Promise.all([approve(P.sofieJanssens.number, id), approve(P.karimElAmrani.number, id)]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const lost = x.statusCode === 409 ? x : y;
    expect(['access_request.closed', 'access_request.concurrent_change', 'conflict.concurrent_change']).toContain(
      lost.json().code,
    );
    const grants = await deps.db.db
      .selectFrom('access_grant')
      .select('id')
      .where('access_request_id', '=', id)
      .execute();
    expect(grants).toHaveLength(1);
  });

  /** A fresh open request by Jonas Willems for a service of finance. */
  let n = 0;
  // finance services (Julia's domain); earlier rows' requests are withdrawn, so they can repeat
  const services = ['finance.tax-on-web-companies', 'finance.belcotax-on-web', 'finance.fisconetplus'];
  const openRequest = async (person = P.jonasWillems.number) => {
    // the per-enterprise limit is 3: withdraw what earlier rows left open
    for (const o of await mine(person)) if (o.status === 'open') await withdraw(person, o.id);
    const r = await ask(person, { service: services[n++ % services.length]!, message: 'Needed.' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().request.id as string;
  };

  const rows: {
    why: string;
    act: () => Promise<{ statusCode: number; json(): any }>;
    status: number;
    code: string;
    details?: Record<string, unknown>;
  }[] = [
    {
      why: 'wrong enterprise: a request of B approved through A by its own main access manager',
      act: async () => approve(P.lotteMartens.number, await openRequest(), {}, A),
      status: 404,
      code: 'access_request.not_found',
    },
    {
      why: 'approver without power (a stranger)',
      act: async () => approve(P.tomMaes.number, await openRequest()),
      status: 403,
      code: 'authorization.not_domain_manager',
    },
    {
      why: "approver of another domain (mobility's access manager, a finance request)",
      act: async () => approve(P.marcLambert.number, await openRequest()),
      status: 403,
      code: 'authorization.not_domain_manager',
    },
    {
      why: 'power lapsed between the request and the approval',
      act: async () => {
        const id = await openRequest();
        // Julia's appointment runs out: her end date passes before she approves
        const mine = await deps.db.db
          .selectFrom('appointment')
          .selectAll()
          .where('person_number', '=', P.juliaSchmitz.number)
          .where('domain', '=', 'finance')
          .where('ended_at', 'is', null)
          .executeTakeFirstOrThrow();
        const set = (v: Record<string, unknown>) =>
          deps.db.db.updateTable('appointment').set(v).where('id', '=', mine.id).execute();
        await set({ valid_until: new Date(deps.clock.now().getTime() - 1000).toISOString() });
        try {
          return await approve(P.juliaSchmitz.number, id);
        } finally {
          await set({ valid_until: null, ended_at: null, ended_by: null, end_reason: null });
        }
      },
      status: 403,
      code: 'authorization.not_domain_manager',
    },
    {
      why: 'expired request (ACCESS_REQUEST_TTL_DAYS, 30 by default)',
      act: async () => {
        const id = await openRequest();
        deps.clock.advance(31 * DAY);
        try {
          const r = await approve(P.juliaSchmitz.number, id);
          // the expiry was committed and audited, though the approval was refused
          const row = await deps.db.db
            .selectFrom('access_request')
            .select('status')
            .where('id', '=', id)
            .executeTakeFirst();
          expect(row?.status).toBe('expired');
          return r;
        } finally {
          deps.clock.advance(-31 * DAY);
        }
      },
      status: 409,
      code: 'access_request.expired',
    },
    {
      why: 'withdrawn request',
      act: async () => {
        const id = await openRequest();
        expect((await withdraw(P.jonasWillems.number, id)).statusCode).toBe(200);
        return approve(P.juliaSchmitz.number, id);
      },
      status: 409,
      code: 'access_request.closed',
      details: { state: 'withdrawn' },
    },
    {
      why: 'already decided (refused, then approved)',
      act: async () => {
        const id = await openRequest();
        expect((await refuse(P.juliaSchmitz.number, id, 'No.')).statusCode).toBe(200);
        return approve(P.karimElAmrani.number, id);
      },
      status: 409,
      code: 'access_request.closed',
      details: { state: 'refused' },
    },
    {
      why: "someone else's request, withdrawn by another person",
      act: async () => withdraw(P.tomMaes.number, await openRequest()),
      status: 404,
      code: 'access_request.not_found',
    },
    {
      why: "deciding on one's own request",
      act: async () => {
        // Julia manages finance and may grant its services, but not to herself on her own request
        const r = await ask(P.juliaSchmitz.number, { service: 'finance.intervat', message: 'Mine.' });
        expect(r.statusCode, r.body).toBe(201);
        return approve(P.juliaSchmitz.number, r.json().request.id);
      },
      status: 403,
      code: 'access_request.own_request',
    },
    {
      why: 'too many open requests at one enterprise (the limit is named)',
      act: async () => {
        for (const s of ['policy-support.e-notification', 'policy-support.telemarc', 'policy-support.mercurius']) {
          expect((await ask(P.lucDubois.number, { service: s, message: 'x' })).statusCode).toBe(201);
        }
        return ask(P.lucDubois.number, { service: 'policy-support.e-tendering', message: 'one more' });
      },
      status: 409,
      code: 'access_request.too_many_open',
      details: { limit: 3 },
    },
    {
      why: 'the same request twice',
      act: async () => {
        await ask(P.erikVos.number, { service: 'economy.statbel-surveys', message: 'x' });
        return ask(P.erikVos.number, { service: 'economy.statbel-surveys', message: 'again' });
      },
      status: 409,
      code: 'access_request.already_open',
    },
    {
      why: 'asking for what one holds already',
      act: async () =>
        ask(P.sofieJanssens.number, {
          accessManagerOf: 'finance',
          message: 'x',
          phone: '0470123456',
          email: P.sofieJanssens.email,
        }),
      status: 409,
      code: 'access_request.already_held',
    },
    {
      why: 'message too long',
      act: async () => ask(P.erikVos.number, { service: 'health.mycarenet', message: 'x'.repeat(1001) }),
      status: 400,
      code: 'validation.invalid_input',
      details: { field: 'message' },
    },
    {
      why: 'message with a bidirectional override (not printable)',
      act: async () => ask(P.erikVos.number, { service: 'health.mycarenet', message: 'pay \u202Eexe.txt' }),
      status: 400,
      code: 'validation.invalid_input',
      details: { field: 'message' },
    },
    {
      why: 'empty message after trimming',
      act: async () => ask(P.erikVos.number, { service: 'health.mycarenet', message: ' \n ' }),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'wished end date in the past',
      act: async () => ask(P.erikVos.number, { service: 'health.mycarenet', message: 'x', validUntil: '2020-01-01' }),
      status: 400,
      code: 'appointment.end_date_in_past',
    },
    {
      why: 'approval end date in the past',
      act: async () => approve(P.juliaSchmitz.number, await openRequest(), { validUntil: '2020-01-01' }),
      status: 400,
      code: 'appointment.end_date_in_past',
    },
    {
      why: 'unknown service',
      act: async () => ask(P.erikVos.number, { service: 'finance.nope', message: 'x' }),
      status: 404,
      code: 'catalogue.unknown_service',
    },
    {
      why: 'unknown role',
      act: async () => ask(P.erikVos.number, { service: 'finance.biztax', role: 'admin', message: 'x' }),
      status: 404,
      code: 'catalogue.unknown_role',
    },
    {
      why: 'unknown domain',
      act: async () => ask(P.erikVos.number, { accessManagerOf: 'space', message: 'x', phone: '0470123456' }),
      status: 404,
      code: 'catalogue.unknown_domain',
    },
    {
      why: '__proto__ as a service',
      act: async () => ask(P.erikVos.number, { service: '__proto__', message: 'x' }),
      status: 404,
      code: 'catalogue.unknown_service',
    },
    {
      why: '__proto__ as a domain',
      act: async () => ask(P.erikVos.number, { accessManagerOf: '__proto__', message: 'x', phone: '0470123456' }),
      status: 404,
      code: 'catalogue.unknown_domain',
    },
    {
      why: 'a __proto__ key in the body',
      act: async () =>
        app.inject({
          method: 'POST',
          url: `/api/v1/enterprises/${B}/access-requests`,
          headers: { ...(await authHeader(deps, P.erikVos.number)), 'content-type': 'application/json' },
          payload: '{"service":"health.mycarenet","message":"x","__proto__":{"status":"approved"}}',
        }),
      status: 400,
      code: 'request.malformed',
    },
    {
      why: 'a service whose users another system manages',
      act: async () => ask(P.erikVos.number, { service: 'social-security.dimona', message: 'x' }),
      status: 422,
      code: 'grant.managed_elsewhere',
    },
    {
      why: 'a service and a domain at once',
      act: async () => ask(P.erikVos.number, { service: 'health.mycarenet', accessManagerOf: 'health', message: 'x' }),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'asking to be access manager without a phone number',
      act: async () => ask(P.erikVos.number, { accessManagerOf: 'health', message: 'x' }),
      status: 400,
      code: 'validation.invalid_input',
      details: { field: 'phone' },
    },
    {
      why: 'a stopped enterprise',
      act: async () => ask(P.erikVos.number, { service: 'health.mycarenet', message: 'x' }, E.stopped.number),
      status: 422,
      code: 'enterprise.stopped',
    },
    {
      why: 'refusal without a reason',
      act: async () => refuse(P.juliaSchmitz.number, await openRequest(), '   '),
      status: 400,
      code: 'validation.invalid_input',
    },
  ];

  it.each(rows.map((r) => [r.why, r] as const))('refuses: %s, and changes nothing', async (_why, row) => {
    const seqBefore = Number(
      (
        await deps.db.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );
    let before: Awaited<ReturnType<typeof state>> | undefined;
    const inject = app.inject.bind(app);
    // the row's own set-up (asking, withdrawing) happens inside act: the fingerprint is taken
    // before each call, so what is compared is the state just before the call under test (the last)
    (app as { inject: unknown }).inject = async (opts: unknown) => {
      before = await state();
      return inject(opts as never);
    };
    let r: { statusCode: number; json(): any };
    try {
      r = await row.act();
    } finally {
      (app as { inject: unknown }).inject = inject;
    }
    const after = await state();
    expect(r.statusCode, JSON.stringify(r.json())).toBe(row.status);
    expect(r.json().code).toBe(row.code);
    if (row.details) expect(r.json()).toMatchObject(row.details);
    if (row.code === 'access_request.expired') {
      // the expiry itself is written (and audited) even though the approval is refused
      expect(after.requests.filter((x) => x.status === 'expired').length).toBeGreaterThan(
        before!.requests.filter((x) => x.status === 'expired').length,
      );
    } else {
      expect(after).toEqual(before);
    }
    if (r.statusCode === 403 || r.statusCode === 409) {
      const refused = await deps.db.db
        .selectFrom('audit_event')
        .select(['action', 'after_json'])
        .where('seq', '>', seqBefore)
        .where('action', '=', 'security.refused')
        .execute();
      expect(refused.some((e) => JSON.parse(e.after_json!).code === row.code)).toBe(true);
    }
  });
});
