/**
 * Issue 19, section 2: an enterprise without a KBO number, registered by the service desk with
 * four eyes, then working in the chain under its F-number like a KBO enterprise: its recorded
 * legal representative (here an eIDAS person) appoints a main access manager by the standard
 * procedure, who grants; the check API answers for the F-number in any accepted spelling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, basicAuth, demoDeps, eidasCaller, personUse } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { makeEnterpriseNumber } from '../domain/identifiers.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const jan = 'NL/BE/NL1234567890';
const base = '/api/v1/service-desk/foreign-enterprises';
/** the test clock starts on 2026-11-28 */
const registration = (over: Record<string, unknown> = {}) => ({
  homeRegister: 'Kamer van Koophandel (Handelsregister)',
  euid: 'nlnhr.12345678',
  name: 'Vlaskwekerij De Wit BV',
  country: 'nl',
  representatives: [
    { person: ' nl / be / NL1234567890 ', familyName: 'de Wit', givenName: 'Jan', endDate: '2027-06-30' },
  ],
  documents: [{ kind: 'proof_of_representation', filename: 'uittreksel KvK.pdf', contentBase64: pdf }],
  ...over,
});

describe.each(engines)('foreign enterprises on %s (issue 19, section 2)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  const op1 = P.lucDubois.number;
  const op2 = P.lotteMartens.number;

  const call = apiCaller(() => ({ deps, app }));
  const asJan = eidasCaller(() => ({ deps, app }), jan);
  const check = async (person: string, enterprise: string) =>
    (
      await app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: {
          authorization: basicAuth(client),
        },
        payload: personUse(person, 'finance.biztax', enterprise),
      })
    ).json();
  const count = async () => (await deps.db.db.selectFrom('foreign_enterprise').select('number').execute()).length;

  beforeAll(async () => {
    deps = await demoDeps(engine, { env: { EXCEPTION_FOUR_EYES: 'true' } });
    app = await buildApp(deps);
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    await addOperator(deps, { person: op1 });
    await addOperator(deps, { person: op2 });
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  const rep = (over: Record<string, string>) => ({
    representatives: [{ person: jan, familyName: 'de Wit', givenName: 'Jan', endDate: '2027-06-30', ...over }],
  });
  it.each([
    ['not an operator', P.tomMaes.number, registration(), 403, { code: 'authorization.not_operator' }],
    ['an EUID of no EU/EEA country', op1, registration({ euid: 'USSEC.123', country: 'NL' }), 400, { field: 'euid' }],
    ['an EUID of another country', op1, registration({ euid: 'DEK1101R.HRB1' }), 400, { reason: 'country_mismatch' }],
    ['a Belgian enterprise', op1, registration({ euid: 'BEKBO.0403199702', country: 'BE' }), 400, { field: 'country' }],
    ['neither EUID nor national number', op1, registration({ euid: ' ' }), 400, { field: 'euid' }],
    [
      'an end date beyond 36 months',
      op1,
      registration(rep({ endDate: '2029-11-29' })),
      400,
      { field: 'representatives/0/endDate' },
    ],
    [
      'an end date in the past',
      op1,
      registration(rep({ endDate: '2026-11-28' })),
      400,
      { field: 'representatives/0/endDate' },
    ],
    ['no date', op1, registration(rep({ endDate: '2027-02-30' })), 400, { field: 'representatives/0/endDate' }],
    ['an invalid person', op1, registration(rep({ person: 'US/BE/123' })), 400, { field: 'representatives/0/person' }],
    ['a name with a control character', op1, registration({ name: 'De Wit\u0000BV' }), 400, { field: 'name' }],
    ['no document', op1, registration({ documents: [] }), 400, {}],
    [
      'a document that is no PDF, PNG or JPEG',
      op1,
      registration({
        documents: [{ kind: 'other', filename: 'x.exe', contentBase64: Buffer.from('MZ!!').toString('base64') }],
      }),
      415,
      { code: 'attachment.unsupported_type' },
    ],
  ])('refuses %s, creating nothing', async (_what, person, body, status, problem) => {
    const r = await call('POST', base, person, body);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject(problem);
    expect(await count()).toBe(0);
  });

  it.each([
    ['F123', 400, 'identifier.invalid_enterprise_number'],
    ['__proto__', 400, 'identifier.invalid_enterprise_number'],
    ['F00000019%EF%BC%96', 400, 'identifier.invalid_enterprise_number'],
    ['F000000295', 404, 'foreign_enterprise.not_found'],
  ])('answers GET %s with %i', async (number, status, code) => {
    const r = await call('GET', `${base}/${number}`, op1);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
  });

  it('registers with four eyes; the enterprise then works in the chain under its F-number', async () => {
    const proposed = await call('POST', base, op1, registration());
    expect(proposed.statusCode, proposed.body).toBe(201);
    const number = proposed.json().number as string;
    expect(proposed.json()).toMatchObject({
      number: 'F000000196',
      euid: 'NLNHR.12345678',
      country: 'NL',
      status: 'proposed',
      representatives: [{ person: jan, endDate: '2027-06-30', status: 'proposed' }],
      documents: [{ kind: 'proof_of_representation', contentType: 'application/pdf' }],
    });
    // not in the chain before a second operator confirms
    const early = await asJan('PUT', `/api/v1/enterprises/${number}/main-access-manager`, {
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      phone: '+3221234567',
    });
    expect(early.json().code).toBe('enterprise.not_found');
    const twice = await call('POST', base, op2, registration({ euid: 'NLNHR.12345678' }));
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'foreign_enterprise.duplicate', field: 'euid' });
    const same = await call('POST', `${base}/${number}/decisions`, op1, { decision: 'confirm' });
    expect(same.statusCode).toBe(403);
    expect(same.json().code).toBe('exception.four_eyes_same_operator');
    const notDesk = await call('POST', `${base}/${number}/decisions`, P.tomMaes.number, { decision: 'confirm' });
    expect(notDesk.statusCode).toBe(403);

    const confirmed = await call('POST', `${base}/f000.000.196/decisions`, op2, { decision: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'registered',
      decidedBy: op2,
      representatives: [{ person: jan, status: 'active' }],
    });
    const again = await call('POST', `${base}/${number}/decisions`, op1, { decision: 'reject' });
    expect(again.json().code).toBe('foreign_enterprise.not_proposed');

    // public register data answers for it, in its display form
    const pub = await call('GET', `/api/v1/enterprises/f000000196`, null);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ number, display: 'F000.000.196', status: { isActive: true } });

    // its legal representative, an eIDAS person, appoints himself main access manager (no
    // employment register knows a foreign enterprise's staff) and grants
    const main = await asJan('PUT', '/api/v1/enterprises/F%20000%20000%20196/main-access-manager', {
      person: jan,
      email: 'jan@dewit.example.nl',
      phone: '+31201234567',
    });
    expect(main.statusCode, main.body).toBe(200);
    expect(main.json().appointment).toMatchObject({ enterprise: number, person: jan });
    const grant = await asJan('POST', `/api/v1/enterprises/${number}/grants`, {
      person: P.juliaSchmitz.number,
      service: 'finance.biztax',
    });
    expect(grant.statusCode, grant.body).toBe(201);
    expect(await check(P.juliaSchmitz.number, 'f000.000.196')).toMatchObject({ decision: true });
    expect(await check(P.juliaSchmitz.number, 'F000000295')).toMatchObject({ decision: false });

    const list = await call('GET', `${base}?status=registered`, op1);
    expect(list.json().items).toEqual([
      expect.objectContaining({ number, status: 'registered', nextRepresentativeEnd: '2027-06-30' }),
    ]);
    const actions = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'enterprise_number', 'after_json'])
      .where((eb) => eb.or([eb('action', 'like', 'foreign_enterprise.%'), eb('action', '=', 'security.refused')]))
      .orderBy('seq')
      .execute();
    expect(actions.filter((a) => a.action.startsWith('foreign')).map((a) => a.action)).toEqual([
      'foreign_enterprise.proposed',
      'foreign_enterprise.registered',
    ]);
    // the refusals were audited: not an operator, duplicate, same operator, decided twice...
    expect(
      actions.filter((a) => a.action === 'security.refused').map((a) => JSON.parse(a.after_json ?? '{}').code),
    ).toEqual(
      expect.arrayContaining([
        'authorization.not_operator',
        'foreign_enterprise.duplicate',
        'exception.four_eyes_same_operator',
        'foreign_enterprise.not_proposed',
      ]),
    );
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });

  it('when the recorded power ends, the representative no longer acts, as for a KBO function that ended', async () => {
    deps.clock.set('2027-07-01T08:00:00.000Z');
    try {
      const r = await asJan('PUT', '/api/v1/enterprises/F000000196/main-access-manager', {
        person: P.juliaSchmitz.number,
        email: P.juliaSchmitz.email,
        phone: '+3221234567',
      });
      expect(r.statusCode, r.body).toBe(403);
    } finally {
      deps.clock.set('2026-11-28T09:00:00.000Z');
    }
  });

  it('two operators deciding at once: exactly one decision wins (conditional update, both engines)', async () => {
    const op3 = P.nadiaClaes.number;
    await addOperator(deps, { person: op3 });
    const proposed = await call('POST', base, op1, registration({ euid: 'DEK1101R.HRB116737', country: 'DE' }));
    expect(proposed.statusCode, proposed.body).toBe(201);
    const number = proposed.json().number as string;
    const answers = await Promise.all([
      call('POST', `${base}/${number}/decisions`, op2, { decision: 'confirm' }),
      call('POST', `${base}/${number}/decisions`, op3, { decision: 'reject' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const row = await deps.db.db
      .selectFrom('foreign_enterprise')
      .select('status')
      .where('number', '=', number)
      .execute();
    const inChain = await deps.db.db.selectFrom('enterprise').select('number').where('number', '=', number).execute();
    expect(inChain).toHaveLength(row[0]?.status === 'registered' ? 1 : 0);
  });

  it('shows the representatives ending soon; a renewal confirmed by a second operator extends the power', async () => {
    const number = 'F000000196';
    const soon = await call('GET', '/api/v1/service-desk/foreign-representatives/ending-soon?days=60', op1);
    expect(soon.statusCode, soon.body).toBe(200);
    expect(soon.json().items).toEqual([]);
    const year = await call('GET', '/api/v1/service-desk/foreign-representatives/ending-soon?days=366', op1);
    const item = year.json().items.find((i: { enterpriseNumber: string }) => i.enterpriseNumber === number);
    expect(item).toMatchObject({ enterpriseNumber: number, person: jan, endDate: '2027-06-30', renewal: null });
    const url = `${base}/${number}/representatives/${item.id}/renewals`;
    for (const [endDate, reason] of [
      ['2029-11-29', 'at the latest 2029-11-28 (36 months)'],
      ['2027-06-30', 'after 2027-06-30'],
    ]) {
      const r = await call('POST', url, op1, { endDate });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({ field: 'endDate', reason });
    }
    const proposed = await call('POST', url, op1, { endDate: '2028-06-30' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect((await call('POST', url, op2, { endDate: '2028-01-31' })).json().code).toBe(
      'foreign_enterprise.renewal_exists',
    );
    const same = await call('POST', `${url}/decisions`, op1, { decision: 'confirm' });
    expect(same.json().code).toBe('exception.four_eyes_same_operator');
    const confirmed = await call('POST', `${url}/decisions`, op2, { decision: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ id: item.id, endDate: '2028-06-30' });
    expect((await call('POST', `${url}/decisions`, op1, { decision: 'reject' })).json().code).toBe(
      'foreign_enterprise.not_proposed',
    );
    // the day after the old end date he still represents the enterprise
    expect(await deps.registers.currentFunctions(deps.db.db, number, jan, '2027-07-01')).toHaveLength(1);
    expect(await deps.registers.currentFunctions(deps.db.db, number, jan, '2028-07-01')).toHaveLength(0);
    const actions = await deps.db.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['foreign_enterprise.renewal_proposed', 'foreign_enterprise.representative_renewed'])
      .execute();
    expect(actions).toHaveLength(2);
  });

  it('links the foreign enterprise to the KBO number it got, four eyes: rights move, the F-number answers 410', async () => {
    const number = 'F000000196';
    const kbo = makeEnterpriseNumber(19_876_543);
    // the KBO import brings the enterprise under its new number
    await deps.db.db
      .insertInto('enterprise')
      .values({
        number: kbo,
        status: 'AC',
        juridical_situation: '000',
        type_of_enterprise: '2',
        juridical_form: null,
        juridical_form_cac: null,
        start_date: '2026-11-01',
        updated_at: '2026-11-28T09:00:00.000Z',
      })
      .execute();
    const links = `${base}/${number}/links`;
    // a mandate proposed under the F-number: the accountant's office may act for it
    const mandate = await asJan('POST', `/api/v1/enterprises/f000000196/mandates`, {
      mandatary: E.brewery.number,
      domains: ['finance'],
    });
    expect(mandate.statusCode, mandate.body).toBe(201);
    for (const [body, status, code] of [
      [{ kboNumber: number, reason: 'KBO letter' }, 400, 'identifier.invalid_enterprise_number'],
      [{ kboNumber: makeEnterpriseNumber(19_876_544), reason: 'KBO letter' }, 404, 'enterprise.not_found'],
    ] as const) {
      const r = await call('POST', links, op1, body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().code).toBe(code);
    }
    const notForeign = await call('POST', `${base}/${kbo}/links`, op1, { kboNumber: kbo, reason: 'x' });
    expect(notForeign.json()).toMatchObject({ code: 'validation.invalid_input', field: 'number' });
    const notDesk = await call('POST', links, P.tomMaes.number, { kboNumber: kbo, reason: 'KBO letter' });
    expect(notDesk.statusCode).toBe(403);

    const proposed = await call('POST', links, op1, { kboNumber: `BE ${kbo}`, reason: 'KBO registration letter' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({
      enterpriseNumber: number,
      kboNumber: kbo,
      status: 'proposed',
      moved: null,
    });
    const id = proposed.json().id as string;
    const twice = await call('POST', links, op2, { kboNumber: kbo, reason: 'again' });
    expect(twice.json().code).toBe('foreign_enterprise.link_exists');
    const same = await call('POST', `${links}/${id}/decisions`, op1, { decision: 'confirm' });
    expect(same.json().code).toBe('exception.four_eyes_same_operator');
    expect(await check(P.juliaSchmitz.number, kbo), 'not linked yet').toMatchObject({ decision: false });

    const confirmed = await call('POST', `${links}/${id}/decisions`, op2, { decision: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'linked',
      moved: { appointment: 1, access_grant: 1, 'mandate.mandator_number': 1 },
    });
    expect(await check(P.juliaSchmitz.number, kbo)).toMatchObject({ decision: true });
    expect(await check(P.juliaSchmitz.number, number)).toMatchObject({ decision: false });

    // the old number is gone, and says where to go
    for (const [method, url] of [
      ['GET', `/api/v1/enterprises/${number}`],
      ['GET', `/api/v1/enterprises/f000.000.196/grants`],
      ['PUT', `/api/v1/enterprises/${number}/main-access-manager`],
    ] as const) {
      const r = await asJan(
        method,
        url,
        method === 'PUT' ? { person: jan, email: 'jan@dewit.example.nl', phone: '+31201234567' } : undefined,
      );
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(410);
      expect(r.json()).toMatchObject({ code: 'foreign_enterprise.linked', kboNumber: kbo });
    }
    // Jan, main access manager at the KBO number now, manages there
    const grants = await asJan('GET', `/api/v1/enterprises/${kbo}/grants`);
    expect(grants.statusCode, grants.body).toBe(200);
    const fe = await call('GET', `${base}/${number}`, op1);
    expect(fe.json()).toMatchObject({ status: 'linked', kboNumber: kbo, links: [{ id, status: 'linked' }] });
    const events = await deps.db.db
      .selectFrom('audit_event')
      .select(['enterprise_number', 'before_json', 'after_json'])
      .where('action', '=', 'foreign_enterprise.linked')
      .execute();
    expect(events.map((e) => e.enterprise_number).sort()).toEqual([kbo, number, E.brewery.number].sort());
    expect(JSON.parse(events[0]?.before_json ?? '{}')).toEqual({ enterprise: number });
    expect(JSON.parse(events[0]?.after_json ?? '{}')).toMatchObject({ enterprise: kbo, proposedBy: op1 });
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });

  it('refuses a link when the KBO number already holds the same right, moving nothing', async () => {
    const kbo = makeEnterpriseNumber(19_876_543); // linked above: Jan is its main access manager
    const proposed = await call('POST', base, op1, registration({ euid: 'FRRCS.552-100-554', country: 'FR' }));
    const number = proposed.json().number as string;
    expect((await call('POST', `${base}/${number}/decisions`, op2, { decision: 'confirm' })).statusCode).toBe(200);
    const main = await asJan('PUT', `/api/v1/enterprises/${number}/main-access-manager`, {
      person: jan,
      email: 'jan@dewit.example.nl',
      phone: '+31201234567',
    });
    expect(main.statusCode, main.body).toBe(200);
    const link = await call('POST', `${base}/${number}/links`, op1, { kboNumber: kbo, reason: 'KBO letter' });
    const refused = await call('POST', `${base}/${number}/links/${link.json().id}/decisions`, op2, {
      decision: 'confirm',
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'foreign_enterprise.link_conflict', kboNumber: kbo });
    const still = await call('GET', `${base}/${number}`, op1);
    expect(still.json()).toMatchObject({ status: 'registered', kboNumber: null, links: [{ status: 'proposed' }] });
    const held = await deps.db.db
      .selectFrom('appointment')
      .select('id')
      .where('enterprise_number', '=', number)
      .where('person_number', '=', jan)
      .execute();
    expect(held).toHaveLength(1);
  });
});
