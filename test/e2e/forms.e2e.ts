/**
 * Forms (issue 16): every rule at once, next to its field, with the rule itself (item 10); a file
 * the server would refuse is stopped in the browser, and a reached limit says which limit and
 * until when (item 15). The exception request form, in German, as a person logged in via eIDAS.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const session = browserSession();
const { open, at, errors } = session;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const big = Buffer.concat([pdf, Buffer.alloc(11 * 1024 * 1024, 32)]);
const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200, 7)]);

async function form(): Promise<{ page: Page; posts: string[] }> {
  const page = await open('de-DE');
  await page.goto(at('/'));
  await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
  await loginAs(page, 'foreignEidas', 'eid');
  await page.waitForURL(/\/exception\/new$/);
  // the form fills the person's own fields from the eIDAS login when the session answers: wait for
  // that before typing, or the prefill races with the test's own input
  await page.locator('.card.note').first().waitFor();
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/exception-requests')) posts.push(r.url());
  });
  return { page, posts };
}

describe('forms (issue 16)', () => {
  it('a form the API refuses shows every violation next to its field, with the rule (item 10)', async () => {
    const page = await open('nl-BE');
    await page.goto(at('/enterprises/0566988259/main'));
    await page.getByRole('link', { name: 'Aanmelden' }).first().click();
    await loginAs(page, 'anPeeters', 'eid');
    await page.waitForURL('**/enterprises/0566988259/main');
    await page.getByRole('button', { name: 'Volgende' }).click();
    // two values the page lets through and the API refuses, each for its own length rule
    const email = page.getByLabel(/E-mailadres/);
    const phone = page.getByLabel(/Telefoonnummer/);
    await email.fill(`${'an.peeters.'.repeat(25)}@example.be`);
    await phone.fill(`+32 470 12 34 56${' 7'.repeat(12)}`);
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('button', { name: 'Aanstellen' }).click();

    const near = (control: ReturnType<Page['getByLabel']>) => page.locator('.field', { has: control });
    await near(email).getByText('Hoogstens 254 tekens.').waitFor();
    await near(phone).getByText('Hoogstens 32 tekens.').waitFor();
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(phone.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('Verbeter de 2 velden die hieronder zijn aangeduid.').waitFor();
    await expectAccessible(page, 'appointment wizard with two refused fields (nl)');
    await shot(page, 'form-errors-nl', { doc: true });
    expect(errors).toEqual([]);
  });

  it('shows every problem at once, next to its field, with the rule; refused files are not sent (items 10, 15)', async () => {
    const { page, posts } = await form();
    const given = page.getByLabel(/^Vorname/).first();
    await given.fill('E'.repeat(101));
    const signed = page.getByLabel(/^Unterschriebenes Antragsformular/);
    await signed.setInputFiles({ name: 'formular.pdf', mimeType: 'application/pdf', buffer: big });
    const id = page.getByLabel(/^Kopie Ihres Ausweisdokuments/);
    await id.setInputFiles({ name: 'pass.exe', mimeType: 'application/x-msdownload', buffer: exe });
    await page.getByRole('button', { name: 'Antrag stellen' }).click();

    const near = (control: ReturnType<Page['getByLabel']>) => page.locator('.field', { has: control });
    await near(given).getByText('Höchstens 100 Zeichen: Dieser Text hat 101.').waitFor();
    await near(signed)
      .getByText(/Diese Datei ist zu groß/)
      .waitFor();
    await near(id)
      .getByText(/kein PDF, PNG oder JPEG/)
      .waitFor();
    await near(page.getByLabel(/^Unternehmensnummer/))
      .locator('.field-error')
      .waitFor();
    expect(await page.locator('.field-error').count()).toBeGreaterThanOrEqual(4);
    await expect(signed.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(posts).toEqual([]);
    await expectAccessible(page, 'exception form with every error at once (de)');
    await shot(page, 'exception-errors-de', { doc: true });
    expect(errors).toEqual([]);
  });

  it('a reached limit says which limit and until when (item 15)', async () => {
    const { page } = await form();
    const retryAt = '2026-12-03T09:30:00.000Z';
    await page.route('**/api/v1/enterprises/*/exception-requests', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          status: 429,
          code: 'rate_limit.exceeded',
          limit: 'exception.per_address',
          max: 5,
          retryAfterSeconds: 3600,
          retryAt,
        }),
      }),
    );
    await page.getByLabel(/^Unternehmensnummer/).fill('0765.432.146');
    await page.getByLabel(/^Dokumentnummer/).fill('C01X00T47');
    await page.getByLabel(/^Ausstellungsland/).fill('de');
    await page.getByLabel(/^Gültig bis/).fill('2031-05-01');
    await page.getByLabel(/^Eigenschaft, in der Sie/).fill('Geschäftsführerin');
    const proposed = page.getByRole('group', { name: 'Der vorgeschlagene Hauptzugangsverwalter' });
    await proposed.getByLabel(/^Nationalregisternummer, BIS-Nummer oder eIDAS-Kennung/).fill('92.07.04-084.31');
    await proposed.getByLabel(/^Vorname/).fill('Lotte');
    await proposed.getByLabel(/^Nachname/).fill('Martens');
    await proposed.getByLabel(/^E-Mail-Adresse/).fill('lotte.martens@example.be');
    await proposed.getByLabel(/^Telefonnummer/).fill('+32 470 12 34 56');
    await page.getByLabel('Ich habe keine belgische eID oder elektronische Ausländerkarte').check();
    for (const [label, name] of [
      [/^Unterschriebenes Antragsformular/, 'formular.pdf'],
      [/^Kopie Ihres Ausweisdokuments/, 'pass.pdf'],
      [/^Vertretungsnachweis/, 'auszug.pdf'],
    ] as const)
      await page.getByLabel(label).setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
    await page.getByTestId('pow-done').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Antrag stellen' }).click();
    const time = new Intl.DateTimeFormat('de-BE', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Brussels',
    }).format(new Date(retryAt));
    await page
      .getByText(
        `Ihre Verbindung hat ihre Grenze von 5 Anträgen pro Stunde erreicht. Sie können ab ${time} erneut senden.`,
      )
      .waitFor();
    await expectAccessible(page, 'exception form, limit reached (de)');
    expect(errors).toEqual([]);
  });
});
