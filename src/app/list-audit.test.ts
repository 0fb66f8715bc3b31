import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { isDomainError } from '../domain/errors.ts';
import { appendAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type ListAuditInput, listAudit } from './list-audit.ts';

const en = E.brewery.number;
const ctx = {
  actor: { personNumber: P.anPeeters.number, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
};

// Actions with the characters LIKE gives a meaning to, and look-alikes they must not match.
const events: [string, string][] = [
  ['2027-01-15T10:00:00.000Z', 'test.grant_created'],
  ['2027-01-15T10:00:01.000Z', 'test.grantXcreated'],
  ['2027-01-15T10:00:02.000Z', 'test.share100%'],
  ['2027-01-15T10:00:03.000Z', 'test.share1000'],
  ['2027-01-15T10:00:04.000Z', 'test.path\\a'],
  ['2027-01-15T10:00:05.000Z', 'test.pathXa'],
  ['2027-01-15T22:30:00.000Z', 'test.late'], // 23:30 on 15 January in Brussels
  ['2027-01-15T23:30:00.000Z', 'test.after_midnight'], // 00:30 on 16 January in Brussels
  ['2027-07-15T21:30:00.000Z', 'test.summer_late'], // 23:30 on 15 July in Brussels (UTC+2)
  ['2027-07-15T22:30:00.000Z', 'test.summer_next'], // 00:30 on 16 July
];

describe.each(engines)('history filters on %s (issue 14, items 2 and 7)', (engine) => {
  let deps: TestDeps;
  const actions = async (input: Omit<ListAuditInput, 'enterprise'>) =>
    (await listAudit(deps, ctx, { enterprise: en, limit: 1000, ...input })).items
      .map((i) => i.action)
      .filter((a) => a.startsWith('test.'))
      .sort();

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    for (const [at, action] of events) {
      await deps.db.unitOfWork((tx) =>
        appendAudit(tx, deps.db.engine, { at, actor: null, actorRole: null, enterprise: en, action, target: null }),
      );
    }
  });
  afterAll(() => deps.cleanup());

  it.each([
    ['test.grant_', ['test.grant_created']],
    ['test.grant_created', ['test.grant_created']],
    ['test.share100%', ['test.share100%']],
    ['test.path\\', ['test.path\\a']],
    ['test.path\\a', ['test.path\\a']],
    ['test.grantX', ['test.grantXcreated']],
  ])('action %s finds exactly its own events: LIKE wildcards and the escape are literal', async (action, expected) => {
    expect(await actions({ action })).toEqual(expected);
  });

  it.each([
    [{ to: '2027-01-15' }, 'test.late', 'test.after_midnight'],
    [{ from: '2027-01-16', to: '2027-01-16' }, 'test.after_midnight', 'test.late'],
    [{ from: '2027-07-15', to: '2027-07-15' }, 'test.summer_late', 'test.summer_next'],
    [{ from: '2027-07-16' }, 'test.summer_next', 'test.summer_late'],
  ])('%o is the Brussels day, `to` inclusive: finds %s, not %s', async (filter, inside, outside) => {
    const found = await actions(filter);
    expect(found).toContain(inside);
    expect(found).not.toContain(outside);
  });

  it('a `to` date-time is inclusive too', async () => {
    expect(await actions({ from: '2027-01-15T22:30:00Z', to: '2027-01-15T22:30:00Z' })).toEqual(['test.late']);
  });

  it.each([
    ['from', '2027-02-30'],
    ['to', '2027-02-30'],
    ['from', '2027-02-30T12:00:00Z'],
    ['to', '2027-04-31T08:00:00+02:00'],
    ['from', 'yesterday'],
  ])('%s=%s is refused, naming the field', async (field, value) => {
    const e = await listAudit(deps, ctx, { enterprise: en, [field]: value }).catch((x: unknown) => x);
    expect(isDomainError(e) && [e.code, e.details.field]).toEqual(['validation.invalid_input', field]);
  });
});
