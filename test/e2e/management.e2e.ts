/**
 * "Who manages us?" in the browser (issue 17, section 2): the brewery's legal representative An
 * Peeters reads the tree in French, downloads it, and reports the main access manager the service
 * desk appointed by the exception procedure as "not us": it is suspended at once. The operator
 * (Dutch) restores it from the desk's list. axe on both pages.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, insertMainAppointment, loginAs, shot } from './harness.ts';

const BREWERY = '0566988259';
const appointmentId = randomUUID();

const session = browserSession({
  afterStart: async (server) => {
    await promisify(execFile)(process.execPath, ['bin/btb.mjs', 'operator', 'add', '--person', P.nadiaClaes.number], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' },
    });
    // the main access manager the desk appointed on documents (exception procedure)
    await insertMainAppointment(server.databaseUrl, {
      id: appointmentId,
      enterprise: BREWERY,
      person: P.sofieJanssens,
      appointedBy: P.nadiaClaes.number,
      appointedByRole: 'service_desk',
      procedure: 'exception',
    });
  },
});
const { open, at, errors } = session;

describe('who manages us?', () => {
  it('a legal representative reads the tree, downloads it and reports "this was not us"; the desk restores', async () => {
    const an = await open('fr-BE');
    await an.goto(at(`/enterprises/${BREWERY}`));
    await an.locator('a[href^="/auth/login"]').first().click();
    await loginAs(an, 'anPeeters', 'eid');
    await an.getByRole('link', { name: 'Qui nous gère ?' }).click();
    await an.getByRole('heading', { level: 1, name: 'Qui nous gère ?' }).waitFor();
    await an
      .getByText(/Sofie Janssens/)
      .first()
      .waitFor();
    await expect(
      an
        .getByText(/procédure d.exception/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(an, 'who manages us (fr)');
    await shot(an, 'management-fr');

    const [download] = await Promise.all([
      an.waitForEvent('download'),
      an.getByRole('link', { name: 'Télécharger en CSV (tableur)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^management-0566988259-\d{4}-\d\d-\d\d\.csv$/);

    await an.getByRole('button', { name: "Ce n'était pas nous" }).first().click();
    await an
      .getByLabel("Qu'est-ce qui ne va pas dans cette désignation ?")
      .fill('Nous ne connaissons pas cette demande.');
    await expectAccessible(an, 'this was not us form (fr)');
    await an.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await an.getByText("Signalé. La désignation est suspendue jusqu'à la décision du service desk.").waitFor();
    await an.getByRole('heading', { name: "Suspendus dans l'attente de l'examen du service desk" }).waitFor();

    const nadia = await open('nl-BE');
    await nadia.goto(at('/service-desk/appointment-reports'));
    await nadia.locator('a[href^="/auth/login"]').first().click();
    await loginAs(nadia, 'nadiaClaes', 'security-code');
    await nadia.goto(at('/service-desk/appointment-reports'));
    await nadia.getByRole('heading', { level: 1, name: 'Meldingen "Dit waren wij niet"' }).waitFor();
    await nadia.getByText('Nous ne connaissons pas cette demande.').waitFor();
    await expectAccessible(nadia, 'desk reports (nl)');
    await nadia.getByLabel('Uw beslissing, met de reden').fill('Documenten nagekeken met de notaris.');
    await nadia.getByRole('button', { name: 'Aanstelling herstellen' }).click();
    await nadia.getByText('Beslissing vastgelegd; wie meldde, krijgt bericht.').waitFor();
    await nadia.getByText('Geen open melding.').waitFor();

    await an.reload();
    await an.getByRole('heading', { level: 1, name: 'Qui nous gère ?' }).waitFor();
    await expect(
      an.getByRole('heading', { name: "Suspendus dans l'attente de l'examen du service desk" }).count(),
    ).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
