/**
 * Review 5 (an attack session), part 2: who is mailed, and the check API for systems; then the
 * fixes of both parts attacked once more. Each hole has the test that failed before its fix, on
 * SQLite and PostgreSQL (part 1: security-findings-5.int.test.ts; docs/security.md lists them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B, contact, OP1, reviewFiveApp } from '../../test/review-5-app.ts';
import { engines } from '../../test/test-deps.ts';
import { registerAudience } from '../app/register-effects.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

describe.each(engines)('security review 5, part 2, on %s', (engine) => {
  const h = reviewFiveApp(engine);
  const { call, ok, mailsTo } = h;
  beforeAll(h.start);
  afterAll(h.stop);
  const evaluate = async (subject: { type: string; id: string }, service: string, properties: object) =>
    (
      await h.app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: { authorization: h.basic() },
        payload: { subject, resource: { type: 'online-service', id: service, properties }, action: { name: 'use' } },
      })
    ).json() as { decision: boolean; context: { reason_admin: string; reason?: string } };

  it('finding 6: the mail that the main or co-mains changed goes to the current legal representatives only', async () => {
    // besides An and Luc (current), the register lists Erik (ended 2014), Lotte (ended yesterday)
    // and Ilse (starts tomorrow); the clock's Brussels day is 2026-11-28
    await h.deps.db.db
      .insertInto('legal_function')
      .values([
        {
          enterprise_number: B,
          person_number: P.lotteMartens.number,
          function_code: '10012',
          start_date: '2020-01-01',
          end_date: '2026-11-27',
        },
        {
          enterprise_number: B,
          person_number: P.ilseJacobs.number,
          function_code: '10012',
          start_date: '2026-11-29',
          end_date: null,
        },
      ])
      .execute();
    const before = (await mailsTo('management_changed')).length;
    ok(
      await call('POST', `/api/v1/enterprises/${B}/co-main-access-managers`, P.sofieJanssens.number, {
        person: P.juliaSchmitz.number,
        ...contact(P.juliaSchmitz),
      }),
    );
    const to = (await mailsTo('management_changed'))
      .slice(before)
      .map((m) => m.to)
      .sort();
    expect(to).toEqual([P.anPeeters.email, P.lucDubois.email].sort());
    // the register's own mails (an enterprise stopped, an appointment no longer eligible) likewise
    const audience = await h.deps.db.unitOfWork((tx) => registerAudience(tx, B, h.deps.clock.now()));
    const former: string[] = [P.erikVos.email, P.lotteMartens.email, P.ilseJacobs.email];
    expect(audience.map((a) => a.to).filter((a) => former.includes(a))).toEqual([]);
    expect(audience.map((a) => a.to)).toEqual(expect.arrayContaining([P.anPeeters.email, P.lucDubois.email]));
    await h.deps.db.db
      .deleteFrom('legal_function')
      .where('person_number', 'in', [P.lotteMartens.number, P.ilseJacobs.number])
      .execute();
  });
  describe('findings 5 and 8: the check for systems', () => {
    let systemId: string;
    let systemUser: string;
    const clientId = 'review5-erp';
    const asSystem = (service: string, properties: object = {}) =>
      evaluate({ type: 'system', id: clientId }, service, { enterprise: B, ...properties });
    const search = async (path: 'search/subject' | 'search/resource', body: object) =>
      (
        await h.app.inject({
          method: 'POST',
          url: `/access/v1/${path}`,
          headers: {
            authorization: h.basic(),
          },
          payload: body,
        })
      ).json();

    beforeAll(async () => {
      const sys = ok(
        await call('POST', `/api/v1/enterprises/${B}/systems`, P.sofieJanssens.number, {
          name: 'Review 5 ERP',
          clientIds: [clientId],
          services: ['finance.biztax', 'finance.intervat'],
        }),
      ).json().system;
      systemId = sys.id;
      systemUser = ok(
        await call('POST', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number, { system: systemId }),
      ).json().systemUser.id;
    });

    it('finding 5: a service the vendor dropped from its system no longer allows, in the check and its searches', async () => {
      for (const service of ['finance.biztax', 'finance.intervat'])
        ok(
          await call('POST', `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`, P.sofieJanssens.number, {
            service,
          }),
        );
      expect((await asSystem('finance.biztax')).decision).toBe(true);
      // the vendor edits its system: it no longer offers biztax
      ok(
        await call('PATCH', `/api/v1/enterprises/${B}/systems/${systemId}`, P.sofieJanssens.number, {
          services: ['finance.intervat'],
        }),
      );
      const dropped = await asSystem('finance.biztax');
      expect(dropped.decision).toBe(false);
      expect(dropped.context.reason_admin).toMatch(/no longer offers|holds no grant/);
      expect((await asSystem('finance.intervat')).decision).toBe(true);
      const subjectQuery = {
        subject: { type: 'system' },
        resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: B } },
        action: { name: 'use' },
      };
      const subjects = await search('search/subject', subjectQuery);
      expect(JSON.stringify(subjects)).not.toContain(clientId);
      const resources = await search('search/resource', {
        subject: { type: 'system', id: clientId },
        resource: { type: 'online-service' },
        action: { name: 'use' },
      });
      expect(JSON.stringify(resources)).not.toContain('finance.biztax');
      expect(JSON.stringify(resources)).toContain('finance.intervat');
      // offered again, the grant (never revoked) works again
      ok(
        await call('PATCH', `/api/v1/enterprises/${B}/systems/${systemId}`, P.sofieJanssens.number, {
          services: ['finance.intervat', 'finance.biztax'],
        }),
      );
      expect((await asSystem('finance.biztax')).decision).toBe(true);
      expect(JSON.stringify(await search('search/subject', subjectQuery))).toContain(clientId);
    });

    it('finding 8: a system grant limited to establishment units is honoured exactly as a person grant', async () => {
      const [in1, in2] = E.brewery.establishments.map((x) => x.number);
      const elsewhere = E.selfEmployed.establishments[0].number;
      const person = P.erikVos.number;
      // the system user's grant of intervat, and Erik's, both limited to the first unit
      const stale = await h.deps.db.db
        .selectFrom('system_user_grant')
        .select('id')
        .where('system_user_id', '=', systemUser)
        .where('revoked_at', 'is', null)
        .execute();
      for (const g of stale)
        ok(
          await call(
            'DELETE',
            `/api/v1/enterprises/${B}/system-users/${systemUser}/grants/${g.id}`,
            P.sofieJanssens.number,
          ),
        );
      const limited = ok(
        await call('POST', `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`, P.sofieJanssens.number, {
          service: 'finance.intervat',
          establishments: [` ${in1!.slice(0, 4)}.${in1!.slice(4, 7)}.${in1!.slice(7)} `],
        }),
      ).json().grant;
      expect(limited.establishments).toEqual([in1]);
      ok(
        await call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
          person,
          service: 'finance.intervat',
          establishments: [in1],
        }),
      );
      // an establishment limit of another enterprise is refused for a system as for a person
      const foreign = await call(
        'POST',
        `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
        P.sofieJanssens.number,
        {
          service: 'finance.biztax',
          establishments: [elsewhere],
        },
      );
      expect(foreign.statusCode, foreign.body).toBe(400);
      expect(foreign.json().code).toBe('grant.establishment_other_enterprise');
      const cases: [string, object, boolean, string | undefined][] = [
        ['its unit', { establishment: in1 }, true, undefined],
        [
          'its unit, spelled with dots',
          { establishment: `${in1!.slice(0, 4)}.${in1!.slice(4, 7)}.${in1!.slice(7)}` },
          true,
          undefined,
        ],
        ['another unit of the enterprise', { establishment: in2 }, false, 'establishment_not_granted'],
        ['no unit at all', {}, false, 'establishment_not_granted'],
        ["another enterprise's unit", { establishment: elsewhere }, false, 'establishment_other_enterprise'],
        ['a malformed unit', { establishment: '1234' }, false, 'unknown_establishment'],
        ['a unit as a number', { establishment: Number(in1) }, false, 'unknown_establishment'],
        ['__proto__ as unit', { establishment: '__proto__' }, false, 'unknown_establishment'],
      ];
      for (const [why, props, decision, reason] of cases) {
        const asPerson = await evaluate({ type: 'person', id: person }, 'finance.intervat', {
          enterprise: B,
          ...props,
        });
        const asSys = await asSystem('finance.intervat', props);
        expect({ why, decision: asSys.decision, reason: asSys.context.reason }).toEqual({ why, decision, reason });
        expect({ why, decision: asPerson.decision, reason: asPerson.context.reason }).toEqual({
          why,
          decision,
          reason,
        });
      }
    });
  });
  it.each(['__proto__', 'constructor', 'toString', '%2e%2e', ' '])(
    'attacking the fixes: %j as an id is not found anywhere they touch, and changes nothing',
    async (raw) => {
      const id = encodeURIComponent(raw);
      const snapshot = async () =>
        Promise.all(
          (['appointment_report', 'person_link', 'invitation', 'access_grant', 'system_user_grant'] as const).map(
            async (t) => (await h.deps.db.db.selectFrom(t).selectAll().execute()).length,
          ),
        );
      const before = await snapshot();
      const tries: [string, string, string, object][] = [
        [OP1, 'POST', `/api/v1/service-desk/appointment-reports/${id}/decision`, { decision: 'end', reason: 'a b c' }],
        [OP1, 'POST', `/api/v1/service-desk/person-links/${id}/decisions`, { decision: 'confirm' }],
        [P.sofieJanssens.number, 'POST', `/api/v1/enterprises/${B}/invitations/${id}/resend`, {}],
        [P.sofieJanssens.number, 'PATCH', `/api/v1/enterprises/${B}/grants/${id}`, { validUntil: '2027-01-31' }],
        [P.sofieJanssens.number, 'DELETE', `/api/v1/enterprises/${B}/grants/${id}`, {}],
      ];
      for (const [who, method, url, body] of tries) {
        const r = await call(method, url, who, method === 'DELETE' ? undefined : body);
        expect([400, 404], `${method} ${url}: ${r.body}`).toContain(r.statusCode);
      }
      expect(await snapshot()).toEqual(before);
    },
  );
});
