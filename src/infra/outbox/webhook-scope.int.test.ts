/**
 * Issue 13, finding 7: change events reached API clients whose scope did not cover them
 * (`register.changed` went to every subscriber). Two clients of different scopes (finance,
 * mobility) subscribe; a table over every event type btb emits says who must hear of a change
 * in the mobility domain (only the mobility client) and of a change that concerns every domain
 * (a main access manager: both).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { appointAccessManager, removeAccessManager } from '../../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import { changeGrantEnd, revokeGrant } from '../../app/change-grant.ts';
import { grantAccess } from '../../app/grant-access.ts';
import { announceRegisterChanges } from '../../app/list-ineligible-appointments.ts';
import { addApiClient, addWebhook } from '../../app/manage-api-clients.ts';
import { acceptMandate } from '../../app/mandates/accept-mandate.ts';
import { appointClientManager, removeClientManager } from '../../app/mandates/appoint-client-manager.ts';
import { endMandate } from '../../app/mandates/end-mandate.ts';
import { proposeMandate } from '../../app/mandates/propose-mandate.ts';
import { rejectMandate } from '../../app/mandates/reject-mandate.ts';
import { applyRegisterChanges } from '../../app/register-effects.ts';
import { removeMainAccessManager } from '../../app/remove-main-access-manager.ts';
import { suspendOverdueAppointments } from '../../app/suspend-overdue-appointments.ts';
import { createSystemUser } from '../../app/system-users/create-system-user.ts';
import { endSystemUser } from '../../app/system-users/end-system-user.ts';
import { grantSystemUser } from '../../app/system-users/grant-system-user.ts';
import { revokeSystemUserGrant } from '../../app/system-users/revoke-system-user-grant.ts';
import { registerSystem } from '../../app/system-users/systems.ts';
import { demoEnterprises as E, demoPersons as P } from '../demo/demo-data.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { deliverPendingWebhooks, viewFor } from './webhook-delivery.ts';

const as = (person: string) => ({
  actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
});
const contact = (person: string) => ({ person, email: 'm@example.be', phone: '+3221234567' });
const brewery = E.brewery.number;
const office = E.accountant.number;
const marc = E.selfEmployed.number;

/** Every event type the use cases write, read from the source, so a new type must join the table. */
function eventTypesInSource(): string[] {
  const root = new URL('../../app/', import.meta.url).pathname;
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.ts') && !f.endsWith('.test.ts')) files.push(p);
    }
  };
  walk(root);
  const types = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/type: '([a-z_]+\.[a-z_]+)'/g)) types.add(m[1]!);
    for (const m of text.matchAll(/action: '(mandate\.[a-z_]+)'/g)) types.add(m[1]!);
  }
  return [...types].sort();
}

describe.each(engines)('issue 13 finding 7: events reach only the subscribers entitled to them, on %s', (engine) => {
  let deps: TestDeps;
  const seen: { to: 'finance' | 'mobility'; type: string; enterprise: string; data: Record<string, unknown> }[] = [];
  const flush = async () => {
    seen.length = 0;
    await deliverPendingWebhooks(deps, {
      fetch: async (url, init) => {
        const body = JSON.parse(String(init?.body)) as {
          type: string;
          enterprise: string;
          data: Record<string, unknown>;
        };
        seen.push({ to: String(url).endsWith('/finance') ? 'finance' : 'mobility', ...body });
        return new Response(null, { status: 204 });
      },
    });
  };
  const ids: { grant?: string; mandate?: string; system?: string; systemUser?: string; systemGrant?: string } = {};

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    await appointMainAccessManager(deps, as(P.anPeeters.number), {
      enterprise: brewery,
      ...contact(P.sofieJanssens.number),
    });
    await appointMainAccessManager(deps, as(P.tomMaes.number), { enterprise: office, ...contact(P.tomMaes.number) });
    for (const [scope, path] of [
      ['finance', 'finance'],
      ['mobility', 'mobility'],
    ] as const) {
      const c = await addApiClient(deps, { name: `client ${scope}`, scope });
      await addWebhook(deps, { clientId: c.clientId, url: `http://127.0.0.1:9/${path}` });
    }
    await flush();
  });
  afterAll(async () => deps?.cleanup());

  type Step = { type: string; want: ('finance' | 'mobility')[]; run: () => Promise<unknown> };
  const mobility: Step[] = [
    {
      type: 'access_manager.appointed',
      want: ['mobility'],
      run: () =>
        appointAccessManager(deps, as(P.sofieJanssens.number), {
          enterprise: brewery,
          kind: 'domain',
          domain: 'mobility',
          ...contact(P.juliaSchmitz.number),
        }),
    },
    {
      type: 'grant.created',
      want: ['mobility'],
      run: async () => {
        const g = await grantAccess(deps, as(P.juliaSchmitz.number), {
          enterprise: brewery,
          person: P.tomMaes.number,
          service: 'mobility.vehicle-registration',
        });
        ids.grant = g.kind === 'grant' ? g.grant.id : undefined;
      },
    },
    {
      type: 'grant.changed',
      want: ['mobility'],
      run: () =>
        changeGrantEnd(deps, as(P.juliaSchmitz.number), {
          enterprise: brewery,
          id: ids.grant!,
          validUntil: '2030-01-01',
        }),
    },
    {
      type: 'grant.revoked',
      want: ['mobility'],
      run: () => revokeGrant(deps, as(P.juliaSchmitz.number), { enterprise: brewery, id: ids.grant! }),
    },
    // issue 18, section 2: a system whose services are all in mobility concerns mobility only
    {
      type: 'system_user.created',
      want: ['mobility'],
      run: async () => {
        const s = await registerSystem(deps, as(P.tomMaes.number), office, {
          name: 'Fleet sync',
          clientIds: ['fleet-sync'],
          services: ['mobility.vehicle-registration'],
        });
        ids.system = s.system.id;
        const u = await createSystemUser(deps, as(P.sofieJanssens.number), brewery, ids.system);
        ids.systemUser = u.systemUser.id;
      },
    },
    {
      type: 'system_user.granted',
      want: ['mobility'],
      run: async () => {
        const g = await grantSystemUser(deps, as(P.juliaSchmitz.number), brewery, ids.systemUser!, {
          service: 'mobility.vehicle-registration',
        });
        ids.systemGrant = g.grant.id;
      },
    },
    {
      type: 'system_user.revoked',
      want: ['mobility'],
      run: () => revokeSystemUserGrant(deps, as(P.juliaSchmitz.number), brewery, ids.systemUser!, ids.systemGrant!),
    },
    {
      type: 'system_user.ended',
      want: ['mobility'],
      run: () => endSystemUser(deps, as(P.sofieJanssens.number), brewery, ids.systemUser!),
    },
    {
      type: 'mandate.proposed',
      want: ['mobility'],
      run: async () => {
        ids.mandate = (
          await proposeMandate(deps, as(P.sofieJanssens.number), {
            enterprise: brewery,
            mandatary: office,
            domains: ['mobility'],
          })
        ).mandate.id;
      },
    },
    {
      type: 'mandate.rejected',
      want: ['mobility'],
      run: async () => {
        await rejectMandate(deps, as(P.tomMaes.number), { enterprise: office, id: ids.mandate! });
        ids.mandate = (
          await proposeMandate(deps, as(P.sofieJanssens.number), {
            enterprise: brewery,
            mandatary: office,
            domains: ['mobility'],
          })
        ).mandate.id;
      },
    },
    {
      type: 'mandate.accepted',
      want: ['mobility'],
      run: () => acceptMandate(deps, as(P.tomMaes.number), { enterprise: office, id: ids.mandate! }),
    },
    {
      type: 'client_manager.appointed',
      want: ['mobility'],
      run: () =>
        appointClientManager(deps, as(P.tomMaes.number), {
          enterprise: office,
          id: ids.mandate!,
          person: P.lotteMartens.number,
          email: 'l@example.be',
          phone: '+3221234567',
        }),
    },
    {
      type: 'client_manager.removed',
      want: ['mobility'],
      run: () =>
        removeClientManager(deps, as(P.tomMaes.number), {
          enterprise: office,
          id: ids.mandate!,
          person: P.lotteMartens.number,
        }),
    },
    {
      type: 'mandate.ended',
      want: ['mobility'],
      run: () => endMandate(deps, as(P.tomMaes.number), { enterprise: office, id: ids.mandate! }),
    },
    {
      // issue 13, finding 3: the proposing LR's function ends before the office accepts
      type: 'mandate.lapsed',
      want: ['mobility'],
      run: async () => {
        const { mandate } = await proposeMandate(deps, as(P.anPeeters.number), {
          enterprise: brewery,
          mandatary: office,
          domains: ['mobility'],
        });
        await deps.db.db
          .updateTable('legal_function')
          .set({ end_date: '2026-11-27' })
          .where('person_number', '=', P.anPeeters.number)
          .execute();
        await acceptMandate(deps, as(P.tomMaes.number), { enterprise: office, id: mandate.id }).then(
          () => expect.unreachable('the proposal should have lapsed'),
          (e: { code?: string }) => expect(e.code).toBe('mandate.proposal_lapsed'),
        );
      },
    },
    {
      type: 'access_manager.removed',
      want: ['mobility'],
      run: () =>
        removeAccessManager(deps, as(P.sofieJanssens.number), {
          enterprise: brewery,
          kind: 'domain',
          domain: 'mobility',
          person: P.juliaSchmitz.number,
        }),
    },
    {
      // Marc's enterprise keeps only a mobility access manager: its register change is mobility's business.
      type: 'register.changed',
      want: ['mobility'],
      run: async () => {
        await appointMainAccessManager(deps, as(P.marcLambert.number), {
          enterprise: marc,
          ...contact(P.marcLambert.number),
        });
        await appointAccessManager(deps, as(P.marcLambert.number), {
          enterprise: marc,
          kind: 'domain',
          domain: 'mobility',
          ...contact(P.marcLambert.number),
        });
        await removeMainAccessManager(deps, as(P.marcLambert.number), { enterprise: marc });
        await flush();
        await announceRegisterChanges(deps, [marc]);
      },
    },
  ];
  const everyDomain: Step[] = [
    { type: 'register.changed', want: ['finance', 'mobility'], run: () => announceRegisterChanges(deps, [brewery]) },
    {
      type: 'access_manager.appointed',
      want: ['finance', 'mobility'],
      run: () =>
        appointAccessManager(deps, as(P.sofieJanssens.number), {
          enterprise: brewery,
          kind: 'co_main',
          ...contact(P.karimElAmrani.number),
        }),
    },
    // issue 17: what a register change does to rights is every domain's business (main and
    // co-main managers act for all of them; a stopped enterprise ends everything)
    {
      type: 'register.appointment_ineligible',
      want: ['finance', 'mobility'],
      run: async () => {
        await deps.db.db
          .updateTable('employment')
          .set({ end_date: '2026-11-27' })
          .where('person_number', '=', P.karimElAmrani.number)
          .where('enterprise_number', '=', brewery)
          .execute();
        await applyRegisterChanges(deps, { source: 'test', enterprises: [brewery] });
      },
    },
    {
      type: 'register.appointment_suspended',
      want: ['finance', 'mobility'],
      run: async () => {
        deps.clock.advance((deps.config.registerChanges.graceDays + 1) * 86_400_000);
        expect(await suspendOverdueAppointments(deps)).toBeGreaterThan(0);
      },
    },
    {
      type: 'register.enterprise_stopped',
      want: ['finance', 'mobility'],
      run: async () => {
        await deps.db.db.updateTable('enterprise').set({ status: 'ST' }).where('number', '=', brewery).execute();
        await applyRegisterChanges(deps, { source: 'test', enterprises: [brewery] });
      },
    },
  ];

  it('a register change shows each subscriber only the ineligible appointments its scope covers', () => {
    const data = {
      status: 'stopped',
      ineligibleAppointments: [
        { id: 'a', kind: 'main', domain: null },
        { id: 'b', kind: 'domain', domain: 'mobility' },
        { id: 'c', kind: 'domain', domain: 'finance' },
      ],
    };
    const ids = (scope: string[]) =>
      (viewFor(deps, scope, data).ineligibleAppointments as { id: string }[]).map((a) => a.id);
    expect(ids(['finance'])).toEqual(['a', 'c']);
    expect(ids(['mobility.vehicle-registration'])).toEqual(['a', 'b']);
    expect(ids(['*'])).toEqual(['a', 'b', 'c']);
  });

  it('the table names every event type the use cases emit', () => {
    expect([...new Set([...mobility, ...everyDomain].map((s) => s.type))].sort()).toEqual(eventTypesInSource());
  });

  it.each([
    ...mobility.map((s) => ['in mobility', s.type, s] as const),
    ...everyDomain.map((s) => ['for every domain', s.type, s] as const),
  ])('%s: %s reaches only the entitled subscribers', async (_n, _t, step) => {
    await step.run();
    await flush();
    const got = seen.filter((e) => e.type === step.type);
    expect(got.length, `${step.type} delivered`).toBeGreaterThan(0);
    expect([...new Set(got.map((e) => e.to))].sort()).toEqual(step.want);
  });
});
