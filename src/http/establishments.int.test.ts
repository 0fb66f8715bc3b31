/**
 * Issue 19, section 3: a grant limited to establishment units of its enterprise. Through the API:
 * the `establishments` of a grant are validated after normalisation, must belong to THAT
 * enterprise (a refusal names the field and changes nothing), are echoed, stored and audited; the
 * check API answers per unit (`resource.properties.establishment`), a grant without limit
 * covering every unit, and a unit of another enterprise refused with its own reason.
 */
import { describe, expect, it } from 'vitest';
import { apiCaller, basicAuth, contact, demoApp } from '../../test/builders.ts';
import { engines } from '../../test/test-deps.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { makeEstablishmentNumber } from '../domain/identifiers.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

const en = E.brewery.number;
const [shop, depot] = E.brewery.establishments.map((u) => u.number) as [string, string];
/** a unit of another enterprise (the carpenter's workshop) */
const foreignUnit = E.selfEmployed.establishments[0].number;
/** well-formed (mod 97) but not in the register */
const unknownUnit = makeEstablishmentNumber(29_999_999);
const dotted = (n: string) => `${n[0]}.${n.slice(1, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;

describe.each(engines)('grants limited to establishment units on %s (issue 19)', (engine) => {
  let basic: Record<string, string>;
  const s = demoApp(engine, {}, async ({ deps }) => {
    const client = await addApiClient(deps, { name: 'every service', scope: '*' });
    basic = { authorization: basicAuth(client) };
    const r = await call('PUT', `/api/v1/enterprises/${en}/main-access-manager`, P.anPeeters.number, {
      person: P.sofieJanssens.number,
      ...contact(P.sofieJanssens),
    });
    expect(r.statusCode).toBe(200);
  });
  const call = apiCaller(() => s, 'high');
  const grant = (person: string, extra: object) =>
    call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person,
      service: 'finance.biztax',
      ...extra,
    });
  const check = async (person: string, establishment?: string) => {
    const r = await s.app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: basic,
      payload: {
        subject: { type: 'person', id: person },
        resource: {
          type: 'online-service',
          id: 'finance.biztax',
          properties: { enterprise: en, ...(establishment === undefined ? {} : { establishment }) },
        },
        action: { name: 'use' },
      },
    });
    return r.json() as {
      decision: boolean;
      context: { reason?: string; reason_admin: string; chain: { kind: string; establishments?: string[] }[] };
    };
  };
  const grantRows = async () => (await s.deps.db.db.selectFrom('access_grant').select('id').execute()).length;
  let tomsGrant = '';

  const refusals: { why: string; establishments: unknown; status: number; code: string; field: string }[] = [
    {
      why: 'a unit of another enterprise',
      establishments: [shop, foreignUnit],
      status: 400,
      code: 'grant.establishment_other_enterprise',
      field: 'establishments/1',
    },
    {
      why: 'a unit the register does not know',
      establishments: [unknownUnit],
      status: 400,
      code: 'grant.establishment_unknown',
      field: 'establishments/0',
    },
    {
      why: 'a wrong check digit',
      establishments: [`${shop.slice(0, 8)}00`],
      status: 400,
      code: 'identifier.invalid_establishment_number',
      field: 'establishments/0',
    },
    {
      why: 'an enterprise number (first digit 0)',
      establishments: [en],
      status: 400,
      code: 'identifier.invalid_establishment_number',
      field: 'establishments/0',
    },
    {
      why: 'a branch office id (first digit 9)',
      establishments: ['9.000.000.097'],
      status: 400,
      code: 'identifier.invalid_establishment_number',
      field: 'establishments/0',
    },
    {
      why: 'nine digits',
      establishments: [shop, shop.slice(1)],
      status: 400,
      code: 'identifier.invalid_establishment_number',
      field: 'establishments/1',
    },
    { why: 'not a list', establishments: shop, status: 400, code: 'validation.invalid_input', field: 'establishments' },
  ];
  it.each(refusals)('refuses $why, naming the field, and changes nothing', async (row) => {
    const before = await grantRows();
    const r = await grant(P.tomMaes.number, { establishments: row.establishments });
    expect(r.statusCode, r.body).toBe(row.status);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = r.json();
    expect(body.code).toBe(row.code);
    expect(JSON.stringify(body)).toContain(row.field);
    expect(await grantRows()).toBe(before);
  });

  it('stores the units normalised (dotted form, repeats, order), echoes and audits them', async () => {
    const r = await grant(P.tomMaes.number, { establishments: [dotted(depot), shop, ` ${depot} `] });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().grant.establishments).toEqual([shop, depot].sort());
    tomsGrant = r.json().grant.id;
    const row = await s.deps.db.db
      .selectFrom('access_grant')
      .select('establishments')
      .where('id', '=', tomsGrant)
      .executeTakeFirstOrThrow();
    expect(row.establishments).toBe([shop, depot].sort().join(','));
    const audit = await s.deps.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'grant.created')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).toContain(shop);
    const list = await call(
      'GET',
      `/api/v1/enterprises/${en}/grants?person=${P.tomMaes.number}`,
      P.sofieJanssens.number,
    );
    expect(list.json().items[0].establishments).toEqual([shop, depot].sort());
    // without a limit: an empty list
    const open = await grant(P.lotteMartens.number, {});
    expect(open.json().grant.establishments).toEqual([]);
  });

  it('narrows, refuses and lifts the limit by PATCH, audited', async () => {
    let r = await call('PATCH', `/api/v1/enterprises/${en}/grants/${tomsGrant}`, P.sofieJanssens.number, {
      establishments: [foreignUnit],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('grant.establishment_other_enterprise');
    r = await call('PATCH', `/api/v1/enterprises/${en}/grants/${tomsGrant}`, P.sofieJanssens.number, {
      establishments: [shop],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().grant.establishments).toEqual([shop]);
    const audit = await s.deps.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'grant.establishments_changed')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).toContain(depot);
  });

  // Tom: limited to the shop. Lotte: no limit.
  const answers: { who: string; person: string; unit?: string; decision: boolean; reason?: string }[] = [
    { who: 'limited, at its unit', person: P.tomMaes.number, unit: shop, decision: true },
    { who: 'limited, at its unit in dotted form', person: P.tomMaes.number, unit: dotted(shop), decision: true },
    {
      who: 'limited, at another unit of the enterprise',
      person: P.tomMaes.number,
      unit: depot,
      decision: false,
      reason: 'establishment_not_granted',
    },
    { who: 'limited, no unit named', person: P.tomMaes.number, decision: false, reason: 'establishment_not_granted' },
    {
      who: 'limited, a unit of another enterprise',
      person: P.tomMaes.number,
      unit: foreignUnit,
      decision: false,
      reason: 'establishment_other_enterprise',
    },
    {
      who: 'limited, an unknown unit',
      person: P.tomMaes.number,
      unit: unknownUnit,
      decision: false,
      reason: 'unknown_establishment',
    },
    {
      who: 'limited, a malformed unit',
      person: P.tomMaes.number,
      unit: '2123456790',
      decision: false,
      reason: 'unknown_establishment',
    },
    { who: 'unlimited, any unit', person: P.lotteMartens.number, unit: depot, decision: true },
    { who: 'unlimited, no unit', person: P.lotteMartens.number, decision: true },
    {
      who: 'unlimited, a unit of another enterprise',
      person: P.lotteMartens.number,
      unit: foreignUnit,
      decision: false,
      reason: 'establishment_other_enterprise',
    },
  ];
  it.each(answers)('the check answers per unit: $who', async (row) => {
    const a = await check(row.person, row.unit);
    expect(a.decision, a.context.reason_admin).toBe(row.decision);
    expect(a.context.reason).toBe(row.reason);
    if (row.decision && row.person === P.tomMaes.number) {
      expect(a.context.chain[0]).toMatchObject({ kind: 'grant', establishments: [shop] });
      expect(a.context.reason_admin).toContain(shop);
    }
  });

  it('a lifted limit covers every unit at the next check (the index carries the change)', async () => {
    expect((await check(P.tomMaes.number, depot)).decision).toBe(false);
    const r = await call('PATCH', `/api/v1/enterprises/${en}/grants/${tomsGrant}`, P.sofieJanssens.number, {
      establishments: [],
    });
    expect(r.json().grant.establishments).toEqual([]);
    expect((await check(P.tomMaes.number, depot)).decision).toBe(true);
    expect((await check(P.tomMaes.number)).decision).toBe(true);
  });
});
