/**
 * The web app's behaviour around a session (issue 16): when the session ends the page says so,
 * the header stops naming the person, and a login link brings the person back to the same page
 * (item 12).
 */
import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const OFFICE = '0765432146';
const BREWERY = '0566988259';
const session = browserSession();
const { open, at, errors } = session;

describe('session and navigation (issue 16)', () => {
  it('an expired session says so and offers a login that returns to the page (item 12)', async () => {
    const page = await open('en-BE');
    const path = `/enterprises/${OFFICE}/mandates`;
    await page.goto(at(path));
    await page.locator('a[href^="/auth/login"]').first().click();
    await loginAs(page, 'tomMaes', 'eid');
    await page.getByRole('heading', { level: 1, name: 'Mandates' }).waitFor();
    await page.getByText(/Logged in as Tom Maes/).waitFor();

    // the session ends on the server side (here: its cookie is gone), then the person acts
    await page.context().clearCookies();
    await page.getByLabel(/Enterprise number of the other enterprise/).fill('0810.000.082');
    await page.getByRole('group', { name: 'Domains' }).getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Send proposal' }).click();
    const alert = page.getByRole('alert').filter({ has: page.getByRole('link', { name: 'Log in again' }) });
    await alert.waitFor();
    await expect(page.getByText(/Logged in as/).count()).resolves.toBe(0);
    const again = alert.getByRole('link', { name: 'Log in again' });
    expect(new URL((await again.getAttribute('href')) ?? '', at('/')).searchParams.get('returnTo')).toBe(path);
    await expectAccessible(page, 'session ended (en)');
    await shot(page, 'session-ended-en', { doc: true });

    await again.click();
    await loginAs(page, 'tomMaes', 'eid');
    expect(new URL(page.url()).pathname).toBe(path);
    await page.getByText(/Logged in as Tom Maes/).waitFor();
    await expect(page.getByRole('link', { name: 'Log in again' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('the same in French: the page says so, the header drops the name, the link comes back (item 12)', async () => {
    const page = await open('fr-BE');
    const path = `/enterprises/${OFFICE}/mandates`;
    await page.goto(at(path));
    await page.locator('a[href^="/auth/login"]').first().click();
    await loginAs(page, 'tomMaes', 'eid');
    await page.getByRole('heading', { level: 1, name: 'Mandats' }).waitFor();
    await page.getByText(/Session de Tom Maes/).waitFor();
    await page.context().clearCookies();
    await page.getByLabel(/Numéro d'entreprise de l'autre entreprise/).fill('0810.000.082');
    await page.locator('fieldset').getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    const alert = page.getByRole('alert').filter({ has: page.getByRole('link', { name: 'Se reconnecter' }) });
    await alert.getByText(/Votre session a pris fin/).waitFor();
    await expect(page.getByText(/Session de Tom Maes/).count()).resolves.toBe(0);
    const again = alert.getByRole('link', { name: 'Se reconnecter' });
    expect(new URL((await again.getAttribute('href')) ?? '', at('/')).searchParams.get('returnTo')).toBe(path);
    await expectAccessible(page, 'session ended (fr)');
    await shot(page, 'session-ended-fr', { doc: true });
    expect(errors).toEqual([]);
  });

  it('a double click sends one request, with an Idempotency-Key the API honours (item 11)', async () => {
    const page = await open('en-BE');
    await page.goto(at(`/enterprises/${OFFICE}/mandates`));
    await page.locator('a[href^="/auth/login"]').first().click();
    await loginAs(page, 'tomMaes', 'eid');
    await page.getByRole('heading', { level: 1, name: 'Mandates' }).waitFor();
    const sent: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === `/api/v1/enterprises/${OFFICE}/mandates`)
        sent.push(r.headers()['idempotency-key']);
    });
    await page.getByLabel(/Enterprise number of the other enterprise/).fill('0810.000.181');
    await page.getByRole('group', { name: 'Domains' }).getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Send proposal' }).dblclick();
    await page.getByText(/The proposal has been sent to 0810\.000\.181/).waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^[0-9a-f]{32}$/);
    // waitFor is strict: two rows would fail it
    await page.getByRole('row', { name: /0810\.000\.181/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it("the wizard's steps are in the URL: back, forward and reload keep the place (item 13)", async () => {
    const page = await open('en-BE');
    const path = `/enterprises/${BREWERY}/main`;
    await page.goto(at(path));
    await page.locator('a[href^="/auth/login"]').first().click();
    await loginAs(page, 'anPeeters', 'eid');
    await page.getByText('Step 1 of 3').waitFor();
    await page.getByLabel('I appoint someone else').check();
    await page.getByLabel(/National register number, BIS number or eIDAS identifier/).fill('90.05.21-048.83');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Step 2 of 3').waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('2');
    await page.getByLabel(/E-mail address/).fill('sofie.janssens@example.be');
    await page.getByLabel(/Phone number/).fill('+32 470 12 34 56');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Step 3 of 3').waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('3');

    await page.goBack();
    await page.getByText('Step 2 of 3').waitFor();
    await expect(page.getByLabel(/E-mail address/).inputValue()).resolves.toBe('sofie.janssens@example.be');
    await page.goBack();
    await page.getByText('Step 1 of 3').waitFor();
    await page.goForward();
    await page.getByText('Step 2 of 3').waitFor();
    await page.goForward();
    await page.getByText('Step 3 of 3').waitFor();
    await page.reload();
    await page.getByText('Step 3 of 3').waitFor();
    await page.getByText('90.05.21-048.83').waitFor();
    await expectAccessible(page, 'wizard check step after reload (en)');

    // a step whose earlier answers are missing is not reachable by URL: back to the first gap
    // (a fresh draft appoints oneself, so the contact details are the first thing missing)
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.getByText('Step 2 of 3').waitFor();
    await expect(page.getByLabel(/E-mail address/).inputValue()).resolves.toBe('');
    expect(errors).toEqual([]);
  });
});
