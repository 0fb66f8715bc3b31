/**
 * Issue 20, consistency tokens: a write that changes access answers with a Consistency-Token; a
 * check that carries it (header, or context.consistency_token) is answered from a state at least
 * that fresh. A malformed token, or one newer than anything the database holds, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, basicAuth } from '../../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { addApiClient } from '../../app/manage-api-clients.ts';
import { demoEnterprises as E, demoPersons as P } from '../../infra/demo/demo-data.ts';
import { seedDemo } from '../../infra/demo/seed-demo.ts';
import { type App, buildApp } from '../app.ts';

const en = E.brewery.number;
const question = (context?: Record<string, unknown>) => ({
  subject: { type: 'person', id: P.tomMaes.number },
  resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: en } },
  action: { name: 'use' },
  ...(context ? { context } : {}),
});

describe.each(engines)('consistency tokens on %s (issue 20)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let basic = '';
  const call = apiCaller(() => ({ deps, app }));
  const check = (body: object, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { authorization: basic, ...headers },
      payload: body,
    });

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    const r = await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.anPeeters.number,
      { person: P.sofieJanssens.number, email: P.sofieJanssens.email, phone: '+32 2 123 45 67' },
      'high',
    );
    expect(r.statusCode, r.body).toBe(200);
    const c = await addApiClient(deps, { name: 'consistency', scope: '*' });
    basic = basicAuth(c);
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('a grant and its revocation answer with a token; checks carrying it see each', async () => {
    const g = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    expect(g.statusCode, g.body).toBe(201);
    const granted = g.headers['consistency-token'];
    expect(granted).toMatch(/^\d+$/);
    for (const [how, r] of [
      ['header', await check(question(), { 'consistency-token': String(granted) })],
      ['context', await check(question({ consistency_token: String(granted) }))],
    ] as const) {
      expect(r.statusCode, `${how}: ${r.body}`).toBe(200);
      expect(r.json().decision, how).toBe(true);
    }
    const d = await call('DELETE', `/api/v1/enterprises/${en}/grants/${g.json().grant.id}`, P.sofieJanssens.number);
    expect(d.statusCode, d.body).toBe(200);
    const revoked = d.headers['consistency-token'];
    expect(Number(revoked)).toBeGreaterThan(Number(granted));
    const r = await check(question({ consistency_token: Number(revoked) }));
    expect(r.json()).toMatchObject({ decision: false, context: { reason: 'revoked' } });
  });

  it.each([
    ['malformed', 'abc'],
    ['newer than the database', '999999999999'],
  ])('refuses a %s token with a problem naming the field', async (_what, token) => {
    const r = await check(question(), { 'consistency-token': token });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'validation.invalid_input' });
    expect(r.body).toContain('consistency_token');
  });
});
