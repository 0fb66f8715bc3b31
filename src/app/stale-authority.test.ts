/**
 * Issue 13, finding 3: stale authority. A mandate proposal or an invitation is completed later
 * by someone else; by then the person who made it may have lost the power to make it. At
 * acceptance the power is checked again: if it is gone, the proposal (invitation) lapses — a
 * refusal with its own code, the state moved to lapsed, audited, and (mandates) the proposing
 * side told why by mail in its language. Every way of losing power × acceptance, on both engines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import type { Actor } from '../domain/actor.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { appointAccessManager, removeAccessManager } from './appoint-access-manager.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { grantAccess } from './grant-access.ts';
import { acceptMandate } from './mandates/accept-mandate.ts';
import { proposeMandate } from './mandates/propose-mandate.ts';
import { removeMainAccessManager } from './remove-main-access-manager.ts';

const brewery = E.brewery.number;
const office = E.accountant.number;
const as = (person: string, extra: Partial<Actor> = {}) => ({
  actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const, ...extra },
});
const contact = (person: string) => ({ person, email: `${person}@example.be`, phone: '+3221234567' });
const yesterday = '2026-11-27';

async function codeOf(p: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await p;
    return { code: 'ok', details: {} };
  } catch (e) {
    const d = e as { code?: string; details?: Record<string, unknown> };
    if (!d.code) throw e;
    return { code: d.code, details: d.details ?? {} };
  }
}

/** Stops an enterprise in the register, as an import would. */
const stop = (deps: TestDeps, en: string) =>
  deps.db.db.updateTable('enterprise').set({ status: 'ST' }).where('number', '=', en).execute();

interface MandateCase {
  name: string;
  /** who at the brewery proposes */
  proposer: 'lr' | 'main' | 'coMain';
  lose?: (deps: TestDeps) => Promise<unknown>;
  reason?: string;
}

const mandateCases: MandateCase[] = [
  { name: 'still empowered (control)', proposer: 'main' },
  {
    name: "the LR's function ended in the register",
    proposer: 'lr',
    reason: 'proposer_lost_power',
    lose: (deps) =>
      deps.db.db
        .updateTable('legal_function')
        .set({ end_date: yesterday })
        .where('enterprise_number', '=', brewery)
        .where('person_number', '=', P.anPeeters.number)
        .execute(),
  },
  {
    name: 'the main access manager was replaced',
    proposer: 'main',
    reason: 'proposer_lost_power',
    lose: (deps) =>
      appointMainAccessManager(deps, as(P.anPeeters.number), {
        enterprise: brewery,
        ...contact(P.juliaSchmitz.number),
      }),
  },
  {
    name: 'the main access manager was removed',
    proposer: 'main',
    reason: 'proposer_lost_power',
    lose: (deps) => removeMainAccessManager(deps, as(P.anPeeters.number), { enterprise: brewery }),
  },
  {
    name: 'the co-main access manager was removed',
    proposer: 'coMain',
    reason: 'proposer_lost_power',
    lose: (deps) =>
      removeAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: brewery,
        kind: 'co_main',
        person: P.karimElAmrani.number,
      }),
  },
  {
    name: "the proposer's enterprise stopped",
    proposer: 'main',
    reason: 'enterprise_stopped',
    lose: (deps) => stop(deps, brewery),
  },
];
const proposers = { lr: P.anPeeters.number, main: P.sofieJanssens.number, coMain: P.karimElAmrani.number };

interface InvitationCase {
  name: string;
  inviter: 'main' | 'coMain' | 'finance';
  lose?: (deps: TestDeps) => Promise<unknown>;
  reason?: string;
}
const inviters = { main: P.sofieJanssens.number, coMain: P.karimElAmrani.number, finance: P.juliaSchmitz.number };
const invitationCases: InvitationCase[] = [
  { name: 'still empowered (control)', inviter: 'finance' },
  {
    name: "the access manager's appointment ended",
    inviter: 'finance',
    reason: 'inviter_lost_power',
    lose: (deps) =>
      removeAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: brewery,
        kind: 'domain',
        domain: 'finance',
        person: P.juliaSchmitz.number,
      }),
  },
  {
    name: "the access manager's domain changed (finance to mobility)",
    inviter: 'finance',
    reason: 'inviter_lost_power',
    lose: async (deps) => {
      await removeAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: brewery,
        kind: 'domain',
        domain: 'finance',
        person: P.juliaSchmitz.number,
      });
      await appointAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: brewery,
        kind: 'domain',
        domain: 'mobility',
        ...contact(P.juliaSchmitz.number),
      });
    },
  },
  {
    name: 'the main access manager was replaced',
    inviter: 'main',
    reason: 'inviter_lost_power',
    lose: (deps) =>
      appointMainAccessManager(deps, as(P.anPeeters.number), {
        enterprise: brewery,
        ...contact(P.juliaSchmitz.number),
      }),
  },
  {
    name: 'the co-main access manager was removed',
    inviter: 'coMain',
    reason: 'inviter_lost_power',
    lose: (deps) =>
      removeAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: brewery,
        kind: 'co_main',
        person: P.karimElAmrani.number,
      }),
  },
  {
    name: 'the enterprise stopped',
    inviter: 'finance',
    reason: 'enterprise_stopped',
    lose: (deps) => stop(deps, brewery),
  },
];

describe.each(engines)('issue 13 finding 3: stale authority lapses at acceptance, on %s', (engine) => {
  let deps: TestDeps;
  afterEach(async () => deps?.cleanup());

  async function setUp() {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    await appointMainAccessManager(deps, as(P.anPeeters.number), {
      enterprise: brewery,
      ...contact(P.sofieJanssens.number),
    });
    await appointAccessManager(deps, as(P.sofieJanssens.number), {
      enterprise: brewery,
      kind: 'co_main',
      ...contact(P.karimElAmrani.number),
    });
    await appointAccessManager(deps, as(P.sofieJanssens.number), {
      enterprise: brewery,
      kind: 'domain',
      domain: 'finance',
      ...contact(P.juliaSchmitz.number),
    });
  }
  const auditActions = async (en: string) =>
    (await deps.db.db.selectFrom('audit_event').select('action').where('enterprise_number', '=', en).execute()).map(
      (r) => r.action,
    );
  const mailsTo = async (to: string) =>
    (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map(
        (r) =>
          JSON.parse(r.payload) as { to: string; template: string; language: string; params: Record<string, unknown> },
      )
      .filter((m) => m.to === to);

  it.each(mandateCases.map((c) => [c.name, c] as const))('mandate proposal, %s', async (_n, c) => {
    await setUp();
    const { mandate } = await proposeMandate(deps, as(proposers[c.proposer]), {
      enterprise: brewery,
      mandatary: office,
      domains: ['finance'],
    });
    await c.lose?.(deps);
    const r = await codeOf(acceptMandate(deps, as(P.tomMaes.number), { enterprise: office, id: mandate.id }));
    const row = await deps.db.db
      .selectFrom('mandate')
      .selectAll()
      .where('id', '=', mandate.id)
      .executeTakeFirstOrThrow();
    if (!c.reason) {
      expect(r.code).toBe('ok');
      expect(row.status).toBe('active');
      return;
    }
    expect(r).toEqual({ code: 'mandate.proposal_lapsed', details: { mandate: mandate.id, reason: c.reason } });
    expect(row).toMatchObject({ status: 'lapsed', end_reason: c.reason, ended_at: deps.clock.now().toISOString() });
    // audited on both sides, in a chain that still verifies
    expect(await auditActions(brewery)).toContain('mandate.lapsed');
    expect(await auditActions(office)).toContain('mandate.lapsed');
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
    // the proposing side hears why, in its contacts' language (the brewery's managers, or its LRs)
    const told = (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map((x) => JSON.parse(x.payload) as { template: string; params: Record<string, unknown> })
      .filter((m) => m.template === 'mandate_lapsed' && m.params.side === 'mandator');
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((m) => m.params.reason === c.reason)).toBe(true);
    // accepting again says the same; a new proposal between the two is possible
    expect((await codeOf(acceptMandate(deps, as(P.tomMaes.number), { enterprise: office, id: mandate.id }))).code).toBe(
      'mandate.not_proposed',
    );
    if (c.reason !== 'enterprise_stopped') {
      expect(
        (
          await codeOf(
            proposeMandate(deps, as(P.tomMaes.number), { enterprise: office, mandator: brewery, domains: ['finance'] }),
          )
        ).code,
      ).toBe('ok');
    }
  });

  it.each(invitationCases.map((c) => [c.name, c] as const))('invitation, %s', async (_n, c) => {
    await setUp();
    await grantAccess(deps, as(inviters[c.inviter]), {
      enterprise: brewery,
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      service: 'finance.biztax',
    });
    const link = (await mailsTo(P.tomMaes.email)).find((m) => m.template === 'invitation')!.params.link as string;
    const token = link.split('/invitations/')[1]!;
    await c.lose?.(deps);
    const r = await codeOf(acceptInvitation(deps, as(P.tomMaes.number), { token }));
    const inv = await deps.db.db.selectFrom('invitation').selectAll().executeTakeFirstOrThrow();
    if (!c.reason) {
      expect(r.code).toBe('ok');
      expect(inv.accepted_by).toBe(P.tomMaes.number);
      return;
    }
    expect(r).toEqual({ code: 'invitation.lapsed', details: { reason: c.reason } });
    expect(inv).toMatchObject({
      accepted_at: null,
      revoke_reason: 'lapsed',
      revoked_at: deps.clock.now().toISOString(),
    });
    expect(await auditActions(brewery)).toContain('invitation.lapsed');
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
    expect((await codeOf(acceptInvitation(deps, as(P.tomMaes.number), { token }))).code).toBe('invitation.not_found');
  });
});
