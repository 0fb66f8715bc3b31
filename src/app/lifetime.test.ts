/**
 * Issue 17, section 3 on both engines: a grant without an end date gets the catalogue's term;
 * the check path records a use without writing (the recorder batches it); a grant unused for
 * UNUSED_GRANT_MONTHS is flagged and its holder told, a use clears the flag, and a grant still
 * unused at the notice's end ends; an invitation that expired unused is reported to its sender once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, outboxMails, tomsBiztaxGrant } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { termLatest } from '../domain/term-limits.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { checkAccess } from './check-access.ts';
import { createChecker } from './check-deps.ts';
import { grantAccess } from './grant-access.ts';
import { sweepLifetime } from './sweep-lifetime.ts';

const en = E.brewery.number;
const api = { client: { id: 't', scope: new Set<string>(), isAll: true }, lang: 'en' as const };
const DAY = 86_400_000;

describe.each(engines)('lifetime rules on %s (issue 17, section 3)', (engine) => {
  let deps: TestDeps;
  let grantId: string;
  const use = async () =>
    (await deps.db.db.selectFrom('grant_use').selectAll().where('grant_id', '=', grantId).executeTakeFirst()) ?? null;
  const grantRow = () =>
    deps.db.db.selectFrom('access_grant').selectAll().where('id', '=', grantId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    ({ deps, grantId } = await tomsBiztaxGrant(engine));
  });
  afterAll(() => deps.cleanup());

  it('a grant without an end date ends at the catalogue term (5 years, to the end of that Brussels day)', async () => {
    const g = await grantRow();
    expect(g.valid_until).toBe(termLatest(new Date('2026-12-03T10:00:00.000Z'), 60).toISOString());
    expect(g.valid_until).toBe('2031-12-03T22:59:59.999Z');
  });

  it('the check path notes a use in memory and writes it once per flush', async () => {
    const checker = createChecker(deps);
    const q = {
      subject: { type: 'person', id: P.tomMaes.number },
      resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: en } },
      action: { name: 'use' },
    };
    for (let i = 0; i < 50; i++) expect((await checkAccess(checker, api, q)).decision).toBe(true);
    expect(await use()).toBeNull(); // nothing written per check
    expect(checker.usage.pending).toBe(1);
    // a "no" records nothing
    await checkAccess(checker, api, { ...q, resource: { ...q.resource, id: 'finance.intervat' } });
    expect(checker.usage.pending).toBe(1);
    expect(await checker.usage.flush()).toBe(1);
    expect(await use()).toMatchObject({ last_used_at: '2026-12-03T10:00:00.000Z', flagged_at: null });
    await checker.usage.stop();
  });

  it('flags a grant unused for 24 months, tells its holder once, and a use clears the flag', async () => {
    deps.clock.set('2028-12-02T10:00:00.000Z'); // one day short of 24 months
    expect((await sweepLifetime(deps)).flagged).toBe(0);
    deps.clock.set('2028-12-03T10:00:00.000Z');
    expect((await sweepLifetime(deps)).flagged).toBe(1);
    expect((await use())?.flagged_at).toBe('2028-12-03T10:00:00.000Z');
    expect((await sweepLifetime(deps)).flagged).toBe(0);
    const told = await outboxMails(deps, 'grant_unused');
    expect(told.map((m) => m.to)).toEqual([P.tomMaes.email]);
    // the holder reads which grant, since when it is unused, and the day it ends (the notice: 30 days)
    expect(told[0]?.params).toEqual({
      enterprise: en,
      enterpriseName: expect.any(String),
      service: 'finance.biztax',
      lastUsedAt: '2026-12-03T10:00:00.000Z',
      months: 24,
      endsOn: '2029-01-02T10:00:00.000Z',
    });
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'actor_role'])
      .where('action', '=', 'grant.flagged_unused')
      .execute();
    expect(audit).toEqual([{ action: 'grant.flagged_unused', actor_role: 'system' }]);
    const checker = createChecker(deps);
    checker.usage.record(P.tomMaes.number, { enterprise: en, service: 'finance.biztax', role: '' });
    await checker.usage.stop();
    expect(await use()).toMatchObject({ last_used_at: '2028-12-03T10:00:00.000Z', flagged_at: null });
    deps.clock.set('2029-01-10T10:00:00.000Z');
    expect(await sweepLifetime(deps)).toMatchObject({ flagged: 0, endedUnused: 0 });
    expect((await grantRow()).revoked_at).toBeNull();
  });

  it('ends a grant still unused when the notice runs out, and says why', async () => {
    deps.clock.set('2030-12-03T10:00:00.000Z');
    expect((await sweepLifetime(deps)).flagged).toBe(1);
    deps.clock.advance(29 * DAY);
    expect((await sweepLifetime(deps)).endedUnused).toBe(0);
    deps.clock.advance(1 * DAY);
    expect((await sweepLifetime(deps)).endedUnused).toBe(1);
    const g = await grantRow();
    expect(g.revoked_by).toBe('system:unused');
    const ended = await outboxMails(deps, 'grant_ended_unused');
    expect(ended.map((m) => m.to)).toEqual([P.tomMaes.email]);
    expect(ended[0]?.params).toEqual({
      enterprise: en,
      enterpriseName: expect.any(String),
      service: 'finance.biztax',
      lastUsedAt: '2028-12-03T10:00:00.000Z',
      months: 24,
    });
    expect((await sweepLifetime(deps)).endedUnused).toBe(0);
  });

  it('tells the sender once that an invitation expired unaccepted', async () => {
    await grantAccess(deps, as(P.sofieJanssens.number), {
      enterprise: en,
      email: 'new.colleague@example.be',
      service: 'finance.intervat',
    });
    deps.clock.advance(13 * DAY);
    expect((await sweepLifetime(deps)).invitationsReported).toBe(0);
    deps.clock.advance(1 * DAY);
    expect((await sweepLifetime(deps)).invitationsReported).toBe(1);
    expect((await sweepLifetime(deps)).invitationsReported).toBe(0);
    const told = await outboxMails(deps, 'invitation_expired');
    expect(told.map((m) => [m.to, m.params.invitee])).toEqual([[P.sofieJanssens.email, 'new.colleague@example.be']]);
  });
});
