import { describe, expect, it } from 'vitest';
import { engines, makeTestDeps } from '../../test/test-deps.ts';
import { isDomainError } from '../domain/errors.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { appointmentActiveAt } from './shared/roles.ts';

const en = E.brewery.number;
const lr = (person: string) => ({
  actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
});

describe.each(engines)('two legal representatives appointing at the same moment on %s', (engine) => {
  it('end with exactly one main access manager: a clean replacement or a clear refusal, never two', async () => {
    const deps = await makeTestDeps(engine);
    try {
      await seedDemo(deps);
      const targets = [P.sofieJanssens, P.karimElAmrani, P.juliaSchmitz, P.anPeeters];
      for (let round = 0; round < 10; round++) {
        const results = await Promise.allSettled(
          targets.map((t, i) =>
            appointMainAccessManager(deps, lr(i % 2 ? P.lucDubois.number : P.anPeeters.number), {
              enterprise: en,
              person: t.number,
              email: t.email,
              phone: '+3221234567',
            }),
          ),
        );
        for (const r of results) {
          if (r.status === 'rejected') {
            expect(isDomainError(r.reason), String(r.reason)).toBe(true);
            expect(r.reason.code).toBe('appointment.concurrent_change');
          }
        }
        expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
        const mains = await deps.db.db
          .selectFrom('appointment')
          .select('person_number')
          .where('enterprise_number', '=', en)
          .where('kind', '=', 'main')
          .where(appointmentActiveAt(deps.clock.now().toISOString()))
          .execute();
        expect(mains).toHaveLength(1);
        deps.clock.advance(1000);
      }
      expect((await verifyAudit(deps.db.db)).ok).toBe(true);
    } finally {
      await deps.cleanup();
    }
  });
});
