/**
 * Review 8: the lows review 7 left (docs/security.md, "Review 8"), through the whole app on SQLite
 * and, with TEST_DATABASE_URL, PostgreSQL. Each finding's rows failed on the code before its fix,
 * and again with the fix broken. The races of review 8 are in edge-races-8.int.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, auditedChanges, contact, tableRows } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const FE = '/api/v1/service-desk/foreign-enterprises';
const LINKS = '/api/v1/service-desk/person-links';
const V = E.accountant.number; // the office: a vendor, and the holder of a mandate
const T = P.tomMaes.number; // its legal representative and main access manager
const L = P.lotteMartens.number; // its co-main access manager
const STRANGER = P.juliaSchmitz.number; // employee of the brewery, nothing at the office
let regs = 0;
const registration = (nationalRegisterNumber: string) => ({
  homeRegister: 'Handelsregister',
  nationalRegisterNumber,
  name: `Review 8 GmbH ${++regs}`,
  country: 'DE',
  representatives: [{ person: `DE/BE/DE80000${regs}`, familyName: 'Rep', givenName: 'X', endDate: '2027-06-30' }],
  documents: [{ kind: 'proof_of_representation', filename: 'hr.pdf', contentBase64: pdf }],
});

describe.each(engines)('review 8 on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  const op1 = P.nadiaClaes.number; // no stake anywhere
  const op2 = P.karimElAmrani.number; // no stake at the office
  const call = apiCaller(() => ({ deps, app }), 'high');
  const ok = (r: { statusCode: number; body: string; json: () => any }): any => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };
  const refusals = async () =>
    (
      await deps.db.db.selectFrom('audit_event').select('after_json').where('action', '=', 'security.refused').execute()
    ).map((r) => JSON.parse(r.after_json ?? '{}').code as string);
  /** every table a refusal here must leave alone, and the changes audited */
  const state = async () => ({
    mandates: await tableRows(deps, 'mandate'),
    appointments: await tableRows(deps, 'appointment'),
    grants: await tableRows(deps, 'access_grant'),
    systems: await tableRows(deps, 'system'),
    systemUsers: await tableRows(deps, 'system_user'),
    links: await tableRows(deps, 'person_link'),
    fe: await tableRows(deps, 'foreign_enterprise'),
    changes: await auditedChanges(deps),
  });
  const ids = {} as { mandate: string; systemUser: string; system: string; grant: string };

  beforeAll(async () => {
    deps = await makeTestDeps(engine, { EXCEPTION_FOUR_EYES: 'true' });
    await seedDemo(deps);
    app = await buildApp(deps);
    for (const op of [op1, op2, T, L]) await addOperator(deps, { person: op });
    ok(await call('PUT', `/api/v1/enterprises/${V}/main-access-manager`, T, { person: T, ...contact(P.tomMaes) }));
    ok(
      await call('POST', `/api/v1/enterprises/${V}/co-main-access-managers`, T, {
        person: L,
        ...contact(P.lotteMartens),
      }),
    );
    ids.system = ok(
      await call('POST', `/api/v1/enterprises/${V}/systems`, T, {
        name: 'Ledger8',
        clientIds: ['ledger-8'],
        services: ['finance.biztax'],
      }),
    ).system.id;
    const client = demoClients[3]!;
    ids.mandate = ok(
      await call('POST', `/api/v1/enterprises/${V}/mandates`, T, { mandator: client.number, domains: ['finance'] }),
    ).mandate.id;
    ok(await call('POST', `/api/v1/enterprises/${client.number}/mandates/${ids.mandate}/accept`, client.lr.number));
    ids.systemUser = ok(
      await call('POST', `/api/v1/enterprises/${V}/mandates/${ids.mandate}/system-users`, T, { system: ids.system }),
    ).systemUser.id;
    ids.grant = ok(
      await call('POST', `/api/v1/enterprises/${V}/mandates/${ids.mandate}/grants`, T, {
        person: L,
        service: 'finance.biztax',
      }),
    ).grant.id;
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  describe('finding 3a: the desk’s person-link reason and a foreign decision’s reason are printable text', () => {
    const hostile = [
      ['a right-to-left override', 'Checked \u202Edirapssap'],
      ['a first-strong isolate', 'Checked \u2068the passport'],
      ['a bell', 'Checked\u0007 the passport'],
      ['a line feed', 'Checked\nthe passport'],
      ['a zero-width joiner', 'Checked the\u200D passport'],
    ] as const;
    it.each(hostile)(
      'a person link proposed with %s in its reason is refused, and nothing stored',
      async (_what, reason) => {
        const before = await state();
        const r = await call('POST', LINKS, op1, {
          eidasId: 'IT/BE/REVIEW8-LINK',
          personNumber: P.juliaSchmitz.number,
          reason,
        });
        expect(r.statusCode, r.body).toBe(400);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json()).toMatchObject({ code: 'validation.invalid_input', field: 'reason' });
        expect(await state()).toEqual(before);
      },
    );
    it.each(hostile)(
      'a foreign registration rejected with %s in its reason is refused, and stays proposed',
      async (_what, reason) => {
        const number = ok(await call('POST', FE, op1, registration(`HRB 8${regs}0`))).number as string;
        const before = await state();
        const r = await call('POST', `${FE}/${number}/decisions`, op2, { decision: 'reject', reason });
        expect(r.statusCode, r.body).toBe(400);
        expect(r.json()).toMatchObject({ code: 'validation.invalid_input', field: 'reason' });
        expect(await state()).toEqual(before);
      },
    );
    it('control: plain reasons pass', async () => {
      ok(
        await call('POST', LINKS, op1, {
          eidasId: 'IT/BE/REVIEW8-OK',
          personNumber: P.juliaSchmitz.number,
          reason: 'Checked the passport.',
        }),
      );
      const number = ok(await call('POST', FE, op1, registration(`HRB 9${regs}0`))).number as string;
      ok(
        await call('POST', `${FE}/${number}/decisions`, op2, {
          decision: 'reject',
          reason: 'No proof of representation.',
        }),
      );
    });
  });

  describe('finding 3b: a foreign national register number is one number however it is typed', () => {
    it.each(['hrb123', 'HRB-123', 'H.R.B. 123', ' hrb 1-2-3 '])(
      '"HRB 123" is live: %j is refused as a duplicate',
      async (typed) => {
        if (
          !(await deps.db.db
            .selectFrom('foreign_enterprise')
            .select('number')
            .where('national_register_number', '=', 'HRB 123')
            .executeTakeFirst())
        )
          ok(await call('POST', FE, op1, registration('HRB 123')));
        const before = await state();
        const r = await call('POST', FE, op1, registration(typed));
        expect(r.statusCode, r.body).toBe(409);
        expect(r.json()).toMatchObject({ code: 'foreign_enterprise.duplicate', field: 'nationalRegisterNumber' });
        expect(await state()).toEqual(before);
      },
    );
    it('control: another country, or another number, is another enterprise', async () => {
      ok(await call('POST', FE, op1, { ...registration('HRB 1234') }));
      ok(await call('POST', FE, op1, { ...registration('HRB 123'), country: 'AT' }));
    });
  });

  describe('finding 3c: a stranger cannot tell a mandate of the enterprise from an unknown id', () => {
    const routes: [string, string, (m: string) => string, unknown?][] = [
      // a body may be made once the ids are known
      ['GET', 'the mandate', (m) => `/api/v1/enterprises/${V}/mandates/${m}`],
      ['POST', 'its acceptance', (m) => `/api/v1/enterprises/${V}/mandates/${m}/accept`],
      ['POST', 'its rejection', (m) => `/api/v1/enterprises/${V}/mandates/${m}/reject`, { reason: 'No.' }],
      ['POST', 'its end', (m) => `/api/v1/enterprises/${V}/mandates/${m}/end`, { reason: 'No.' }],
      [
        'POST',
        'a client manager',
        (m) => `/api/v1/enterprises/${V}/mandates/${m}/client-managers`,
        { person: STRANGER, email: 'x@example.be' },
      ],
      ['DELETE', 'a client manager’s removal', (m) => `/api/v1/enterprises/${V}/mandates/${m}/client-managers/${L}`],
      [
        'POST',
        'a grant under it',
        (m) => `/api/v1/enterprises/${V}/mandates/${m}/grants`,
        { person: STRANGER, service: 'finance.biztax' },
      ],
      ['DELETE', 'a grant’s revocation', (m) => `/api/v1/enterprises/${V}/mandates/${m}/grants/${ids.grant}`],
      ['GET', 'its system users', (m) => `/api/v1/enterprises/${V}/mandates/${m}/system-users`],
      [
        'POST',
        'a system user',
        (m) => `/api/v1/enterprises/${V}/mandates/${m}/system-users`,
        () => ({ system: ids.system }),
      ],
      [
        'POST',
        'a system user’s grant',
        (m) => `/api/v1/enterprises/${V}/mandates/${m}/system-users/${ids.systemUser}/grants`,
        { service: 'finance.biztax' },
      ],
      ['DELETE', 'a system user’s end', (m) => `/api/v1/enterprises/${V}/mandates/${m}/system-users/${ids.systemUser}`],
    ];
    it.each(routes)(
      '%s %s: the same refusal for the mandate and for an unknown id, nothing changed',
      async (method, _what, url, body) => {
        const before = await state();
        const asked = await refusals();
        const payload = typeof body === 'function' ? body() : body;
        const known = await call(method, url(ids.mandate), STRANGER, payload);
        const unknown = await call(method, url(randomUUID()), STRANGER, payload);
        expect(known.statusCode, known.body).toBe(403);
        expect(unknown.statusCode, unknown.body).toBe(403);
        expect(known.headers['content-type']).toContain('application/problem+json');
        const strip = (j: Record<string, unknown>) => ({ ...j, instance: undefined, requestId: undefined });
        expect(strip(unknown.json())).toEqual(strip(known.json()));
        expect(await state()).toEqual(before);
        // a refused change is audited, whether the id exists or not (a read's refusal is not)
        const audited = (await refusals()).slice(asked.length);
        expect(audited).toEqual(method === 'GET' ? [] : [known.json().code, unknown.json().code]);
      },
    );
    it('control: the office’s main still gets 404 for an unknown id and its answer for its own', async () => {
      const r = await call('GET', `/api/v1/enterprises/${V}/mandates/${randomUUID()}`, T);
      expect(r.statusCode).toBe(404);
      ok(await call('GET', `/api/v1/enterprises/${V}/mandates/${ids.mandate}/system-users`, T));
    });
  });

  describe('finding 3d: no operator with a stake in the vendor ends its system', () => {
    it.each([
      ['its legal representative (and main)', T],
      ['its co-main access manager', L],
    ])('%s is refused: 403 exception.conflict_of_interest, audited, nothing changed', async (_who, operator) => {
      const before = await state();
      const asked = await refusals();
      const r = await call('POST', `/api/v1/service-desk/systems/${ids.system}/end`, operator, {
        reason: 'compromised',
      });
      expect(r.statusCode, r.body).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ code: 'exception.conflict_of_interest', enterprise: V });
      expect(await state()).toEqual(before);
      expect((await refusals()).slice(asked.length)).toEqual(['exception.conflict_of_interest']);
    });
    it('control: an operator without a stake ends it', async () => {
      const r = ok(
        await call('POST', `/api/v1/service-desk/systems/${ids.system}/end`, op1, { reason: 'compromised' }),
      );
      expect(r.systemUsersEnded).toBe(1);
    });
  });
});
