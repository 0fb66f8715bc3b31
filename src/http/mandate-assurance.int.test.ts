/**
 * Issue 13, finding 2: mandates at too low an assurance level. Proposing (one by one or in bulk),
 * accepting, rejecting and ending a mandate bind an enterprise towards another, so on both sides
 * they need *high*, like appointing the main access manager: every action × side × signing role ×
 * level, through the API, with the step-up answer (needed level and stepUpUrl) below high.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastAuditAction } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { tokenFor } from '../../test/tokens.ts';
import { appointAccessManager } from '../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { acceptMandate } from '../app/mandates/accept-mandate.ts';
import { proposeMandate } from '../app/mandates/propose-mandate.ts';
import type { Loa } from '../domain/actor.ts';
import type { MandateSide } from '../domain/mandate-rules.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

const brewery = E.brewery.number; // the mandator in every case
const office = E.accountant.number; // the mandatary
type Role = 'lr' | 'main' | 'coMain';
const people: Record<MandateSide, Record<Role, string>> = {
  mandator: { lr: P.anPeeters.number, main: P.sofieJanssens.number, coMain: P.karimElAmrani.number },
  mandatary: { lr: P.tomMaes.number, main: P.jonasWillems.number, coMain: P.lotteMartens.number },
};
const levels: Loa[] = ['low', 'substantial', 'high'];
const enterpriseOf = (side: MandateSide) => (side === 'mandator' ? brewery : office);
const other = (side: MandateSide): MandateSide => (side === 'mandator' ? 'mandatary' : 'mandator');
type Action = 'propose' | 'propose in bulk' | 'accept' | 'reject' | 'end';
const actions: Action[] = ['propose', 'propose in bulk', 'accept', 'reject', 'end'];
const cases = actions.flatMap((action) =>
  (['mandator', 'mandatary'] as const).flatMap((side) =>
    (['lr', 'main', 'coMain'] as const).flatMap((role) => levels.map((loa) => ({ action, side, role, loa }))),
  ),
);
const high = (person: string) => ({
  actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
});
const contact = (person: string) => ({ person, email: 'm@example.be', phone: '+3221234567' });

describe.each(engines)('issue 13 finding 2: mandate actions need high on %s', (engine) => {
  let deps: TestDeps;
  let app: App;

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    for (const side of ['mandator', 'mandatary'] as const) {
      const en = enterpriseOf(side);
      const who = people[side];
      await appointMainAccessManager(deps, high(who.lr), { enterprise: en, ...contact(who.main) });
      await appointAccessManager(deps, high(who.main), { enterprise: en, kind: 'co_main', ...contact(who.coMain) });
    }
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  /** Closes what an earlier case left open between the two, then sets up what this action needs. */
  async function prepare(action: Action, side: MandateSide): Promise<string | undefined> {
    await deps.db.db
      .updateTable('mandate')
      .set({ status: 'ended' })
      .where('mandator_number', '=', brewery)
      .where('mandatary_number', '=', office)
      .where('status', 'in', ['proposed', 'active'])
      .execute();
    if (action === 'propose' || action === 'propose in bulk') return undefined;
    const proposer = action === 'end' ? side : other(side);
    const byOffice = proposer === 'mandatary';
    const { mandate } = await proposeMandate(deps, high(people[proposer].lr), {
      enterprise: enterpriseOf(proposer),
      ...(byOffice ? { mandator: brewery } : { mandatary: office }),
      domains: ['finance'],
    });
    if (action === 'end') {
      await acceptMandate(deps, high(people[other(side)].lr), {
        enterprise: enterpriseOf(other(side)),
        id: mandate.id,
      });
    }
    return mandate.id;
  }

  function request(action: Action, side: MandateSide, id: string | undefined) {
    const en = enterpriseOf(side);
    const counterpart = side === 'mandator' ? { mandatary: office } : { mandator: brewery };
    if (action === 'propose')
      return {
        method: 'POST' as const,
        url: `/api/v1/enterprises/${en}/mandates`,
        payload: { ...counterpart, domains: ['finance'] },
      };
    if (action === 'propose in bulk')
      return {
        method: 'POST' as const,
        url: `/api/v1/enterprises/${en}/mandates/bulk?side=${side}`,
        payload: `${side === 'mandator' ? office : brewery};finance;;;`,
        headers: { 'content-type': 'text/csv' },
      };
    return { method: 'POST' as const, url: `/api/v1/enterprises/${en}/mandates/${id}/${action}`, payload: {} };
  }

  it(`covers ${cases.length} cases: every action, side, signing role and level`, () => {
    expect(cases).toHaveLength(5 * 2 * 3 * 3);
  });

  it.each(cases.map((c) => [`${c.action} as ${c.role} of the ${c.side} at ${c.loa}`, c] as const))(
    '%s',
    async (_n, c) => {
      const id = await prepare(c.action, c.side);
      const before = await verifyAudit(deps.db.db);
      const { headers, ...req } = request(c.action, c.side, id);
      const token = await tokenFor(deps, people[c.side][c.role], c.loa);
      const res = await app.inject({ ...req, headers: { ...headers, authorization: `Bearer ${token}` } });
      if (c.loa === 'high') {
        expect(res.statusCode, res.body).toBeLessThan(300);
        if (c.action === 'propose in bulk') expect(res.json(), res.body).toMatchObject({ proposed: 1, refused: 0 });
        return;
      }
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'authentication.insufficient_assurance',
        needed: 'high',
        current: c.loa,
        stepUpUrl: '/auth/login?loa=high',
      });
      // refused: nothing changed but the refusal's own security.refused event (issue 13, audit completeness)
      expect(await verifyAudit(deps.db.db)).toEqual({ ...before, events: before.events + 1 });
      expect(await lastAuditAction(deps)).toBe('security.refused');
    },
  );
});
