/**
 * Issue 17 (section 3) and issue 18: what is left open expires, is written down by the sweep, and
 * the other side is told. One table, on both engines: a mandate proposal unanswered for
 * MANDATE_PROPOSAL_TTL_DAYS, an invitation not accepted within INVITATION_TTL_DAYS, an access
 * request not decided within ACCESS_REQUEST_TTL_DAYS. For each: nothing a day before, the row
 * written, the audit event and the mail at the limit, nothing more at the next sweep.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import type { Actor } from '../domain/actor.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { askAccess } from './access-requests/ask-access.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { grantAccess } from './grant-access.ts';
import { proposeMandate } from './mandates/propose-mandate.ts';
import type { Ctx } from './shared/record.ts';
import { type SweepResult, sweepLifetime } from './sweep-lifetime.ts';
import { sendSystemUserRequest } from './system-user-requests/send-system-user-request.ts';
import { registerSystem } from './system-users/systems.ts';

const as = (person: string, loa: Actor['loa'] = 'high'): Ctx => ({
  actor: { personNumber: person, loa, means: 'token', via: 'bearer' },
});
const DAY = 86_400_000;
const brewery = E.brewery.number;
const office = E.accountant.number;
const client = demoClients[1]!;

interface Case {
  name: string;
  days: number;
  counter: keyof SweepResult;
  /** makes the open thing as of now; returns its id */
  open(deps: TestDeps): Promise<string>;
  /** the row's state as the sweep leaves it */
  state(deps: TestDeps, id: string): Promise<unknown>;
  before: unknown;
  after: unknown;
  audit: { action: string; enterprises: string[] };
  mail: { template: string; to: string[] };
}

const cases: Case[] = [
  {
    name: 'a mandate proposal lapses after MANDATE_PROPOSAL_TTL_DAYS; both sides are told',
    days: 30,
    counter: 'proposalsExpired',
    async open(deps) {
      await appointMainAccessManager(deps, as(P.tomMaes.number), {
        enterprise: office,
        person: P.tomMaes.number,
        email: P.tomMaes.email,
        phone: '+32 3 555 12 12',
      });
      const { mandate } = await proposeMandate(deps, as(P.tomMaes.number), {
        enterprise: office,
        mandator: client.number,
        domains: ['finance'],
      });
      return mandate.id;
    },
    state: (deps, id) =>
      deps.db.db.selectFrom('mandate').select(['status', 'end_reason']).where('id', '=', id).executeTakeFirstOrThrow(),
    before: { status: 'proposed', end_reason: null },
    after: { status: 'lapsed', end_reason: 'expired' },
    audit: { action: 'mandate.lapsed', enterprises: [office, client.number] },
    mail: { template: 'mandate_proposal_expired', to: [P.tomMaes.email, client.lr.email] },
  },
  {
    name: 'an invitation not accepted within INVITATION_TTL_DAYS is reported to its sender',
    days: 14,
    counter: 'invitationsReported',
    async open(deps) {
      await appointMainAccessManager(deps, as(P.anPeeters.number), {
        enterprise: brewery,
        person: P.sofieJanssens.number,
        email: P.sofieJanssens.email,
        phone: '+32 2 123 45 67',
      });
      const r = await grantAccess(deps, as(P.sofieJanssens.number, 'substantial'), {
        enterprise: brewery,
        email: 'new.colleague@example.be',
        service: 'finance.intervat',
      });
      if (r.kind !== 'invitation') throw new Error('expected an invitation');
      return r.invitation.id;
    },
    state: async (deps, id) => ({
      reported: Boolean(
        (
          await deps.db.db
            .selectFrom('invitation')
            .select('expiry_notified_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).expiry_notified_at,
      ),
    }),
    before: { reported: false },
    after: { reported: true },
    audit: { action: 'invitation.expired', enterprises: [brewery] },
    mail: { template: 'invitation_expired', to: [P.sofieJanssens.email] },
  },
  {
    name: 'an access request not decided within ACCESS_REQUEST_TTL_DAYS is written down expired; the requester is told',
    days: 30,
    counter: 'requestsExpired',
    async open(deps) {
      const r = await askAccess(deps, as(P.karimElAmrani.number, 'substantial'), {
        enterprise: brewery,
        service: 'finance.biztax',
        message: 'I file the tax returns.',
      });
      return r.request.id;
    },
    state: (deps, id) =>
      deps.db.db.selectFrom('access_request').select(['status']).where('id', '=', id).executeTakeFirstOrThrow(),
    before: { status: 'open' },
    after: { status: 'expired' },
    audit: { action: 'access_request.expired', enterprises: [brewery] },
    mail: { template: 'access_request_expired', to: [P.karimElAmrani.email] },
  },
  {
    name: "a vendor's request for a system user not decided within SYSTEM_USER_REQUEST_TTL_DAYS is written down expired",
    days: 30,
    counter: 'systemUserRequestsExpired',
    async open(deps) {
      const lotte = P.lotteMartens;
      await appointMainAccessManager(deps, as(P.tomMaes.number), {
        enterprise: office,
        person: lotte.number,
        email: lotte.email,
        phone: '+32 3 555 12 12',
      });
      const { system } = await registerSystem(deps, as(lotte.number, 'substantial'), office, {
        name: 'PayrollPro',
        clientIds: ['payrollpro-prod'],
        services: ['finance.biztax'],
      });
      const r = await sendSystemUserRequest(deps, as(lotte.number, 'substantial'), {
        vendor: office,
        system: system.id,
        enterprise: brewery,
        services: ['finance.biztax'],
      });
      return r.request.id;
    },
    state: (deps, id) =>
      deps.db.db.selectFrom('system_user_request').select(['status']).where('id', '=', id).executeTakeFirstOrThrow(),
    before: { status: 'open' },
    after: { status: 'expired' },
    // at the vendor, whose request lapsed, and at the customer, whose history showed it arrive (session 9)
    audit: { action: 'system_user_request.expired', enterprises: [office, brewery] },
    // the vendor is not mailed: it reads the state in its list of sent requests
    mail: { template: 'none', to: [] },
  },
];

describe.each(engines)('open things expire on %s (issues 17 and 18)', (engine) => {
  let deps: TestDeps | undefined;
  afterEach(async () => {
    await deps?.cleanup();
    deps = undefined;
  });

  it.each(cases)('$name', async (c) => {
    deps = await makeTestDeps(engine);
    deps.clock.set('2026-12-03T10:00:00.000Z');
    await seedDemo(deps);
    const id = await c.open(deps);
    const d = deps;
    const mails = async () =>
      (await d.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
        .map((r) => JSON.parse(r.payload) as { to: string; template: string; params: Record<string, unknown> })
        .filter((m) => m.template === c.mail.template);
    const audit = () =>
      d.db.db
        .selectFrom('audit_event')
        .select(['enterprise_number', 'actor_role'])
        .where('action', '=', c.audit.action)
        .execute();

    deps.clock.advance((c.days - 1) * DAY);
    expect((await sweepLifetime(deps))[c.counter]).toBe(0);
    expect(await c.state(deps, id)).toEqual(c.before);
    expect(await mails()).toEqual([]);

    deps.clock.advance(DAY);
    expect((await sweepLifetime(deps))[c.counter]).toBe(1);
    expect(await c.state(deps, id)).toEqual(c.after);
    const told = await mails();
    expect(told.map((m) => m.to).sort()).toEqual([...c.mail.to].sort());
    for (const m of told) expect(m.params.enterpriseName ?? m.params.mandatorName).toBeTruthy();
    const events = await audit();
    expect(events.map((e) => e.enterprise_number).sort()).toEqual([...c.audit.enterprises].sort());
    expect(events.every((e) => e.actor_role?.endsWith('system'))).toBe(true);

    // once: the next sweep finds nothing more to do or to tell
    expect((await sweepLifetime(deps))[c.counter]).toBe(0);
    expect(await mails()).toHaveLength(told.length);
  });
});
