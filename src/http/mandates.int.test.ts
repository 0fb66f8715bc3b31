import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

const office = E.accountant.number;
const bakery = demoClients[0]!; // its legal representative is Ilse Jacobs, a demo login

describe.each(engines)('mandates through the API on %s (issue 9)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let checker: { clientId: string; clientSecret: string };
  const call = async (
    method: string,
    url: string,
    person: string,
    body?: unknown,
    extra: Record<string, string> = {},
    // high by default: signing a mandate needs it (issue 13, finding 2)
    loa: 'substantial' | 'high' = 'high',
  ) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(await authHeader(deps, person, loa)), ...extra },
      ...(body !== undefined ? { payload: body as string } : {}),
    });
  const basic = () => ({
    authorization: basicAuth(checker),
  });
  const searchUse = (person: string) =>
    app.inject({
      method: 'POST',
      url: '/access/v1/search/resource',
      headers: basic(),
      payload: {
        subject: { type: 'person', id: person },
        action: { name: 'use' },
        resource: { type: 'online-service' },
      },
    });
  const check = (person: string, service: string, enterprise: string) =>
    app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: {
        authorization: basicAuth(checker),
      },
      payload: {
        subject: { type: 'person', id: person },
        resource: { type: 'online-service', id: service, properties: { enterprise } },
        action: { name: 'use' },
      },
    });

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    checker = await addApiClient(deps, { name: 'MyMinfin', scope: 'finance' });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('the office proposes to its clients, a client accepts, a client manager gives Lotte Finance, ending denies at once', async () => {
    // The office's LR makes himself its main access manager (standard procedure, eID).
    let r = await call(
      'PUT',
      `/api/v1/enterprises/${office}/main-access-manager`,
      P.tomMaes.number,
      { person: P.tomMaes.number, email: P.tomMaes.email, phone: '+32 3 555 12 12' },
      {},
      'high',
    );
    expect(r.statusCode, r.body).toBe(200);

    // Proposals to five clients from a spreadsheet, one line of which is wrong.
    const csv = [
      'enterprise;domains;services;validFrom;validUntil',
      ...demoClients.slice(0, 5).map((c) => `${c.number};finance;;;`),
      '0123.456.789;finance;;;',
    ].join('\n');
    r = await call('POST', `/api/v1/enterprises/${office}/mandates/bulk`, P.tomMaes.number, csv, {
      'content-type': 'text/csv',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ proposed: 5, refused: 1 });
    expect(r.json().items[5]).toMatchObject({
      line: 7,
      outcome: 'refused',
      code: 'identifier.invalid_enterprise_number',
    });

    // The bakery's LR sees the proposal and accepts it; the office could not accept its own.
    r = await call(
      'GET',
      `/api/v1/enterprises/${bakery.number}/mandates?side=mandator&status=proposed`,
      P.ilseJacobs.number,
    );
    expect(r.statusCode, r.body).toBe(200);
    const proposal = r.json().items[0];
    expect(proposal).toMatchObject({
      mandator: bakery.number,
      mandatary: office,
      status: 'proposed',
      counterpartName: 'Boekhoudkantoor Cijfers & Co',
    });
    r = await call('POST', `/api/v1/enterprises/${office}/mandates/${proposal.id}/accept`, P.tomMaes.number);
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().code).toBe('mandate.own_proposal');
    r = await call('POST', `/api/v1/enterprises/${bakery.number}/mandates/${proposal.id}/accept`, P.ilseJacobs.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().mandate.status).toBe('active');
    // Accepting twice is a clear refusal, not a 500 (issue 14, item 1: `status` collided with RFC 9457)
    r = await call('POST', `/api/v1/enterprises/${bakery.number}/mandates/${proposal.id}/accept`, P.ilseJacobs.number);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({ code: 'mandate.not_proposed', status: 409, mandateStatus: 'active' });

    // The office's HTB appoints Jonas client manager; Jonas gives Lotte the bakery's Finance services.
    const base = `/api/v1/enterprises/${office}/mandates/${proposal.id}`;
    r = await call('POST', `${base}/client-managers`, P.tomMaes.number, {
      person: P.jonasWillems.number,
      email: P.jonasWillems.email,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().appointments[0]).toMatchObject({
      kind: 'client',
      domain: 'finance',
      enterprise: bakery.number,
      mandate: proposal.id,
    });
    r = await call('POST', `${base}/grants`, P.jonasWillems.number, {
      person: P.lotteMartens.number,
      service: 'finance.biztax',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().grant).toMatchObject({
      enterprise: bakery.number,
      person: P.lotteMartens.number,
      mandate: proposal.id,
      grantedByRole: 'client',
    });
    // Jonas manages Finance only; even the office's HTB cannot grant beyond the mandate
    r = await call('POST', `${base}/grants`, P.jonasWillems.number, {
      person: P.lotteMartens.number,
      service: 'mobility.vehicle-registration',
    });
    expect(r.json().code).toBe('authorization.not_client_manager');
    r = await call('POST', `${base}/grants`, P.tomMaes.number, {
      person: P.lotteMartens.number,
      service: 'mobility.vehicle-registration',
    });
    expect(r.json().code).toBe('mandate.outside_scope');
    r = await call('POST', `/api/v1/enterprises/${office}/mandates/grants/bulk`, P.jonasWillems.number, {
      person: P.lotteMartens.number,
      services: ['finance.intervat'],
      clients: [bakery.number, demoClients[1]!.number],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((i: { outcome: string; code?: string }) => [i.outcome, i.code])).toEqual([
      ['done', undefined],
      ['refused', 'mandate.not_found'], // proposed, not accepted yet
    ]);

    // Lotte's resource list and the client's view of who acts for it.
    r = await call('GET', '/api/v1/me/clients', P.lotteMartens.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([
      {
        enterprise: bakery.number,
        name: bakery.name,
        services: ['finance.biztax', 'finance.intervat'],
        managedDomains: [],
        mandataries: [office],
        // the page needs the mandate and the office's name (issue 16, item 1)
        mandates: [
          { id: proposal.id, mandatary: office, mandataryName: 'Boekhoudkantoor Cijfers & Co', capacity: null },
        ],
      },
    ]);
    r = await call('GET', `/api/v1/enterprises/${bakery.number}/mandates/${proposal.id}`, P.ilseJacobs.number);
    expect(r.json().mandate.agents.map((a: { kind: string; person: string }) => [a.kind, a.person])).toEqual([
      ['client_manager', P.jonasWillems.number],
      ['user', P.lotteMartens.number],
      ['user', P.lotteMartens.number],
    ]);

    // The check API says yes, with the mandate in the chain.
    r = await check(P.lotteMartens.number, 'finance.biztax', bakery.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().decision).toBe(true);
    expect(r.json().context.chain.map((l: { kind: string; role: string }) => `${l.kind}:${l.role}`)).toEqual([
      'grant:user',
      'appointment:client',
      'appointment:main',
      'legal_representative:legal_representative',
      'mandate:mandate',
      'legal_representative:legal_representative',
    ]);

    // AuthZEN resource search lists the client's services for her, and each answers yes.
    r = await searchUse(P.lotteMartens.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().results).toEqual([
      { type: 'online-service', id: 'finance.biztax', properties: { enterprise: bakery.number } },
      { type: 'online-service', id: 'finance.intervat', properties: { enterprise: bakery.number } },
    ]);

    // The bakery ends the mandate: every derived right stops at that instant.
    r = await call('POST', `/api/v1/enterprises/${bakery.number}/mandates/${proposal.id}/end`, P.ilseJacobs.number, {
      reason: 'changed accountant',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      mandate: { status: 'ended', endedBySide: 'mandator' },
      endedAppointments: 1,
      revokedGrants: 2,
    });
    r = await check(P.lotteMartens.number, 'finance.biztax', bakery.number);
    expect(r.json().decision).toBe(false);
    r = await call('GET', '/api/v1/me/clients', P.lotteMartens.number);
    expect(r.json().items).toEqual([]);
    expect((await searchUse(P.lotteMartens.number)).json().results).toEqual([]);
    r = await call('POST', `${base}/grants`, P.jonasWillems.number, {
      person: P.lotteMartens.number,
      service: 'finance.biztax',
    });
    expect(r.statusCode).toBe(403);

    // Both sides were told at every step, each in its own language; both audit logs hold it; the chain verifies.
    const mails = (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute()).map(
      (x) => JSON.parse(x.payload),
    );
    const ended = mails.filter((m) => m.template === 'mandate_ended').map((m) => [m.to, m.language]);
    expect(ended.sort()).toEqual(
      [
        [P.ilseJacobs.email, 'nl'],
        [P.tomMaes.email, 'nl'],
      ].sort(),
    );
    expect(
      mails.some(
        (m) => m.template === 'client_manager_appointed' && m.to === P.jonasWillems.email && m.language === 'fr',
      ),
    ).toBe(true);
    expect(mails.some((m) => m.template === 'granted_under_mandate' && m.to === P.lotteMartens.email)).toBe(true);
    const events = (
      await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'webhook').execute()
    ).map((x) => JSON.parse(x.payload));
    for (const type of ['mandate.proposed', 'mandate.accepted', 'mandate.ended', 'grant.created']) {
      expect(
        events.some((e) => e.type === type && e.enterprise === bakery.number),
        type,
      ).toBe(true);
    }
    expect(events.find((e) => e.type === 'grant.created' && e.enterprise === bakery.number).data.mandate).toBe(
      proposal.id,
    );
    r = await call('GET', `/api/v1/enterprises/${office}/mandates?side=mandatary&status=all&limit=2`, P.tomMaes.number);
    expect(r.json().items, r.body).toHaveLength(2);
    expect(r.json().nextCursor).toBeTruthy();
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });

  it('answers problems for strangers and bad input', async () => {
    let r = await call('GET', `/api/v1/enterprises/${office}/mandates?side=mandatary`, P.lotteMartens.number);
    expect(r.statusCode).toBe(403);
    r = await call(
      'POST',
      `/api/v1/enterprises/${office}/mandates/00000000-0000-4000-8000-000000000000/accept`,
      P.tomMaes.number,
    );
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('mandate.not_found');
    r = await call('POST', `/api/v1/enterprises/${office}/mandates`, P.tomMaes.number, {
      mandator: bakery.number,
      mandatary: office,
      domains: ['finance'],
    });
    expect(r.statusCode).toBe(400);
    r = await call('POST', `/api/v1/enterprises/${office}/mandates`, P.tomMaes.number, {
      mandator: demoClients[9]!.number,
      domains: ['health'],
      validUntil: '2035-01-01',
    });
    expect(r.json()).toMatchObject({ code: 'mandate.term_too_long', maxMonths: 36 });
  });
});
