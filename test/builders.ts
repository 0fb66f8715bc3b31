/**
 * The set-up many tests share, written once: who acts (a use case's Ctx, an API call with a
 * bearer token), the demo data with the brewery's main access manager, a grant, and what a test
 * reads back (the mails in the outbox, the check API as a client, row counts). A test keeps what is
 * its own (its people, its services, its dates) and names it at the call.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { appointAccessManager } from '../src/app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../src/app/appoint-main-access-manager.ts';
import type { Deps } from '../src/app/deps.ts';
import { grantAccess } from '../src/app/grant-access.ts';
import { acceptMandate } from '../src/app/mandates/accept-mandate.ts';
import { grantUnderMandate } from '../src/app/mandates/grant-under-mandate.ts';
import { proposeMandate } from '../src/app/mandates/propose-mandate.ts';
import type { Ctx } from '../src/app/shared/record.ts';
import type { Loa } from '../src/domain/actor.ts';
import { type App, buildApp } from '../src/http/app.ts';
import type { Database } from '../src/infra/db/schema.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../src/infra/demo/demo-data.ts';
import { seedDemo } from '../src/infra/demo/seed-demo.ts';
import { makeTestDeps, type TestDeps } from './test-deps.ts';
import { authHeader } from './tokens.ts';

/** The phone number the tests give every appointment's contact. */
export const PHONE = '+32 2 123 45 67';
export const contact = (p: { email: string }) => ({ email: p.email, phone: PHONE });

/** A person acting through the API with a bearer token at `loa`, as a use case receives them. */
export const as = (person: string, loa: Loa = 'substantial'): Ctx => ({
  actor: { personNumber: person, loa, means: 'token', via: 'bearer' },
});

/** Test deps on `engine` with the demo data seeded, the clock at `at` (before seeding) when given. */
export async function demoDeps(
  engine: 'sqlite' | 'postgres',
  opts: { at?: string; env?: Record<string, string> } = {},
): Promise<TestDeps> {
  const deps = await makeTestDeps(engine, opts.env);
  if (opts.at) deps.clock.set(opts.at);
  await seedDemo(deps);
  return deps;
}

/**
 * An HTTP test's app on the demo data (`demoDeps` with `opts`; none with `seed: false`), for the describe block that calls
 * it: registers the `beforeAll` that builds it (then runs `then`, the block's own set-up) and the
 * `afterAll` that closes it. The tests read `s.deps` and `s.app` once it is built.
 */
export function demoApp(
  engine: 'sqlite' | 'postgres',
  /** `seed: false`: an empty database, for the tests that read only the API's description */
  opts: { at?: string; env?: Record<string, string>; seed?: false } = {},
  then?: (s: { deps: TestDeps; app: App }) => Promise<void>,
): { deps: TestDeps; app: App } {
  const s = {} as { deps: TestDeps; app: App };
  beforeAll(async () => {
    s.deps = opts.seed === false ? await makeTestDeps(engine, opts.env) : await demoDeps(engine, opts);
    s.app = await buildApp(s.deps);
    await then?.(s);
  });
  afterAll(async () => {
    await s.app?.close();
    await s.deps?.cleanup();
  });
  return s;
}

/** The brewery's legal representative An appoints `main` (Sofie by default) its main access manager. */
export function appointDemoMain(
  deps: Deps,
  main: { number: string; email: string } = P.sofieJanssens,
  enterprise: string = E.brewery.number,
  by: string = P.anPeeters.number,
) {
  return appointMainAccessManager(deps, as(by, 'high'), { enterprise, person: main.number, ...contact(main) });
}

/** The brewery's main (Sofie, by `appointDemoMain`) appoints Julia its access manager for finance. */
export async function appointDemoFinanceTeam(deps: Deps) {
  await appointDemoMain(deps);
  await appointAccessManager(deps, as(P.sofieJanssens.number), {
    enterprise: E.brewery.number,
    kind: 'domain',
    domain: 'finance',
    person: P.juliaSchmitz.number,
    ...contact(P.juliaSchmitz),
  });
}

/** A direct grant by `by` (a grant by number, never an invitation); its id. */
export async function grantOf(
  deps: TestDeps,
  by: string,
  input: { enterprise: string; person: string; service: string; validUntil?: string },
): Promise<string> {
  const r = await grantAccess(deps, as(by), input);
  if (r.kind !== 'grant') throw new Error('expected a grant');
  return r.grant.id;
}

/**
 * The lifetime tests' start: the demo data on 3 December 2026 at 10:00, Sofie the brewery's main,
 * and her grant of finance.biztax to Tom (open-ended unless `validUntil`); the deps and its id.
 */
export async function tomsBiztaxGrant(
  engine: 'sqlite' | 'postgres',
  validUntil?: string,
): Promise<{ deps: TestDeps; grantId: string }> {
  const deps = await demoDeps(engine, { at: '2026-12-03T10:00:00.000Z' });
  await appointDemoMain(deps);
  const grantId = await grantOf(deps, P.sofieJanssens.number, {
    enterprise: E.brewery.number,
    person: P.tomMaes.number,
    service: 'finance.biztax',
    ...(validUntil ? { validUntil } : {}),
  });
  return { deps, grantId };
}

export interface OutboxMail {
  to: string;
  language: string;
  template: string;
  // the tests read whichever parameter their template has
  params: Record<string, any>;
}

/** The action of the newest audit event (what a refusal just wrote, say). */
export async function lastAuditAction(deps: TestDeps): Promise<string> {
  const last = await deps.db.db
    .selectFrom('audit_event')
    .select('action')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return last.action;
}

/** The mails waiting in the outbox with this template, oldest first. */
export async function outboxMails(deps: TestDeps, template: string): Promise<OutboxMail[]> {
  return (
    await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').orderBy('seq').execute()
  )
    .map((r) => JSON.parse(r.payload) as OutboxMail)
    .filter((m) => m.template === template);
}

/** The last invitation mailed to `email`, with the token its link carries. */
export async function lastInvitation(deps: TestDeps, email: string): Promise<OutboxMail & { token: string }> {
  const mail = (await outboxMails(deps, 'invitation')).filter((m) => m.to === email).at(-1);
  if (!mail) throw new Error(`no invitation mailed to ${email}`);
  return { ...mail, token: String(mail.params.link).split('/invitations/')[1]! };
}

/** An exception request's requester: a German managing director with a passport, no Belgian eID. */
export const foreignRequester = {
  familyName: 'Müller',
  givenName: 'Jürgen',
  idDocument: { type: 'passport', number: 'C01X00T47', issuingCountry: 'DE', expiry: '2031-05-01' },
  capacity: 'Geschäftsführer',
  email: 'juergen.mueller@example.de',
  language: 'de' as const,
};

/** The person an exception request proposes as main access manager: Sofie, with her contact. */
export const proposedSofie = {
  personNumber: P.sofieJanssens.number,
  familyName: P.sofieJanssens.familyName,
  givenName: P.sofieJanssens.givenName,
  email: P.sofieJanssens.email,
  phone: PHONE,
};

/** How many rows `table` holds (a refusal's fingerprint counts them before and after). */
export async function rowCount(deps: TestDeps, table: keyof Database): Promise<number> {
  const r = await deps.db.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every row of `table`, each as JSON, sorted: what a refusal must leave exactly as it was. */
export async function tableRows(deps: TestDeps, table: keyof Database): Promise<string[]> {
  return (await deps.db.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
}

/** How many changes the audit log holds (refusals, `security.*`, left out). */
export async function auditedChanges(deps: TestDeps): Promise<number> {
  const r = await deps.db.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action', 'not like', 'security.%')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

type Injectable = { inject: (opts: object) => Promise<LightMyRequestResponse> };

/**
 * An API call as `person` (a bearer token at `loa`, with extra `claims` such as a verified e-mail;
 * null: none), for an app and deps a test's `beforeAll` sets: `get` reads them at the call.
 */
export function apiCaller(get: () => { deps: TestDeps; app: Injectable }, defaultLoa: Loa = 'substantial') {
  return async (
    method: string,
    url: string,
    person: string | null,
    body?: unknown,
    loa: Loa = defaultLoa,
    claims: Record<string, unknown> = {},
  ) => {
    const { deps, app } = get();
    return app.inject({
      method,
      url,
      headers: person ? await authHeader(deps, person, loa, claims) : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  };
}

/**
 * An API call as a person known only by an eIDAS identifier (a token at LoA high with a
 * `foreign_id` claim and no national number), for an app and deps a test's `beforeAll` sets.
 */
export function eidasCaller(get: () => { deps: TestDeps; app: Injectable }, foreignId: string) {
  return async (method: string, url: string, body?: unknown) => {
    const { deps, app } = get();
    return app.inject({
      method,
      url,
      headers: await authHeader(deps, '', 'high', { foreign_id: foreignId, amr_means: 'eidas' }),
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  };
}

/** Fails with the answer's body unless it is a success. */
export const expectOk = (r: { statusCode: number; body: string }) => expect(r.statusCode, r.body).toBeLessThan(300);

/** The check API's Basic authorization for a registered API client. */
export const basicAuth = (client: { clientId: string; clientSecret: string }) =>
  `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;

/** A check API client allowed every service, answering in English, as `checkAccess` receives it. */
export const checkClient = { client: { id: 't', scope: new Set<string>(), isAll: true }, lang: 'en' as const };

/** An AuthZEN evaluation: may the person `person` use `service` for `enterprise`? */
export const personUse = (person: string, service: string, enterprise: string) => ({
  subject: { type: 'person', id: person },
  resource: { type: 'online-service', id: service, properties: { enterprise } },
  action: { name: 'use' },
});

/** An AuthZEN evaluation: may the system with this client id use `service` for `enterprise`? */
export const systemUse = (clientId: string, service: string, enterprise: string) => ({
  subject: { type: 'system', id: clientId },
  resource: { type: 'online-service', id: service, properties: { enterprise } },
  action: { name: 'use' },
});

type Caller = ReturnType<typeof apiCaller>;

/** Through the API: the legal representative `lr` appoints `p` main access manager of `en` (at LoA high). */
export const putMain = (call: Caller, en: string, lr: string, p: Person) =>
  call('PUT', `/api/v1/enterprises/${en}/main-access-manager`, lr, { person: p.number, ...contact(p) }, 'high');

type Person = { number: string; email: string };

/**
 * Through the API: the main access manager `main` appoints the co-mains and the domains' access
 * managers of `en` (each must succeed), at the caller's default level of assurance.
 */
export async function appointTeam(
  call: Caller,
  en: string,
  main: string,
  team: { coMains?: Person[]; managers?: (readonly [domain: string, person: Person])[] },
) {
  for (const p of team.coMains ?? [])
    expectOk(
      await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, main, {
        person: p.number,
        ...contact(p),
      }),
    );
  for (const [domain, p] of team.managers ?? [])
    expectOk(
      await call('POST', `/api/v1/enterprises/${en}/domains/${domain}/access-managers`, main, {
        person: p.number,
        ...contact(p),
      }),
    );
}

/** Through the API: `by` registers a system of vendor `en`; its answer's system (201 expected). */
export async function registerSystem(
  call: Caller,
  en: string,
  by: string,
  body: { name: string; clientIds: string[]; services: string[] },
) {
  const r = await call('POST', `/api/v1/enterprises/${en}/systems`, by, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().system;
}

/**
 * The accountant's office under an accepted finance mandate of demo client 5: Tom Maes (its legal
 * representative) appointed its main, the mandate proposed by him and accepted by the client's
 * representative, and finance.intervat granted under it to Lotte Martens (the office's employee) and
 * to Tom. Returns the mandate's id and the grants' ids by person.
 */
export async function officeUnderFinanceMandate(
  deps: Deps,
): Promise<{ mandateId: string; grants: Record<string, string> }> {
  const office = E.accountant.number;
  const client = demoClients[5]!;
  const tom = P.tomMaes.number;
  await appointMainAccessManager(deps, as(tom, 'high'), {
    enterprise: office,
    person: tom,
    email: P.tomMaes.email,
    phone: '+3221234567',
  });
  const { mandate } = await proposeMandate(deps, as(tom, 'high'), {
    enterprise: office,
    mandator: client.number,
    domains: ['finance'],
  });
  await acceptMandate(deps, as(client.lr.number, 'high'), { enterprise: client.number, id: mandate.id });
  const grants: Record<string, string> = {};
  for (const person of [P.lotteMartens.number, tom]) {
    const g = await grantUnderMandate(deps, as(tom), {
      enterprise: office,
      id: mandate.id,
      person,
      service: 'finance.intervat',
    });
    grants[person] = (g as { grant: { id: string } }).grant.id;
  }
  return { mandateId: mandate.id, grants };
}
