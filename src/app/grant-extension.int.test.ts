/**
 * The one-click extension's page (issue 17): its GET shows what the caller could change, so it
 * needs the power to manage the grant, but it is a read: on PostgreSQL it must not take the
 * enterprise's change lock (a page view queued behind every write of that enterprise, and held
 * writers back while it ran).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, tomsBiztaxGrant } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { proposeGrantExtension } from './change-grant.ts';

const en = E.brewery.number;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe.each(engines)('the extension page on %s', (engine) => {
  let deps: TestDeps;
  let grantId: string;

  beforeAll(async () => {
    ({ deps, grantId } = await tomsBiztaxGrant(engine, '2027-06-30'));
  });
  afterAll(() => deps.cleanup());

  it('proposes the latest end the term allows to a manager, refuses the holder and a stranger', async () => {
    const p = await proposeGrantExtension(deps, as(P.sofieJanssens.number), { enterprise: en, id: grantId });
    expect(p).toMatchObject({ maxMonths: 60, latestDate: '2031-12-03', holderName: expect.any(String) });
    expect(await codeOf(proposeGrantExtension(deps, as(P.tomMaes.number), { enterprise: en, id: grantId }))).toMatch(
      /^authorization\./,
    );
    expect(
      await codeOf(proposeGrantExtension(deps, as(P.lotteMartens.number), { enterprise: en, id: '__proto__' })),
    ).toMatch(/^authorization\./);
  });

  // PostgreSQL only, registered there alone (not a skipped test on SQLite): SQLite has one
  // connection whose transactions run in turn, so a read waits for any open transaction there,
  // lock or no lock, and there is no change lock to leave out.
  if (engine === 'postgres')
    it('answers while a writer holds the enterprise: a read takes no change lock', async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const writer = deps.db.db.transaction().execute(async (trx) => {
        await trx.selectFrom('enterprise').select('number').where('number', '=', en).forUpdate().execute();
        locked();
        await held;
      });
      try {
        await isLocked;
        const answer = await Promise.race([
          proposeGrantExtension(deps, as(P.sofieJanssens.number), { enterprise: en, id: grantId }).then(
            () => 'answered',
          ),
          // generous on a loaded machine: with the lock it waits for ever (the writer never ends)
          new Promise((r) => setTimeout(() => r('waited for the lock'), 20_000)),
        ]);
        expect(answer).toBe('answered');
      } finally {
        release();
        await writer;
      }
    }, 30_000);
});
