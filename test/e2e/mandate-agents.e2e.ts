/**
 * Mandates end to end in the browser (issue 16, items 1, 2 and 5): the office's main access
 * manager appoints a client manager from the mandate's page (Dutch), the client manager finds
 * the client under "My access" and gives a colleague access under the mandate (French), the
 * colleague sees "I act for this client through this mandate" (German), and the client sees who
 * acts for it under the mandate (English). Real server, real logins; axe on every page state.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const OFFICE = '0765432146';
// Bakkerij Peeters (0810.000.082), whose legal representative is Ilse Jacobs
const CLIENT = '0810000082';
const TOM = '99021102787';

const session = browserSession();
const { open, at, errors } = session;

/** A call to the API from the logged-in page, with its CSRF token: test set-up, not the journey. */
async function call(page: Page, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const tok = await (await fetch('/auth/csrf', { credentials: 'same-origin' })).json();
      const r = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': tok.token ?? tok.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await r.json();
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    },
    { method, path, body },
  );
}

async function login(locale: string, path: string, who: string): Promise<Page> {
  const page = await open(locale);
  await page.goto(at(path));
  await page.locator('a[href^="/auth/login"]').first().click();
  await loginAs(page, who, 'eid');
  return page;
}

describe('mandates end to end (issue 16)', () => {
  it('a person with no role sees what they can do (item 5)', async () => {
    const nadia = await login('en-BE', '/enterprises', 'nadiaClaes');
    const next = nadia.getByRole('region', { name: 'What you can do' });
    await next.getByRole('heading', { name: 'Ask an enterprise for access' }).waitFor();
    await next.getByText('83.08.25-106.70').waitFor();
    await next.getByRole('heading', { name: 'Are you a legal representative?' }).waitFor();
    await next.getByRole('link', { name: 'Request an appointment without eID' }).waitFor();
    await expectAccessible(nadia, 'my enterprises with no role (en)');
    await shot(nadia, 'no-role-en', { doc: true });
    await nadia.getByRole('link', { name: 'My access' }).first().click();
    await nadia.getByRole('region', { name: 'What you can do' }).waitFor();
    // the same page in a second language, for the guide (docs/web.md)
    const nl = await login('nl-BE', '/enterprises', 'nadiaClaes');
    const wat = nl.getByRole('region', { name: 'Wat u kunt doen' });
    await wat.getByRole('heading', { name: 'Vraag een onderneming om toegang' }).waitFor();
    await wat.getByText('83.08.25-106.70').waitFor();
    await expectAccessible(nl, 'my enterprises with no role (nl)');
    await shot(nl, 'no-role-nl', { doc: true });
    expect(errors).toEqual([]);
  });

  it('the office appoints a client manager, who grants under the mandate; every side sees it', async () => {
    // set-up through the API: Tom Maes (legal representative of the office) becomes its main
    // access manager and proposes a Finance mandate, which Ilse Jacobs accepts for the client
    const tom = await login('nl-BE', `/enterprises/${OFFICE}`, 'tomMaes');
    await call(tom, 'PUT', `/api/v1/enterprises/${OFFICE}/main-access-manager`, {
      person: TOM,
      email: 'tom.maes@example.be',
      phone: '+32470123456',
    });

    // item 2: the mandate form offers every domain a mandate may cover, the built-in ones too
    await tom.goto(at(`/enterprises/${OFFICE}/mandates`));
    const domains = tom.getByRole('group', { name: 'Domeinen' }).getByRole('checkbox');
    await domains.first().waitFor();
    const catalogue = (await call(tom, 'GET', '/api/v1/domains')).domains as unknown[];
    expect(await domains.count()).toBe(catalogue.length);
    await tom.getByRole('group', { name: 'Domeinen' }).getByLabel('Financiën').waitFor();

    const proposed = await call(tom, 'POST', `/api/v1/enterprises/${OFFICE}/mandates`, {
      mandator: CLIENT,
      domains: ['finance'],
    });
    const id = (proposed.mandate as { id: string }).id;
    const ilse = await login('en-BE', `/enterprises/${CLIENT}/mandates`, 'ilseJacobs');
    await call(ilse, 'POST', `/api/v1/enterprises/${CLIENT}/mandates/${id}/accept`, {});

    // the office's page of the mandate: appoint Lotte Martens client manager
    await tom.reload();
    const clients = tom.locator('section', { has: tom.getByRole('heading', { name: 'Onze klanten' }) });
    await clients.getByRole('link', { name: /Details/ }).click();
    await tom.getByRole('heading', { level: 1, name: /Mandaat/ }).waitFor();
    expect(new URL(tom.url()).pathname).toBe(`/enterprises/${OFFICE}/mandates/${id}`);
    const form = tom.locator('form', { has: tom.getByRole('button', { name: 'Klantbeheerder aanstellen' }) });
    await form.getByLabel(/Rijksregister/).fill('92.07.04-084.31');
    await form.getByLabel(/E-mailadres/).fill('lotte.martens@example.be');
    await form.getByRole('button', { name: 'Klantbeheerder aanstellen' }).click();
    await tom.getByText(/is nu klantbeheerder/).waitFor();
    const managers = tom.getByRole('region', { name: 'Klantbeheerders' });
    await managers.getByText('Lotte Martens').waitFor();
    await expectAccessible(tom, 'the office’s page of a mandate (nl)');
    await shot(tom, 'mandate-office-nl', { doc: true });

    // Lotte Martens, in French: the client under "My access", then a grant under the mandate
    const lotte = await login('fr-BE', '/my-access', 'lotteMartens');
    const mine = lotte.getByRole('region', { name: 'Clients pour lesquels j’agis' });
    const client = mine.getByRole('article', { name: /Bakkerij Peeters/ });
    await client.getByText(/par le mandat donné à Boekhoudkantoor Cijfers & Co/).waitFor();
    await client.getByText(/gestionnaire client · Finances/).waitFor();
    await expectAccessible(lotte, 'my access with clients (fr)');
    await shot(lotte, 'my-clients-fr', { doc: true });
    await client.getByRole('link', { name: 'Donner un accès dans le cadre de ce mandat' }).click();
    await lotte.getByRole('heading', { level: 1, name: /Donner un accès/ }).waitFor();
    await lotte.getByLabel(/Numéro de registre national/).fill('88.03.17-145.50');
    await lotte.getByLabel('Service en ligne').selectOption('finance.myminfin-companies');
    await lotte.getByRole('button', { name: 'Donner l’accès' }).click();
    await lotte.getByText(/a maintenant accès à MyMinfin/).waitFor();
    await expectAccessible(lotte, 'grant under a mandate, done (fr)');
    await shot(lotte, 'mandate-grant-fr', { doc: true });

    // Jonas Willems, in German: I act for this client through this mandate
    const jonas = await login('de-BE', '/my-access', 'jonasWillems');
    const his = jonas.getByRole('region', { name: 'Kunden, für die ich handle' });
    const row = his.getByRole('article', { name: /Bakkerij Peeters/ });
    await row.getByText(/aufgrund des Mandats für Boekhoudkantoor Cijfers & Co/).waitFor();
    await row.getByText(/MyMinfin/).waitFor();
    await jonas.getByRole('link', { name: 'Meine Unternehmen' }).first().click();
    await jonas.getByRole('region', { name: 'Kunden, für die ich handle' }).waitFor();
    await expectAccessible(jonas, 'my enterprises with clients (de)');
    await shot(jonas, 'my-clients-de', { doc: true });

    // the client, in English: who acts for us under this mandate
    await ilse.goto(at(`/enterprises/${CLIENT}/mandates`));
    const forUs = ilse.locator('section', { has: ilse.getByRole('heading', { name: 'Who acts for us' }) });
    await forUs.getByRole('link', { name: /Details/ }).click();
    await ilse.getByRole('region', { name: 'Client managers' }).getByText('Lotte Martens').waitFor();
    const users = ilse.getByRole('region', { name: 'Access given under this mandate' });
    await users.getByText('Jonas Willems').waitFor();
    await users.getByText(/MyMinfin/).waitFor();
    // the client cannot appoint the office's people
    await expect(ilse.getByRole('button', { name: 'Appoint client manager' }).count()).resolves.toBe(0);
    await expectAccessible(ilse, 'the client’s page of a mandate (en)');
    await shot(ilse, 'mandate-client-en', { doc: true });

    // item 6: the office's history says all of it in words, roles and sides too, never a code
    await tom.goto(at(`/enterprises/${OFFICE}/audit`));
    await tom.getByRole('cell', { name: 'Mandaat voorgesteld', exact: true }).waitFor();
    await tom.getByRole('cell', { name: /Klantbeheerder aangesteld/ }).waitFor();
    // the client's acceptance, recorded in the office's history under the client's side
    await tom.getByText('Wettelijke vertegenwoordiger voor de klant').first().waitFor();
    const cells = await tom.getByRole('cell').allTextContents();
    expect(cells.filter((c) => /\b[a-z_]+\.[a-z_]+\b|mandatary|mandator/.test(c))).toEqual([]);
    await expectAccessible(tom, 'the office’s history (nl)');
    await shot(tom, 'audit-mandates-nl', { doc: true });
    expect(errors).toEqual([]);
  });

  // its own test, so that each stays within the time limit on a loaded machine
  it('the client manager gives access under the mandate in a second language (nl)', async () => {
    // the mandate and Lotte's appointment come from the test above
    const lotteNl = await login('nl-BE', '/my-access', 'lotteMartens');
    await lotteNl
      .getByRole('article', { name: /Bakkerij Peeters/ })
      .getByRole('link', { name: 'Toegang geven onder dit mandaat' })
      .click();
    await lotteNl.getByRole('heading', { level: 1, name: /Toegang geven voor/ }).waitFor();
    await lotteNl.getByLabel(/Rijksregisternummer, BIS-nummer of eIDAS/).fill('88.03.17-145.50');
    await lotteNl.getByLabel('Onlinedienst').selectOption('finance.biztax');
    await lotteNl.getByRole('button', { name: 'Toegang geven' }).click();
    await lotteNl.getByText(/heeft nu toegang tot Biztax/).waitFor();
    await expectAccessible(lotteNl, 'grant under a mandate, done (nl)');
    await shot(lotteNl, 'mandate-grant-nl', { doc: true });
    expect(errors).toEqual([]);
  });
});
