/**
 * System users in the browser (issue 18, section 2): the vendor's main access manager Lotte
 * Martens registers PayrollPro (in German); the brewery's main access manager Sofie Janssens finds
 * it by client id, adds it as a system user and gives it finance.biztax (in French); the check
 * API then allows that client id for the brewery. Revoked, she gives it again, limited to one
 * establishment unit of the brewery: the page shows the unit and the check allows that unit only.
 * A request the vendor withdraws shows in the brewery's history (its own page, in Dutch).
 * axe on every page.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const VENDOR = '0765432146';
const client = { id: '', secret: '' };
const bakery = demoClients[0]!;
const MANDATE = randomUUID();

const session = browserSession({
  afterStart: async (server) => {
    const db = openDatabase(server.databaseUrl);
    const now = new Date().toISOString();
    const main = (enterprise: string, person: { number: string; email: string }) => ({
      id: randomUUID(),
      enterprise_number: enterprise,
      person_number: person.number,
      kind: 'main' as const,
      domain: '',
      mandate_id: null,
      email: person.email,
      phone: '+3221234567',
      procedure: 'standard' as const,
      appointed_by: P.tomMaes.number,
      appointed_by_role: 'legal_representative' as const,
      exception_request_id: null,
      created_at: now,
      valid_from: now,
      valid_until: null,
      ended_at: null,
      ended_by: null,
      end_reason: null,
    });
    await db.db
      .insertInto('appointment')
      .values([main(VENDOR, P.lotteMartens), main(E.brewery.number, P.sofieJanssens)])
      .execute();
    // the office holds an accepted Finance mandate of the bakery
    await db.db
      .insertInto('mandate')
      .values({
        id: MANDATE,
        mandator_number: bakery.number,
        mandatary_number: VENDOR,
        status: 'active',
        valid_from: now,
        valid_until: null,
        proposed_by: P.lotteMartens.number,
        proposed_by_side: 'mandatary',
        proposed_by_role: 'main',
        proposed_at: now,
        accepted_by: bakery.lr.number,
        accepted_by_role: 'legal_representative',
        accepted_at: now,
        rejected_by: null,
        rejected_at: null,
        reject_reason: null,
        ended_by: null,
        ended_by_side: null,
        ended_at: null,
        end_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db.db.insertInto('mandate_scope').values({ mandate_id: MANDATE, domain: 'finance', service: '' }).execute();
    await db.close();
    // an online service's client of the check API, registered as the operator does it
    const out = execFileSync(
      process.execPath,
      ['bin/btb.mjs', 'client', 'add', '--name', 'Finance', '--scope', 'finance'],
      {
        env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: server.databaseUrl, PUBLIC_URL: server.url },
        encoding: 'utf8',
      },
    );
    execFileSync(process.execPath, ['bin/btb.mjs', 'operator', 'add', '--person', P.nadiaClaes.number], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' },
    });
    client.id = /client_id: (\S+)/.exec(out)?.[1] ?? '';
    client.secret = /client_secret: (\S+)/.exec(out)?.[1] ?? '';
  },
});
const { open, at, errors } = session;

describe('system users', () => {
  it('a vendor registers a system, an enterprise adds it and gives it a service, the check allows it', async () => {
    const lotte = await open('de-BE');
    await lotte.goto(at(`/enterprises/${VENDOR}/systems`));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.getByRole('heading', { level: 1, name: 'Unsere Systeme' }).waitFor();
    await lotte.getByText('Dieses Unternehmen hat keine Systeme registriert.').waitFor();
    // nothing filled in: the errors stand next to the fields
    await lotte.getByRole('button', { name: 'Registrieren' }).click();
    await lotte.locator('.field-error').first().waitFor();
    await expectAccessible(lotte, 'vendor systems with errors (de)');
    await lotte.getByLabel(/^Name der Software/).fill('PayrollPro');
    await lotte.getByLabel(/^Client-IDs/).fill('payrollpro-prod\npayrollpro-test');
    await lotte.getByLabel(/^Online-Dienste/).selectOption(['finance.biztax']);
    await lotte.getByRole('button', { name: 'Registrieren' }).click();
    await lotte.getByText('PayrollPro ist registriert.').waitFor();
    await lotte.getByText('payrollpro-prod, payrollpro-test').waitFor();
    await expectAccessible(lotte, 'vendor systems (de)');
    await shot(lotte, 'vendor-systems-de', { doc: true });

    const sofie = await open('fr-BE');
    await sofie.goto(at(`/enterprises/${E.brewery.number}`));
    await sofie.locator('a[href^="/auth/login"]').first().click();
    await loginAs(sofie, 'sofieJanssens', 'security-code');
    await sofie.getByRole('link', { name: 'Utilisateurs système' }).click();
    await sofie.getByRole('heading', { level: 1, name: 'Utilisateurs système' }).waitFor();
    await sofie.getByText("Cette entreprise n'a pas d'utilisateur système.").waitFor();
    await expectAccessible(sofie, 'system users, none (fr)');
    await sofie.getByLabel(/^Nom du logiciel ou identifiant client/).fill('payrollpro-prod');
    await sofie.getByRole('button', { name: 'Rechercher' }).click();
    await sofie.getByRole('button', { name: 'Ajouter comme utilisateur système' }).click();
    await expectAccessible(sofie, 'add dialog (fr)');
    await sofie.getByRole('dialog').getByRole('button', { name: 'Ajouter comme utilisateur système' }).click();
    await sofie.getByText(/PayrollPro est maintenant un utilisateur système/).waitFor();
    await sofie.getByRole('heading', { level: 2, name: 'PayrollPro' }).waitFor();

    // an end date beyond the service's term is refused next to the field
    await sofie.getByLabel(/^Service en ligne/).selectOption('finance.biztax');
    await sofie.getByLabel(/^Date de fin/).fill('2099-12-31');
    await sofie.getByRole('button', { name: 'Donner accès' }).click();
    await sofie
      .locator('.has-error')
      .getByLabel(/^Date de fin/)
      .waitFor();
    await expectAccessible(sofie, 'grant with an error (fr)');
    const end = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await sofie.getByLabel(/^Date de fin/).fill(end);
    await sofie.getByRole('button', { name: 'Donner accès' }).click();
    await sofie.getByText(/PayrollPro a maintenant accès à/).waitFor();
    await expectAccessible(sofie, 'system users with a grant (fr)');

    const evaluate = async (establishment?: string) => {
      const r = await fetch(at('/access/v1/evaluation'), {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          subject: { type: 'system', id: 'payrollpro-prod' },
          resource: {
            type: 'online-service',
            id: 'finance.biztax',
            properties: { enterprise: E.brewery.number, ...(establishment ? { establishment } : {}) },
          },
          action: { name: 'use' },
        }),
      });
      expect(r.status).toBe(200);
      return (await r.json()) as { decision: boolean };
    };
    expect((await evaluate()).decision).toBe(true);

    // revoked: the check says no at once
    await sofie.getByRole('button', { name: 'Révoquer' }).click();
    await sofie.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
    await sofie.getByText(/est révoqué\.$/).waitFor();
    expect((await evaluate()).decision).toBe(false);

    // again, limited to the brewery's head office: the grant form offers its establishment units
    const card = sofie.locator('section.card', { has: sofie.getByRole('heading', { level: 2, name: 'PayrollPro' }) });
    const units = card.getByRole('group', { name: 'Unités d’établissement (facultatif)' });
    await card.getByLabel(/^Service en ligne/).selectOption('finance.biztax');
    await units.getByLabel(/2\.123\.456\.791/).check();
    await expectAccessible(sofie, 'system user grant with establishment units (fr)');
    await card.getByRole('button', { name: 'Donner accès' }).click();
    await sofie.getByText(/PayrollPro a maintenant accès à/).waitFor();
    await card.getByText('Uniquement à 2.123.456.791').waitFor();
    // the form is empty again for the next grant
    expect(await units.getByLabel(/2\.123\.456\.791/).isChecked()).toBe(false);
    await expectAccessible(sofie, 'system users with a grant limited to a unit (fr)');
    await shot(sofie, 'system-users-fr', { doc: true });
    expect((await evaluate('2123456791')).decision).toBe(true);
    expect((await evaluate('2234567818')).decision).toBe(false);
    expect(errors).toEqual([]);
  });

  it("a vendor's request: Lotte asks the brewery (de), Sofie approves it in her inbox (fr), Lotte reads the answer", async () => {
    const lotte = await open('de-BE');
    await lotte.goto(at(`/enterprises/${VENDOR}/systems`));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.getByRole('heading', { level: 1, name: 'Unsere Systeme' }).waitFor();
    await lotte.getByLabel(/^Name der Software/).fill('LohnFix');
    await lotte.getByLabel(/^Client-IDs/).fill('lohnfix-prod');
    await lotte.getByLabel(/^Online-Dienste/).selectOption(['finance.biztax', 'finance.intervat']);
    await lotte.getByRole('button', { name: 'Registrieren' }).click();
    await lotte.getByText('LohnFix ist registriert.').waitFor();
    const form = lotte.getByRole('form', { name: 'Einen Kunden bitten, ein System zu genehmigen' });
    await form.getByLabel(/^System/).selectOption({ label: 'LohnFix' });
    // a customer number that is not one: the error stands next to the field
    await form.getByLabel(/^Unternehmensnummer des Kunden/).fill('0123456789');
    await form.getByRole('button', { name: 'Antrag senden' }).click();
    await form.locator('.field-error, .alert').first().waitFor();
    await expectAccessible(lotte, 'vendor request with an error (de)');
    await form.getByLabel(/^Unternehmensnummer des Kunden/).fill(E.brewery.number);
    await form.getByLabel(/^Nachricht/).fill('Unsere Lohnsoftware reicht Ihre Erklärungen ein.');
    await form.getByRole('button', { name: 'Antrag senden' }).click();
    await lotte.getByText(/Der Antrag für LohnFix ist an .* gesendet\./).waitFor();
    await lotte.getByRole('heading', { level: 2, name: 'Gesendete Anträge' }).waitFor();
    await lotte.locator('.badge', { hasText: 'offen' }).waitFor();
    await expectAccessible(lotte, 'vendor sent requests (de)');
    await shot(lotte, 'vendor-request-de', { doc: true });

    const sofie = await open('fr-BE');
    await sofie.goto(at(`/enterprises/${E.brewery.number}/system-users`));
    await sofie.locator('a[href^="/auth/login"]').first().click();
    await loginAs(sofie, 'sofieJanssens', 'security-code');
    await sofie.getByRole('heading', { level: 2, name: 'Demandes des fournisseurs de logiciels' }).waitFor();
    const card = sofie.locator('section.card', { has: sofie.getByRole('heading', { level: 3, name: 'LohnFix' }) });
    await card.getByText('Unsere Lohnsoftware reicht Ihre Erklärungen ein.').waitFor();
    await expectAccessible(sofie, 'system user requests inbox (fr)');
    await shot(sofie, 'system-user-requests-fr', { doc: true });
    // only finance.biztax: she unticks the other service
    await card.getByRole('checkbox').nth(1).uncheck();
    await card.getByRole('button', { name: 'Accepter' }).click();
    await sofie.getByText('LohnFix agit désormais pour cette entreprise.').waitFor();
    await sofie.getByRole('heading', { level: 2, name: 'LohnFix' }).waitFor();
    await expectAccessible(sofie, 'system users after an approval (fr)');

    await lotte.reload();
    await lotte.locator('.badge', { hasText: 'genehmigt' }).waitFor();
    expect(errors).toEqual([]);
  });

  it("a vendor's request withdrawn: the customer's history shows it arrive and go away, and by whom (nl)", async () => {
    const lotte = await open('de-BE');
    await lotte.goto(at(`/enterprises/${VENDOR}/systems`));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.getByLabel(/^Name der Software/).fill('KassaPlus');
    await lotte.getByLabel(/^Client-IDs/).fill('kassaplus-prod');
    await lotte.getByLabel(/^Online-Dienste/).selectOption(['finance.biztax']);
    await lotte.getByRole('button', { name: 'Registrieren' }).click();
    await lotte.getByText('KassaPlus ist registriert.').waitFor();
    const form = lotte.getByRole('form', { name: 'Einen Kunden bitten, ein System zu genehmigen' });
    await form.getByLabel(/^System/).selectOption({ label: 'KassaPlus' });
    await form.getByLabel(/^Unternehmensnummer des Kunden/).fill(E.brewery.number);
    await form.getByRole('button', { name: 'Antrag senden' }).click();
    await lotte.getByText(/Der Antrag für KassaPlus ist an .* gesendet\./).waitFor();
    const mine = lotte.locator('li.card', { hasText: 'KassaPlus' });
    await mine.getByRole('button', { name: 'Zurückziehen' }).click();
    await mine.locator('.badge', { hasText: 'zurückgezogen' }).waitFor();

    const sofie = await open('nl-BE');
    await sofie.goto(at(`/enterprises/${E.brewery.number}/audit`));
    await sofie.locator('a[href^="/auth/login"]').last().click();
    await loginAs(sofie, 'sofieJanssens', 'security-code');
    const withdrawn = sofie.getByRole('row', { name: /Aanvraag voor een systeemgebruiker ingetrokken/ }).first();
    await withdrawn.getByText('Hoofdtoegangsbeheerder voor de softwareleverancier').waitFor();
    await sofie
      .getByRole('row', {
        name: /Aanvraag voor een systeemgebruiker door een softwareleverancier naar een klant gestuurd/,
      })
      .first()
      .waitFor();
    await expectAccessible(sofie, "the customer's history with a withdrawn request (nl)");
    await shot(sofie, 'audit-system-user-request-withdrawn-nl');
    expect(errors).toEqual([]);
  });

  it('under a mandate, the office lets PayrollPro act for the bakery (en); the check allows it for the bakery', async () => {
    const lotte = await open('en-GB');
    await lotte.goto(at(`/enterprises/${VENDOR}/mandates/${MANDATE}`));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.getByRole('heading', { level: 2, name: 'Software acting for this client' }).waitFor();
    await lotte.getByText('No software acts for this client under this mandate.').waitFor();
    await lotte.getByLabel(/^Name of the software or client id/).fill('payrollpro-prod');
    await lotte.getByRole('button', { name: 'Search' }).click();
    await lotte.getByRole('button', { name: 'Let PayrollPro act for the client' }).click();
    await lotte.getByText('PayrollPro now acts for the client under this mandate.').waitFor();
    await lotte.getByLabel(/^Online service within the mandate/).selectOption('finance.biztax');
    await lotte.getByRole('button', { name: 'Give access' }).click();
    await lotte.getByText(/PayrollPro now has access to .* for the client\./).waitFor();
    await expectAccessible(lotte, 'mandate with a system user (en)');
    await shot(lotte, 'mandate-system-users-en', { doc: true });
    const r = await fetch(at('/access/v1/evaluation'), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        subject: { type: 'system', id: 'payrollpro-prod' },
        resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: bakery.number } },
        action: { name: 'use' },
      }),
    });
    const answer = (await r.json()) as { decision: boolean; context: { chain: { kind: string }[] } };
    expect(answer.decision).toBe(true);
    expect(answer.context.chain.at(-1)?.kind).toBe('mandate');
    expect(errors).toEqual([]);
  });

  it('a service desk operator looks up what ends at an enterprise in the next 30 days (nl)', async () => {
    const nadia = await open('nl-BE');
    await nadia.goto(at('/service-desk'));
    await nadia.locator('a[href^="/auth/login"]').first().click();
    await loginAs(nadia, 'nadiaClaes', 'security-code');
    await nadia.getByRole('link', { name: 'Eindigt binnen 30 dagen' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Eindigt binnen 30 dagen' }).waitFor();
    // an unknown enterprise is refused next to its field
    await nadia.getByLabel(/^Ondernemingsnummer/).fill('0123.456.749');
    await nadia.getByRole('button', { name: 'Opzoeken' }).click();
    await nadia
      .locator('.has-error')
      .getByLabel(/^Ondernemingsnummer/)
      .waitFor();
    await expectAccessible(nadia, 'ending soon with an error (nl)');
    await nadia.getByLabel(/^Ondernemingsnummer/).fill(E.brewery.number);
    await nadia.getByLabel(/^Doel/).fill('Oproep 2026-118');
    await nadia.getByRole('button', { name: 'Opzoeken' }).click();
    await nadia.getByRole('heading', { level: 2, name: /eindigt uiterlijk/ }).waitFor();
    await expectAccessible(nadia, 'ending soon (nl)');
    await shot(nadia, 'desk-ending-soon-nl', { doc: true });
    expect(errors).toEqual([]);
  });
});
