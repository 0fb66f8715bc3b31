/**
 * Issue 19, section 3, in the browser: the main access manager of the brewery gives access limited
 * to one of its establishment units. A unit the register dropped while the form was open is
 * refused next to the units; the limited access then shows in the users list. axe on the form.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import { demoEnterprises as E, demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, insertMainAppointment, loginAs, shot } from './harness.ts';

const BREWERY = E.brewery.number;

const session = browserSession({
  // the brewery's main access manager, as its legal representative would have appointed her
  afterStart: async (server) => {
    await insertMainAppointment(server.databaseUrl, {
      id: randomUUID(),
      enterprise: BREWERY,
      person: P.sofieJanssens,
      appointedBy: P.anPeeters.number,
    });
  },
});
const { open, at, errors } = session;

describe('establishment units', () => {
  it('the main access manager gives access limited to one establishment unit (en)', async () => {
    const page = await open('en-GB');
    await page.goto(at(`/enterprises/${BREWERY}`));
    await page.locator('a[href^="/auth/login"]').first().click();
    await loginAs(page, 'sofieJanssens', 'security-code');
    await page.getByRole('link', { name: 'Give access' }).first().click();

    const units = page.getByRole('group', { name: 'Establishment units (optional)' });
    await units.getByLabel(/2\.123\.456\.791/).waitFor();
    await page.getByLabel('By national register or BIS number').check();
    await page.getByLabel(/^National register number, BIS number or eIDAS identifier/).fill(P.nadiaClaes.number);
    await page.getByLabel(/Search for an online service/).fill('biztax');
    await page.getByLabel(/Biztax/).check();
    await units.getByLabel(/2\.234\.567\.818/).check();
    await expectAccessible(page, 'grant form with establishment units (en)');

    // the register drops the depot while the form is open: the refusal stands next to the units
    const db = openDatabase(session.server.databaseUrl);
    await db.db.deleteFrom('establishment').where('number', '=', '2234567818').execute();
    await db.close();
    await page.getByRole('button', { name: 'Give access' }).click();
    await units.getByText('The enterprise register lists no establishment unit with this number.').waitFor();
    await expectAccessible(page, 'grant form with an establishment unit error (en)');

    await units.getByLabel(/2\.234\.567\.818/).uncheck();
    await units.getByLabel(/2\.123\.456\.791/).check();
    await page.getByRole('button', { name: 'Give access' }).click();
    await page.getByText('Access given.').waitFor();
    await shot(page, 'grant-establishments-en');

    await page.goto(at(`/enterprises/${BREWERY}`));
    await page.getByText('Only at 2.123.456.791').waitFor();
  });

  it('no page threw an error', () => {
    expect(errors).toEqual([]);
  });
});
