import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engines, makeTestDeps } from '../../test/test-deps.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { importRegisterFile } from '../infra/registers/csv-import.ts';
import { announceImported } from './announce-imports.ts';

describe.each(engines)('a register import is announced to subscribed systems (issue 8) on %s', (engine) => {
  it('sends register.changed for the managed enterprises the file touched, naming the appointment that lost its basis', async () => {
    const deps = await makeTestDeps(engine);
    const dir = mkdtempSync(join(tmpdir(), 'btb-announce-'));
    try {
      await seedDemo(deps);
      await appointMainAccessManager(
        deps,
        { actor: { personNumber: P.anPeeters.number, loa: 'high', means: 'eid', via: 'bearer' } },
        {
          enterprise: E.brewery.number,
          person: P.sofieJanssens.number,
          email: P.sofieJanssens.email,
          phone: '+3221234567',
        },
      );
      // Sofie leaves the brewery; the self-employed enterprise (no managers) is in the file too.
      const file = join(dir, 'employment.csv');
      writeFileSync(
        file,
        `EntityNumber,PersonNumber,StartDate,EndDate\n0566.988.259,${P.sofieJanssens.number},2018-01-08,2026-11-01\n0428.759.497,${P.marcLambert.number},2020-01-01,\n`,
      );
      await importRegisterFile(deps.db, 'employment', file);
      expect(await announceImported(deps, { kind: 'employment', file })).toBe(1);
      const events = (
        await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'webhook').execute()
      )
        .map((r) => JSON.parse(r.payload))
        .filter((p) => p.type === 'register.changed');
      expect(events).toHaveLength(1);
      expect(events[0].enterprise).toBe(E.brewery.number);
      expect(events[0].data.ineligibleAppointments.map((a: { person: string }) => a.person)).toEqual([
        P.sofieJanssens.number,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await deps.cleanup();
    }
  });
});
