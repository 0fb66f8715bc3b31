/**
 * Issue 19, section 1: a person without a Belgian number, known by an eIDAS identifier, through
 * the API and the check API, and linked by the service desk to the BIS number they got later.
 * The hidden edge case: the KBO functions feed lists that same person under the BIS number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, basicAuth, demoDeps, eidasCaller, personUse } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { makePersonNumber } from '../domain/identifiers.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const en = E.brewery.number;
const other = E.selfEmployed.number;
const erika = 'DE/BE/T22000129';
/** the longest identifier there is: the columns must hold it on PostgreSQL */
const longest = `IT/BE/${'x'.repeat(94)}+/=ZZ`;
const erikasBis = makePersonNumber({ birth: { year: 1964, month: 8, day: 12 }, seq: 2, bis: 'sex-known' });
const contact = { email: 'erika.mustermann@example.de', phone: '+49 30 1234567' };

describe.each(engines)('persons known by an eIDAS identifier on %s (issue 19)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  const op1 = P.lucDubois.number;
  const op2 = P.lotteMartens.number;

  const call = apiCaller(() => ({ deps, app }));
  /** Erika's own token, as an eIDAS login gives it: no national number, a foreign_id claim */
  const asErika = eidasCaller(() => ({ deps, app }), 'de/be/T22000129');
  const check = async (person: string, service = 'finance.biztax', enterprise = en) =>
    (
      await app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: {
          authorization: basicAuth(client),
        },
        payload: personUse(person, service, enterprise),
      })
    ).json();

  beforeAll(async () => {
    deps = await demoDeps(engine, { env: { EXCEPTION_FOUR_EYES: 'true' } });
    app = await buildApp(deps);
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    await addOperator(deps, { person: op1 });
    await addOperator(deps, { person: op2 });
    // The KBO functions feed lists Erika under the BIS number she got: legal representative of `other`.
    await deps.db.db
      .insertInto('person')
      .values({ number: erikasBis, family_name: 'Mustermann', given_name: 'Erika', language: 'de', email: null })
      .execute();
    await deps.db.db
      .insertInto('legal_function')
      .values({
        enterprise_number: other,
        person_number: erikasBis,
        function_code: '10012',
        start_date: '2024-01-02',
        end_date: null,
      })
      .execute();
    let r = await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.anPeeters.number,
      { person: P.sofieJanssens.number, email: P.sofieJanssens.email, phone: '+3221234567' },
      'high',
    );
    expect(r.statusCode, r.body).toBe(200);
    r = await call('POST', `/api/v1/enterprises/${en}/domains/finance/access-managers`, P.sofieJanssens.number, {
      person: P.juliaSchmitz.number,
      email: P.juliaSchmitz.email,
      phone: '+3221234567',
    });
    expect(r.statusCode, r.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('grants an eIDAS person in any accepted spelling and answers with the normal form', async () => {
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.juliaSchmitz.number, {
      person: ' de / BE / T22000129 ',
      service: 'finance.biztax',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().grant ?? r.json()).toMatchObject({ person: erika });
    const longOne = await call('POST', `/api/v1/enterprises/${en}/grants`, P.juliaSchmitz.number, {
      person: longest,
      service: 'finance.biztax',
    });
    expect(longOne.statusCode, longOne.body).toBe(201);
    const list = await call(
      'GET',
      `/api/v1/enterprises/${en}/grants?person=${encodeURIComponent('DE/BE/T22000129')}`,
      P.juliaSchmitz.number,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(JSON.stringify(list.json())).toContain(erika);
    expect(JSON.stringify(list.json())).not.toContain(longest);
  });

  it.each([
    ['US/BE/123', 'country'],
    ['DE/NL/123', 'destination'],
    ['DE/BE/12 34', 'characters'],
    [`DE/BE/${'x'.repeat(101)}`, 'length'],
  ])('refuses %j naming the field and the reason (%s), changing nothing', async (person, reason) => {
    const before = (await deps.db.db.selectFrom('access_grant').select('id').execute()).length;
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.juliaSchmitz.number, {
      person,
      service: 'finance.biztax',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'identifier.invalid_person_number', field: 'person', reason });
    expect((await deps.db.db.selectFrom('access_grant').select('id').execute()).length).toBe(before);
  });

  it('answers the check API for an eIDAS subject, and refuses an invalid one', async () => {
    expect(await check('de/be/T22000129')).toMatchObject({ decision: true });
    expect(await check(longest)).toMatchObject({ decision: true });
    expect(await check('DE/BE/someone-else')).toMatchObject({ decision: false });
    expect(await check('US/BE/T22000129')).toMatchObject({ decision: false, context: { reason: 'unknown_person' } });
  });

  it('lets the eIDAS person see their rights, and keeps them out of what needs a register', async () => {
    const me = await asErika('GET', '/api/v1/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(JSON.stringify(me.json())).toContain('finance.biztax');
    // no register lists the eIDAS identifier: not eligible as co-main manager by the standard procedure
    const r = await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, P.sofieJanssens.number, {
      person: erika,
      ...contact,
    });
    expect(r.json().code).toBe('appointment.not_eligible');
    // the edge case: as DE/BE/… she is not the legal representative the feed names under her BIS number
    const lr = await asErika('PUT', `/api/v1/enterprises/${other}/main-access-manager`, {
      person: erikasBis,
      ...contact,
    });
    expect(lr.statusCode).toBe(403);
  });

  it('appoints an eIDAS person as a domain access manager and removes them by the identifier in the path', async () => {
    let r = await call('POST', `/api/v1/enterprises/${en}/domains/mobility/access-managers`, P.sofieJanssens.number, {
      person: 'de/be/T22000129',
      ...contact,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(JSON.stringify(r.json())).toContain(`"person":"${erika}"`);
    r = await call(
      'DELETE',
      `/api/v1/enterprises/${en}/domains/mobility/access-managers/${encodeURIComponent(erika)}`,
      P.sofieJanssens.number,
    );
    expect(r.statusCode, r.body).toBe(200);
    r = await call(
      'DELETE',
      `/api/v1/enterprises/${en}/domains/mobility/access-managers/${encodeURIComponent(erika)}`,
      P.sofieJanssens.number,
    );
    expect(r.statusCode).toBe(404);
  });

  it('links the eIDAS person to their BIS number with four eyes: rights carry over, the register then counts', async () => {
    const bad = await call('POST', '/api/v1/service-desk/person-links', op1, {
      eidasId: erikasBis,
      personNumber: erikasBis,
      reason: 'x-check',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'eidasId', reason: 'not_eidas' });
    const notDesk = await call('POST', '/api/v1/service-desk/person-links', P.tomMaes.number, {
      eidasId: erika,
      personNumber: erikasBis,
      reason: 'passport checked',
    });
    expect(notDesk.statusCode).toBe(403);

    const proposed = await call('POST', '/api/v1/service-desk/person-links', op1, {
      eidasId: 'de/be/T22000129',
      personNumber: erikasBis,
      reason: 'passport and BIS letter checked',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({ eidasId: erika, personNumber: erikasBis, status: 'proposed' });
    const id = proposed.json().id as string;
    expect(await check(erikasBis), 'not linked yet').toMatchObject({ decision: false });
    const again = await call('POST', '/api/v1/service-desk/person-links', op2, {
      eidasId: erika,
      personNumber: erikasBis,
      reason: 'twice',
    });
    expect(again.json().code).toBe('person_link.exists');

    const same = await call('POST', `/api/v1/service-desk/person-links/${id}/decisions`, op1, { decision: 'confirm' });
    expect(same.json().code).toBe('exception.four_eyes_same_operator');
    const confirmed = await call('POST', `/api/v1/service-desk/person-links/${id}/decisions`, op2, {
      decision: 'confirm',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'linked', decidedBy: op2, moved: { access_grant: 1 } });

    // the grant is now hers under the BIS number, and a service that knows her by her eIDAS
    // identifier gets the same answer
    expect(await check(erikasBis)).toMatchObject({ decision: true });
    expect(await check(erika)).toMatchObject({ decision: true });
    expect(
      await deps.db.db.selectFrom('access_grant').select('id').where('person_number', '=', erika).execute(),
    ).toEqual([]);
    // an eIDAS token acts as the BIS number: the KBO feed makes her legal representative of `other`
    const me = await asErika('GET', '/api/v1/me');
    expect(JSON.stringify(me.json())).toContain('finance.biztax');
    const lr = await asErika('PUT', `/api/v1/enterprises/${other}/main-access-manager`, {
      person: erikasBis,
      ...contact,
    });
    expect(lr.statusCode, lr.body).toBe(200);

    const decidedTwice = await call('POST', `/api/v1/service-desk/person-links/${id}/decisions`, op1, {
      decision: 'reject',
    });
    expect(decidedTwice.json().code).toBe('person_link.not_proposed');
    const actions = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'actor', 'enterprise_number'])
      .where('action', 'like', 'person%')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'person.linked',
      'person_link.linked',
      'person_link.proposed',
    ]);
    expect(actions.find((a) => a.action === 'person.linked')?.enterprise_number).toBe(en);
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });

  it('the desk lists proposed links for the second operator, with what eIDAS and the register say; operators only', async () => {
    const list = async (person: string, query = '') => call('GET', `/api/v1/service-desk/person-links${query}`, person);
    const nl = 'NL/BE/998877';
    // what an eIDAS login recorded about her (session-store.ts writes it at each login)
    await deps.db.db
      .insertInto('eidas_person')
      .values({
        id: nl,
        country: 'NL',
        family_name: 'de Vries',
        given_name: 'Anouk',
        birth_date: '1990-05-01',
        first_seen_at: '2026-11-01T09:00:00.000Z',
        last_seen_at: '2026-11-01T09:00:00.000Z',
      })
      .execute();
    const proposed = await call('POST', '/api/v1/service-desk/person-links', op1, {
      eidasId: nl,
      personNumber: P.nadiaClaes.number,
      reason: 'residence card seen',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id as string;
    let r = await list(op2);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([
      expect.objectContaining({
        id,
        eidasId: nl,
        personNumber: P.nadiaClaes.number,
        status: 'proposed',
        proposedBy: op1,
        eidasName: 'Anouk de Vries',
        eidasBirthDate: '1990-05-01',
        personName: `${P.nadiaClaes.givenName} ${P.nadiaClaes.familyName}`,
        proposedByName: `${P.lucDubois.givenName} ${P.lucDubois.familyName}`,
      }),
    ]);
    const refusals: [string, string, number, string][] = [
      [P.tomMaes.number, '', 403, 'authorization.not_operator'],
      [op2, '?status=open', 400, 'validation.invalid_input'],
    ];
    for (const [who, query, status, code] of refusals) {
      const x = await list(who, query);
      expect(x.statusCode, x.body).toBe(status);
      expect(x.json().code).toBe(code);
    }
    r = await call('POST', `/api/v1/service-desk/person-links/${id}/decisions`, op2, { decision: 'reject' });
    expect(r.json()).toMatchObject({ status: 'rejected', decidedBy: op2 });
    expect((await list(op1)).json().items).toEqual([]);
    const all = (await list(op1, '?status=all')).json().items as { eidasId: string; status: string }[];
    // (the test clock stands still: both were proposed at the same instant)
    expect(all.map((x) => [x.eidasId, x.status]).sort()).toEqual([
      [erika, 'linked'],
      [nl, 'rejected'],
    ]);
    expect((await list(op1, '?status=linked')).json().items.map((x: { eidasId: string }) => x.eidasId)).toEqual([
      erika,
    ]);
  });
});
