import { createHash } from 'node:crypto';
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
  let other: App; // a second node on the same database
  const office = E.accountant.number;
  const put = async (person: string, key: string | undefined, email: string, on?: App) =>
    (on ?? app).inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${office}/main-access-manager`,
      headers: { ...(await authHeader(deps, person, 'high')), ...(key ? { 'idempotency-key': key } : {}) },
      payload: { person: P.tomMaes.number, email, phone: '+32470123456' },
    });
  // every change is audited: the number of audit events is the number of times it was done
  const changes = async () =>
    (
      await deps.db.db
        .selectFrom('audit_event')
        .select('seq')
        .where('enterprise_number', '=', office)
        .where('action', 'not like', 'security.%') // a refusal (the 409) is audited, but changes nothing
        .execute()
    ).length;

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    other = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await other?.close();
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

  it('a repeat that reaches another node is answered from the first response (the store is the database)', async () => {
    const before = await changes();
    const a = await put(P.tomMaes.number, 'k-node', 'tom.node@example.be', app);
    const b = await put(P.tomMaes.number, 'k-node', 'tom.node@example.be', other);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    // at the same time on both nodes: done once, the other waits for it
    const [c, d] = await Promise.all([
      put(P.tomMaes.number, 'k-both', 'tom.both@example.be', app),
      put(P.tomMaes.number, 'k-both', 'tom.both@example.be', other),
    ]);
    expect(c.json()).toEqual(d.json());
    expect([c, d].filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(await changes()).toBe(before + 2);
  });

  it('a first request still running elsewhere gives 409 with Retry-After; one abandoned for a minute runs again', async () => {
    const email = 'tom.stuck@example.be';
    const body = JSON.stringify({ person: P.tomMaes.number, email, phone: '+32470123456' });
    const key = createHash('sha256')
      .update(`bearer:${P.tomMaes.number}\0PUT /api/v1/enterprises/${office}/main-access-manager\0k-stuck\0${body}`)
      .digest('hex');
    // another node claimed it and has not answered yet
    await deps.db.db
      .insertInto('idempotency_key')
      .values({ key, state: 'running', created_ms: Date.now(), body_base64: 0 })
      .execute();
    const before = await changes();
    const waiting = await put(P.tomMaes.number, 'k-stuck', email);
    expect(waiting.statusCode, waiting.body).toBe(409);
    expect(waiting.json()).toMatchObject({ code: 'idempotency.in_progress', retryAfterSeconds: 5 });
    expect(waiting.headers['retry-after']).toBe('5');
    expect(await changes()).toBe(before);
    // that node stopped before answering: after a minute the key is free again
    await deps.db.db
      .updateTable('idempotency_key')
      .set({ created_ms: Date.now() - 61_000 })
      .where('key', '=', key)
      .execute();
    const again = await put(P.tomMaes.number, 'k-stuck', email);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await changes()).toBe(before + 1);
  }, 60_000);
});
