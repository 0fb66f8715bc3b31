/**
 * Property: random sequences of operations by random actors at random assurance levels never
 * produce two active main access managers, never let anyone act outside the rules (checked
 * against an independent model of DOMAIN.md), and always leave a verifying audit chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engines, makeTestDeps } from '../../test/test-deps.ts';
import type { Loa } from '../domain/actor.ts';
import { isDomainError } from '../domain/errors.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { appointAccessManager, removeAccessManager } from './appoint-access-manager.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { revokeGrant } from './change-grant.ts';
import { grantAccess } from './grant-access.ts';
import { removeMainAccessManager } from './remove-main-access-manager.ts';
import { appointmentActiveAt, grantActiveAt } from './shared/roles.ts';

const en = E.brewery.number;
const people = [P.anPeeters, P.lucDubois, P.erikVos, P.sofieJanssens, P.karimElAmrani, P.juliaSchmitz, P.tomMaes].map(
  (p) => p.number,
);
const LR = new Set<string>([P.anPeeters.number, P.lucDubois.number]);
const ELIGIBLE = new Set<string>([...LR, P.sofieJanssens.number, P.karimElAmrani.number, P.juliaSchmitz.number]);
const services = [
  { code: 'finance.biztax', domain: 'finance' },
  { code: 'mobility.vehicle-registration', domain: 'mobility' },
];
const domains = ['finance', 'mobility'];

type Op =
  | { op: 'appointMain' | 'removeMain'; actor: number; loa: Loa; target: number }
  | { op: 'appointCoMain' | 'removeCoMain'; actor: number; loa: Loa; target: number }
  | { op: 'appointTB' | 'removeTB'; actor: number; loa: Loa; target: number; domain: number }
  | { op: 'grant' | 'revoke'; actor: number; loa: Loa; target: number; service: number };

const loaArb = fc.constantFrom<Loa>('low', 'substantial', 'high', 'high');
const idx = (n: number) => fc.integer({ min: 0, max: n - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constantFrom('appointMain' as const, 'removeMain' as const),
    actor: idx(people.length),
    loa: loaArb,
    target: idx(people.length),
  }),
  fc.record({
    op: fc.constantFrom('appointCoMain' as const, 'removeCoMain' as const),
    actor: idx(people.length),
    loa: loaArb,
    target: idx(people.length),
  }),
  fc.record({
    op: fc.constantFrom('appointTB' as const, 'removeTB' as const),
    actor: idx(people.length),
    loa: loaArb,
    target: idx(people.length),
    domain: idx(domains.length),
  }),
  fc.record({
    op: fc.constantFrom('grant' as const, 'revoke' as const),
    actor: idx(people.length),
    loa: loaArb,
    target: idx(people.length),
    service: idx(services.length),
  }),
);

/** The rules of DOMAIN.md, written again independently of src/domain/authorize.ts. */
class Model {
  main: string | null = null;
  coMain = new Set<string>();
  tb = new Map<string, Set<string>>(domains.map((d) => [d, new Set()]));
  grants = new Set<string>();
  isHigh = (l: Loa) => l === 'high';
  isSub = (l: Loa) => l !== 'low';
  isManager = (p: string) => p === this.main || this.coMain.has(p);
  /** returns whether the operation must succeed, and applies it when it does */
  apply(o: Op): boolean {
    const a = people[o.actor]!;
    const t = people[o.target]!;
    switch (o.op) {
      case 'appointMain':
        if (!LR.has(a) || !this.isHigh(o.loa) || !ELIGIBLE.has(t)) return false;
        this.main = t;
        this.coMain.delete(t); // a co-main who becomes main is co-main no longer (issue 14, item 6)
        return true;
      case 'removeMain':
        if (!LR.has(a) || !this.isHigh(o.loa) || this.main === null) return false;
        this.main = null;
        return true;
      case 'appointCoMain':
        // the main access manager is never co-main as well (issue 14, item 6)
        if (a !== this.main || !this.isSub(o.loa) || !ELIGIBLE.has(t) || this.coMain.has(t) || t === this.main)
          return false;
        this.coMain.add(t);
        return true;
      case 'removeCoMain':
        if (a !== this.main || !this.isSub(o.loa) || !this.coMain.has(t)) return false;
        this.coMain.delete(t);
        return true;
      case 'appointTB': {
        const set = this.tb.get(domains[o.domain]!)!;
        if (!this.isManager(a) || !this.isSub(o.loa) || set.has(t)) return false;
        set.add(t);
        return true;
      }
      case 'removeTB': {
        const set = this.tb.get(domains[o.domain]!)!;
        if (!this.isManager(a) || !this.isSub(o.loa) || !set.has(t)) return false;
        set.delete(t);
        return true;
      }
      case 'grant':
      case 'revoke': {
        const s = services[o.service]!;
        const may = this.isManager(a) || this.tb.get(s.domain)!.has(a);
        const key = `${t}:${s.code}`;
        if (!may || !this.isSub(o.loa)) return false;
        if (o.op === 'grant') {
          if (this.grants.has(key)) return false;
          this.grants.add(key);
        } else {
          if (!this.grants.has(key)) return false;
          this.grants.delete(key);
        }
        return true;
      }
    }
  }
}

describe.each(engines)('random operation sequences on %s', (engine) => {
  it('keep one main access manager at most, follow the rules, and leave a verifying audit chain', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: engine === 'sqlite' ? 40 : 20 }), async (ops) => {
        const deps = await makeTestDeps(engine);
        try {
          await seedDemo(deps);
          const model = new Model();
          for (const o of ops) {
            const actor = { personNumber: people[o.actor]!, loa: o.loa, means: 'eid' as const, via: 'bearer' as const };
            const ctx = { actor };
            const target = people[o.target]!;
            const contact = { person: target, email: 'p@example.be', phone: '+3221234567' };
            const must = model.apply(o);
            let ok = true;
            try {
              switch (o.op) {
                case 'appointMain':
                  await appointMainAccessManager(deps, ctx, { enterprise: en, ...contact });
                  break;
                case 'removeMain':
                  await removeMainAccessManager(deps, ctx, { enterprise: en });
                  break;
                case 'appointCoMain':
                  await appointAccessManager(deps, ctx, { enterprise: en, kind: 'co_main', ...contact });
                  break;
                case 'removeCoMain':
                  await removeAccessManager(deps, ctx, { enterprise: en, kind: 'co_main', person: target });
                  break;
                case 'appointTB':
                  await appointAccessManager(deps, ctx, {
                    enterprise: en,
                    kind: 'domain',
                    domain: domains[o.domain]!,
                    ...contact,
                  });
                  break;
                case 'removeTB':
                  await removeAccessManager(deps, ctx, {
                    enterprise: en,
                    kind: 'domain',
                    domain: domains[o.domain]!,
                    person: target,
                  });
                  break;
                case 'grant':
                  await grantAccess(deps, ctx, { enterprise: en, person: target, service: services[o.service]!.code });
                  break;
                case 'revoke': {
                  const g = await deps.db.db
                    .selectFrom('access_grant')
                    .select('id')
                    .where('person_number', '=', target)
                    .where('service', '=', services[o.service]!.code)
                    .where(grantActiveAt(deps.clock.now().toISOString()))
                    .executeTakeFirst();
                  await revokeGrant(deps, ctx, { enterprise: en, id: g?.id ?? '00000000-0000-4000-8000-000000000000' });
                  break;
                }
              }
            } catch (e) {
              if (!isDomainError(e)) throw e;
              ok = false;
            }
            expect(ok, `${JSON.stringify(o)} should ${must ? 'succeed' : 'be refused'}`).toBe(must);
            deps.clock.advance(1000);
          }
          const now = deps.clock.now().toISOString();
          const mains = await deps.db.db
            .selectFrom('appointment')
            .select('person_number')
            .where('enterprise_number', '=', en)
            .where('kind', '=', 'main')
            .where(appointmentActiveAt(now))
            .execute();
          expect(mains.length).toBeLessThanOrEqual(1);
          expect(mains[0]?.person_number ?? null).toBe(model.main);
          expect((await verifyAudit(deps.db.db)).ok).toBe(true);
        } finally {
          await deps.cleanup();
        }
      }),
      { numRuns: engine === 'sqlite' ? 40 : 8 },
    );
  });
});
