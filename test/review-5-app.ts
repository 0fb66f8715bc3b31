/**
 * The app the review 5 tests attack (src/http/security-findings-5*.int.test.ts): the demo data,
 * two service desk operators (four eyes on), an API client for every service, and Sofie as the
 * brewery's main access manager; with the helpers both files use.
 */
import { expect } from 'vitest';
import { addOperator } from '../src/app/exception/manage-operators.ts';
import { addApiClient } from '../src/app/manage-api-clients.ts';
import { type App, buildApp } from '../src/http/app.ts';
import { demoEnterprises as E, demoPersons as P } from '../src/infra/demo/demo-data.ts';
import { seedDemo } from '../src/infra/demo/seed-demo.ts';
import { basicAuth, contact } from './builders.ts';
import { blockRow } from './row-blocker.ts';
import { makeTestDeps, type TestDeps } from './test-deps.ts';
import { authHeader } from './tokens.ts';

export const B = E.brewery.number;
export const OP1 = P.nadiaClaes.number;
export const OP2 = P.ilseJacobs.number;
export { contact };

type Loa = 'low' | 'substantial' | 'high';

export function reviewFiveApp(engine: 'sqlite' | 'postgres', env: Record<string, string> = {}) {
  const s = {} as { deps: TestDeps; app: App; client: { clientId: string; clientSecret: string } };
  const call = async (method: string, url: string, person: string, body?: unknown, loa: Loa = 'substantial') =>
    s.app.inject({
      method: method as 'GET',
      url,
      headers: await authHeader(s.deps, person, loa),
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const ok = <T extends { statusCode: number; body: string }>(r: T): T => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const audits = async (action: string) =>
    (await s.deps.db.db.selectFrom('audit_event').select('after_json').where('action', '=', action).execute()).map(
      (r) => JSON.parse(r.after_json ?? '{}') as Record<string, unknown>,
    );
  /** Sofie, the brewery's main, appoints `person` a co-main access manager; the appointment's id. */
  const coMain = async (person: { number: string; email: string }) => {
    const co = ok(
      await call('POST', `/api/v1/enterprises/${B}/co-main-access-managers`, P.sofieJanssens.number, {
        person: person.number,
        ...contact(person),
      }),
    ).json();
    return (co.appointment?.id ?? co.id) as string;
  };
  /** The brewery's legal representative `lr` (An by default) reports an appointment they never made. */
  const report = (appointmentId: string, lr: string = P.anPeeters.number) =>
    call(
      'POST',
      `/api/v1/enterprises/${B}/appointments/${appointmentId}/reports`,
      lr,
      { reason: 'We never appointed this person.' },
      'high',
    );
  const LINKS = '/api/v1/service-desk/person-links';
  /** A service desk operator proposes to link an eIDAS identity to a Belgian number. */
  const proposeLink = async (operator: string, eidasId: string, personNumber: string, claims = {}) =>
    s.app.inject({
      method: 'POST',
      url: LINKS,
      headers: await authHeader(s.deps, operator, 'substantial', claims),
      payload: { eidasId, personNumber, reason: 'Checked the passport at the desk.' },
    });
  /** A (second) service desk operator decides a proposed link. */
  const decideLink = async (operator: string, id: string, decision = 'confirm', claims = {}) =>
    s.app.inject({
      method: 'POST',
      url: `${LINKS}/${id}/decisions`,
      headers: await authHeader(s.deps, operator, 'substantial', claims),
      payload: { decision },
    });
  return {
    coMain,
    report,
    proposeLink,
    decideLink,
    get deps() {
      return s.deps;
    },
    get app() {
      return s.app;
    },
    call,
    ok,
    audits,
    refusedCodes: async () => (await audits('security.refused')).map((a) => a.code),
    mailsTo: async (template: string) =>
      (await s.deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
        .map((r) => JSON.parse(r.payload) as { to: string; template: string; params: Record<string, unknown> })
        .filter((m) => m.template === template),
    /** the check API, as a client registered for every service */
    basic: () => basicAuth(s.client),
    start: async () => {
      s.deps = await makeTestDeps(engine, { EXCEPTION_FOUR_EYES: 'true', ...env });
      await seedDemo(s.deps);
      await addOperator(s.deps, { person: OP1 });
      await addOperator(s.deps, { person: OP2 });
      s.client = await addApiClient(s.deps, { name: 'every service', scope: '*' });
      s.app = await buildApp(s.deps);
      const main = { person: P.sofieJanssens.number, ...contact(P.sofieJanssens) };
      ok(await call('PUT', `/api/v1/enterprises/${B}/main-access-manager`, P.anPeeters.number, main, 'high'));
    },
    stop: async () => {
      await s.app?.close();
      await s.deps?.cleanup();
    },
  };
}

/**
 * Review 5 finding 4 and review 8 finding 2: a service desk operator proposes to link an eIDAS
 * identity to `number`, and a second one confirms it while `write` (which gives the number a right
 * in force) waits at the audit chain's head, after its write, before its commit. The confirmation
 * must wait for the write, then see the right and refuse (`person_link.number_in_use`): no two
 * persons merged. On PostgreSQL both sides are held until both wait (test/row-blocker.ts); on
 * SQLite, whose writes are serialised, the write runs first. Returns the proposed link's id.
 */
export async function raceLinkAgainst(
  h: ReturnType<typeof reviewFiveApp>,
  number: string,
  write: () => Promise<{ statusCode: number; body: string }>,
  expectedStatus: number,
): Promise<string> {
  const postgres = h.deps.db.engine === 'postgres';
  const proposed = await h.proposeLink(OP2, `IT/BE/RACE-${number}`, number);
  expect(proposed.statusCode, proposed.body).toBe(201);
  const blocker = await blockRow(h.deps, 'audit_head', 'id', '1');
  const writing = write();
  if (postgres) expect(await blocker.waitForWaiters(1)).toBe(1);
  else await writing;
  const confirming = h.decideLink(OP1, proposed.json().id);
  // without the lock the confirmation does not wait for the write: it reads no right in force,
  // moves the eIDAS person's rights to the number, and queues at the head behind the write
  if (postgres) expect(await blocker.waitForWaiters(2)).toBe(2);
  await blocker.release();
  const written = await writing;
  expect(written.statusCode, written.body).toBe(expectedStatus);
  const confirmed = await confirming;
  expect(confirmed.statusCode, confirmed.body).toBe(409);
  expect(confirmed.json().code).toBe('person_link.number_in_use');
  const link = await h.deps.db.db
    .selectFrom('person_link')
    .select('status')
    .where('id', '=', proposed.json().id)
    .executeTakeFirstOrThrow();
  expect(link.status).toBe('proposed');
  expect((await h.audits('person_link.linked')).length).toBe(0);
  return proposed.json().id;
}
