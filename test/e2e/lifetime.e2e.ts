/**
 * Issue 17 in the browser: the one-click extension the daily digest links to (the link survives
 * the login round trip; the page proposes the latest end the term allows and saves it; a link
 * the person can no longer use says so), and the legal representatives' register-review page.
 * axe on every page.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, loginAs, mainAppointmentRow } from './harness.ts';

const OFFICE = '0765432146';
const GRANT = randomUUID();
const DAY = 86_400_000;
const MAIN = randomUUID();

const session = browserSession({
  afterStart: async (server) => {
    const db = openDatabase(server.databaseUrl);
    const now = new Date().toISOString();
    await db.db
      .insertInto('appointment')
      .values(
        mainAppointmentRow({ id: MAIN, enterprise: OFFICE, person: P.lotteMartens, appointedBy: P.tomMaes.number }),
      )
      .execute();
    // a grant ending in ten days: the digest would list it with its extension link
    await db.db
      .insertInto('access_grant')
      .values({
        id: GRANT,
        enterprise_number: OFFICE,
        person_number: P.erikVos.number,
        service: 'finance.biztax',
        service_role: '',
        domain: 'finance',
        mandate_id: null,
        granted_by: P.lotteMartens.number,
        granted_by_role: 'main',
        invitation_id: null,
        created_at: now,
        valid_from: now,
        valid_until: new Date(Date.now() + 10 * DAY).toISOString(),
        revoked_at: null,
        revoked_by: null,
      })
      .execute();
    // the registers no longer back Lotte: a review for the legal representatives
    await db.db
      .insertInto('register_review')
      .values({
        id: randomUUID(),
        appointment_id: MAIN,
        enterprise_number: OFFICE,
        person_number: P.lotteMartens.number,
        kind: 'main',
        reason: 'not_employee',
        import_id: null,
        detected_at: now,
        grace_until: new Date(Date.now() + 30 * DAY).toISOString(),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      })
      .execute();
    await db.close();
  },
});
const { open, at, errors } = session;
const extendPath = `/enterprises/${OFFICE}/grants/${GRANT}/extend`;

describe('lifetime of rights (issue 17)', () => {
  it('the digest link opens the extension after login, proposes the term limit, and saves it', async () => {
    const lotte = await open('en-GB');
    await lotte.goto(at(extendPath));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.waitForURL((u) => u.pathname === extendPath);
    await lotte.getByRole('heading', { level: 1, name: 'Extend access' }).waitFor();
    await lotte.getByText(/The longest term for this access is 60 months/).waitFor();
    const proposed = await lotte.getByLabel('New end date').inputValue();
    // five years from today, on the Brussels calendar (the test may run near midnight UTC)
    expect(Number(proposed.slice(0, 4))).toBe(new Date().getUTCFullYear() + 5);
    await expectAccessible(lotte, 'extend a grant (en)');
    await lotte.getByRole('button', { name: 'Extend' }).click();
    await lotte.getByText(/now runs until/).waitFor();
    await expectAccessible(lotte, 'grant extended (en)');

    const db = openDatabase(session.server.databaseUrl);
    const g = await db.db
      .selectFrom('access_grant')
      .select('valid_until')
      .where('id', '=', GRANT)
      .executeTakeFirstOrThrow();
    const audit = await db.db
      .selectFrom('audit_event')
      .select(['action', 'actor'])
      .where('action', '=', 'grant.end_changed')
      .execute();
    await db.close();
    expect(g.valid_until?.slice(0, 4)).toBe(proposed.slice(0, 4));
    expect(audit).toEqual([{ action: 'grant.end_changed', actor: P.lotteMartens.number }]);
  });

  it('a link for a grant the person cannot extend (any more) says so, in Dutch', async () => {
    const erik = await open('nl-BE');
    await erik.goto(at(extendPath));
    await erik.locator('a[href^="/auth/login"]').first().click();
    await loginAs(erik, 'erikVos', 'security-code');
    await erik.getByRole('heading', { level: 1, name: 'Toegang verlengen' }).waitFor();
    await erik.getByText(/U kunt deze toegang niet meer verlengen/).waitFor();
    await expect(erik.getByRole('button', { name: 'Verlengen' }).count()).resolves.toBe(0);
    await expectAccessible(erik, 'extension refused (nl)');
  });

  it('the register-review page lists the manager under review (French), accessible', async () => {
    const lotte = await open('fr-BE');
    await lotte.goto(at(`/enterprises/${OFFICE}/register-reviews`));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.getByRole('heading', { level: 1 }).waitFor();
    await lotte.getByText(/Lotte/).first().waitFor();
    await expectAccessible(lotte, 'register reviews (fr)');
    expect(errors).toEqual([]);
  });
});
