import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

/** Issue 16, item 11: a write sent twice with the same Idempotency-Key happens once. */
describe.each(engines)('Idempotency-Key on writes on %s (issue 16)', (engine) => {
  let deps: TestDeps;
  let app: App;
  const office = E.accountant.number;
  const put = async (person: string, key: string | undefined, email: string) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${office}/main-access-manager`,
      headers: { ...(await authHeader(deps, person, 'high')), ...(key ? { 'idempotency-key': key } : {}) },
      payload: { person: P.tomMaes.number, email, phone: '+32470123456' },
    });
  // every change is audited: the number of audit events is the number of times it was done
  const changes = async () =>
    (await deps.db.db.selectFrom('audit_event').select('seq').where('enterprise_number', '=', office).execute()).length;

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('answers a repeated request with the first response, without doing it again', async () => {
    const before = await changes();
    const [a, b] = await Promise.all([
      put(P.tomMaes.number, 'k-1', 'tom.maes@example.be'),
      put(P.tomMaes.number, 'k-1', 'tom.maes@example.be'),
    ]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    // one of the two was done, the other waited for it and got its answer
    expect([a, b].filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(await changes()).toBe(before + 1);
    const c = await put(P.tomMaes.number, 'k-1', 'tom.maes@example.be');
    expect(c.json()).toEqual(a.json());
    expect(await changes()).toBe(before + 1);
  });

  it('a new key, another body or no key is a new request', async () => {
    const first = await changes();
    expect((await put(P.tomMaes.number, 'k-2', 'tom.a@example.be')).statusCode).toBe(200);
    expect(await changes()).toBe(first + 1);
    // the same key with another body is not the same request: it is done, not replayed
    const other = await put(P.tomMaes.number, 'k-2', 'tom.b@example.be');
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await changes()).toBe(first + 2);
    expect((await put(P.tomMaes.number, undefined, 'tom.c@example.be')).statusCode).toBe(200);
    expect(await changes()).toBe(first + 3);
  });

  it('keys are per person: another person with the same key is not answered with the first response', async () => {
    const r = await put(P.nadiaClaes.number, 'k-1', 'tom.maes@example.be');
    expect(r.statusCode).toBe(403);
    expect(r.headers['idempotent-replayed']).toBeUndefined();
  });
});
