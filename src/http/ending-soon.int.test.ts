/**
 * The service desk's view of what ends at an enterprise in the next 30 days (issue 17, section 3),
 * on both engines: every reason (end date, non-use, a register change's grace period) for grants
 * and appointments, nothing that ends later, operators only, and never silent (audited).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { grantAccess } from '../app/grant-access.ts';
import type { Ctx } from '../app/shared/record.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

const brewery = E.brewery.number;
const operator = P.erikVos.number;
const DAY = 86_400_000;
const NOW = '2026-12-03T10:00:00.000Z';
const inDays = (n: number) => new Date(new Date(NOW).getTime() + n * DAY).toISOString();
const as = (person: string, loa: 'substantial' | 'high' = 'high'): Ctx => ({
  actor: { personNumber: person, loa, means: 'token', via: 'bearer' },
});

describe.each(engines)('what ends soon, for the service desk, on %s (issue 17)', (engine) => {
  let deps: TestDeps;
  let app: App;
  const ids: Record<string, string> = {};
  const url = (en: string = brewery) => `/api/v1/service-desk/enterprises/${en}/ending-soon/look-ups`;
  const look = async (person: string | null, en: string = brewery) =>
    app.inject({
      method: 'POST',
      url: url(en),
      headers: person ? await authHeader(deps, person, 'substantial') : {},
      payload: { purpose: 'phone call' },
    });
  const grant = async (person: string, service: string, validUntil?: string) => {
    const r = await grantAccess(deps, as(P.sofieJanssens.number, 'substantial'), {
      enterprise: brewery,
      person,
      service,
      validUntil,
    });
    if (r.kind !== 'grant') throw new Error('expected a grant');
    return r.grant.id;
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    deps.clock.set(NOW);
    await seedDemo(deps);
    await addOperator(deps, { person: operator });
    const main = await appointMainAccessManager(deps, as(P.anPeeters.number), {
      enterprise: brewery,
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      phone: '+32 2 123 45 67',
    });
    ids.main = (main as { appointment: { id: string } }).appointment.id;
    ids.endDate = await grant(P.tomMaes.number, 'finance.biztax', inDays(10).slice(0, 10));
    ids.later = await grant(P.tomMaes.number, 'finance.intervat', inDays(60).slice(0, 10));
    ids.unused = await grant(P.lotteMartens.number, 'finance.biztax');
    // flagged unused 20 days ago: the notice (30 days) runs out in 10
    await deps.db.db
      .insertInto('grant_use')
      .values({ grant_id: ids.unused, last_used_at: null, flagged_at: inDays(-20) })
      .execute();
    await deps.db.db
      .insertInto('register_review')
      .values({
        id: randomUUID(),
        appointment_id: ids.main,
        enterprise_number: brewery,
        person_number: P.sofieJanssens.number,
        kind: 'main',
        reason: 'not_employee',
        import_id: null,
        detected_at: NOW,
        grace_until: inDays(25),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      })
      .execute();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('lists each right ending within 30 days with its reason, soonest first, and nothing later', async () => {
    const r = await look(operator);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { kind: string; id: string; reason: string; endsAt: string }[];
    const expected: [string, string, string][] = [
      ['grant', ids.endDate!, 'end_date'],
      ['grant', ids.unused!, 'unused'],
      ['appointment', ids.main!, 'register_grace'],
    ];
    expect(items.map((i) => [i.kind, i.id, i.reason]).sort()).toEqual(expected.sort());
    expect(items.map((i) => i.id)).not.toContain(ids.later);
    expect(items.map((i) => i.endsAt)).toEqual([...items.map((i) => i.endsAt)].sort());
    expect(items.find((i) => i.reason === 'unused')?.endsAt).toBe(inDays(10));
  });

  it('is audited on the enterprise as a service desk read', async () => {
    const before = await deps.db.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'ending_soon.looked_up')
      .execute();
    expect((await look(operator)).statusCode).toBe(200);
    const ev = await deps.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'ending_soon.looked_up')
      .orderBy('seq', 'desc')
      .execute();
    expect(ev).toHaveLength(before.length + 1);
    expect(ev[0]).toMatchObject({ actor: operator, actor_role: 'service_desk', enterprise_number: brewery });
  });

  it.each([
    ['a legal representative (not an operator)', P.anPeeters.number, brewery, 403, 'authorization.not_operator'],
    ['a stranger', null, brewery, 401, undefined],
    ['an operator, unknown enterprise', operator, '0000000097', 404, 'enterprise.not_found'],
  ] as const)('refuses %s, and changes nothing', async (_what, person, en, status, code) => {
    const count = async () =>
      (await deps.db.db.selectFrom('audit_event').select('seq').where('action', '=', 'ending_soon.looked_up').execute())
        .length;
    const n = await count();
    const r = await look(person, en);
    expect(r.statusCode, r.body).toBe(status);
    if (code) expect(r.json().code).toBe(code);
    expect(await count()).toBe(n);
  });
});
