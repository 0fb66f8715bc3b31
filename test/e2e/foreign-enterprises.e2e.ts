/**
 * Issue 19, section 2, in the browser: a service desk operator registers a foreign enterprise
 * (Dutch): an end date beyond 36 months is refused next to its field; the enterprise then shows
 * with its F-number, its representative is renewed, and it is linked to the KBO number it got.
 * The development server runs without four eyes, so each proposal takes effect at once (the
 * API tests cover the second operator). axe on the list, the form and the detail.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoEnterprises as E, demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const session = browserSession({
  afterStart: async (server) => {
    await promisify(execFile)(process.execPath, ['bin/btb.mjs', 'operator', 'add', '--person', P.nadiaClaes.number], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' },
    });
  },
});
const { open, at, errors } = session;

describe('foreign enterprises at the service desk', () => {
  it('the operator registers a foreign enterprise, renews its representative and links it to a KBO number (nl)', async () => {
    const page = await open('nl-BE');
    await page.goto(at('/service-desk'));
    await page.getByRole('link', { name: 'Aanmelden' }).first().click();
    await loginAs(page, 'nadiaClaes', 'security-code');
    await page.getByRole('link', { name: 'Buitenlandse ondernemingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buitenlandse ondernemingen' }).waitFor();
    await page.getByText('Nog geen buitenlandse onderneming.').waitFor();
    await expectAccessible(page, 'foreign enterprises, empty (nl)');

    await page.getByRole('link', { name: 'Een buitenlandse onderneming registreren' }).click();
    await page.getByLabel(/^Naam/).fill('Vlaskwekerij De Wit BV');
    await page.getByLabel(/^Land/).fill('nl');
    await page.getByLabel(/^Register van herkomst/).fill('Kamer van Koophandel');
    await page.getByLabel(/^EUID/).fill('NLNHR.12345678');
    await page.getByLabel(/^Rijksregisternummer, BIS-nummer of eIDAS/).fill('NL/BE/NL1234567890');
    await page.getByLabel(/^Familienaam/).fill('de Wit');
    await page.getByLabel(/^Voornaam/).fill('Jan');
    await page.getByLabel(/^Bevoegdheid eindigt op/).fill('2031-01-01');
    await page
      .getByLabel(/^Uittreksel uit het register/)
      .setInputFiles({ name: 'uittreksel.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Registratie voorstellen' }).click();
    // refused next to the end date: at most 36 months ahead
    await page
      .locator('.field.has-error')
      .getByLabel(/^Bevoegdheid eindigt op/)
      .waitFor();
    await expectAccessible(page, 'foreign enterprise form with an error (nl)');
    await shot(page, 'foreign-enterprise-form-nl');

    await page.getByLabel(/^Bevoegdheid eindigt op/).fill('2027-06-30');
    await page.getByRole('button', { name: 'Registratie voorstellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vlaskwekerij De Wit BV (F000.000.196)' }).waitFor();
    await page.getByText('Geregistreerd').first().waitFor();
    await page.getByText('uittreksel.pdf').waitFor();
    await expectAccessible(page, 'foreign enterprise detail (nl)');

    await page.getByLabel(/^Nieuwe einddatum/).fill('2028-06-30');
    await page.getByRole('button', { name: 'Verlenging voorstellen' }).click();
    await page.getByText('Opgeslagen.').waitFor();
    await page.getByRole('cell', { name: '30 juni 2028', exact: true }).waitFor();

    await page.getByLabel(/^KBO-nummer/).fill(E.selfEmployed.number);
    await page.getByLabel(/^Hoe u het naging/).fill('Inschrijvingsbewijs KBO');
    await page.getByRole('button', { name: 'Koppeling voorstellen' }).click();
    await page.getByText(/Haar rechten gingen over naar/).waitFor();
    await page.getByText('Gekoppeld aan een KBO-nummer').first().waitFor();
    await expectAccessible(page, 'foreign enterprise linked (nl)');
    await shot(page, 'foreign-enterprise-detail-nl', { doc: true });
  });

  it('the list shows it in French', async () => {
    const page = await open('fr-BE');
    await page.goto(at('/service-desk'));
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await loginAs(page, 'nadiaClaes', 'security-code');
    await page.getByRole('link', { name: 'Entreprises étrangères' }).click();
    await page.getByRole('heading', { level: 1, name: 'Entreprises étrangères' }).waitFor();
    await page.getByRole('link', { name: 'F000.000.196' }).waitFor();
    await page.getByText('Liée à un numéro BCE').waitFor();
    await expectAccessible(page, 'foreign enterprises list (fr)');
    await shot(page, 'foreign-enterprises-fr');
  });

  it('no page threw an error', () => {
    expect(errors).toEqual([]);
  });
});
