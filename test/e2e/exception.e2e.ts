/**
 * The exception procedure in the browser (issues 6 and 7): a person without a Belgian number,
 * logged in through eIDAS, sends a request with three documents (German); an executable
 * renamed .pdf is refused next to its field; the demo operator asks a question (Dutch); the
 * requester answers on the follow-up page with the code of the mail (French); the operator
 * approves; the appointed main access manager finds the enterprise under "My enterprises".
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, loginAs, PHONE, shot } from './harness.ts';

const ACCOUNTANT = '0765432146';
const NADIA = '83082510670';
const LOTTE = { number: '92.07.04-084.31', email: 'lotte.martens@example.be' };
const ERIKA_EMAIL = 'erika.mustermann@example.de';

// Tiny but real documents: a PDF and a PNG by their magic bytes, and a Windows executable.
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const png = makePng(240, 150);
const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200, 7)]);

/** A small PNG drawn here (a card with a photo box and lines), so the operator's inline preview shows something. */
function makePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const isPhoto = x > 15 && x < 85 && y > 20 && y < 115;
      const isLine = x > 100 && x < 220 && y % 20 > 14 && y > 25 && y < 110;
      const [r, g, b] = isPhoto ? [120, 140, 170] : isLine ? [60, 60, 70] : [214, 226, 240];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The newest mail to `to` whose text matches `pattern` (the dev mailbox keeps a .txt beside each .eml). */
async function mailText(to: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (existsSync(session.server.mailboxDir)) {
      const files = readdirSync(session.server.mailboxDir, { recursive: true })
        .map((f) => join(session.server.mailboxDir, String(f)))
        .filter((f) => f.endsWith('.txt') && statSync(f).isFile())
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        if (text.startsWith(`To: ${to}`) && pattern.test(text)) return text;
      }
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${pattern}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const session = browserSession({
  afterStart: async (server) => {
    await promisify(execFile)(process.execPath, ['bin/btb.mjs', 'operator', 'add', '--person', NADIA], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' },
    });
  },
});
const { open, at, errors } = session;

describe('the exception procedure in the browser', () => {
  let reference = '';

  it('a person logged in through eIDAS lands on the request form and sends it (de); an executable renamed .pdf is refused next to its field', async () => {
    const page = await open('de-DE');
    await page.goto(at('/'));
    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await loginAs(page, 'foreignEidas', 'eid');
    // no Belgian number: "My enterprises" sends this person to the exception procedure
    await page.waitForURL(/\/exception\/new$/);
    await page.getByRole('heading', { level: 1, name: 'Ernennung ohne eID beantragen' }).waitFor();
    await page.getByText(/Sie sind als Erika Mustermann über eIDAS angemeldet/).waitFor();
    const started = Date.now();
    await expect(
      page
        .getByLabel(/^Vorname/)
        .first()
        .inputValue(),
    ).resolves.toBe('Erika');

    // the enterprise number is checked on the page, before anything is sent
    await page.getByLabel(/^Unternehmensnummer/).fill('0765.432.147');
    await page.getByRole('button', { name: 'Antrag stellen' }).click();
    await page.getByText('Dies ist keine gültige Unternehmensnummer.').waitFor();
    await page.getByLabel(/^Unternehmensnummer/).fill('0765.432.146');

    await page.getByLabel(/^Dokumentnummer/).fill('C01X00T47');
    await page.getByLabel(/^Ausstellungsland/).fill('de');
    await page.getByLabel(/^Gültig bis/).fill('2031-05-01');
    await page.getByLabel(/^Eigenschaft, in der Sie/).fill('Geschäftsführerin der Muttergesellschaft');
    const proposed = page.getByRole('group', { name: 'Der vorgeschlagene Hauptzugangsverwalter' });
    await proposed.getByLabel(/^Nationalregisternummer, BIS-Nummer oder eIDAS-Kennung/).fill(LOTTE.number);
    await proposed.getByLabel(/^Vorname/).fill('Lotte');
    await proposed.getByLabel(/^Nachname/).fill('Martens');
    await proposed.getByLabel(/^E-Mail-Adresse/).fill(LOTTE.email);
    await proposed.getByLabel(/^Telefonnummer/).fill('+32 470 12 34 56');
    await page.getByLabel('Ich habe keine belgische eID oder elektronische Ausländerkarte').check();

    // the pre-filled form to sign, in the page's language
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Vorausgefülltes Antragsformular herunterladen (PDF)' }).click(),
    ]);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe('btb-request-de.pdf');

    const signed = page.getByLabel(/^Unterschriebenes Antragsformular/);
    await signed.setInputFiles({ name: 'formular.pdf', mimeType: 'application/pdf', buffer: exe });
    await page
      .getByLabel(/^Kopie Ihres Ausweisdokuments/)
      .setInputFiles({ name: 'pass.png', mimeType: 'image/png', buffer: png });
    await page
      .getByLabel(/^Vertretungsnachweis/)
      .setInputFiles({ name: 'auszug.pdf', mimeType: 'application/pdf', buffer: pdf });

    // the proof of work runs in a worker while the form is filled in
    await page.getByTestId('pow-done').waitFor({ timeout: 120_000 });
    const powMs = await page.getByTestId('pow-done').getAttribute('data-ms');
    console.log(
      `proof of work (default difficulty): solved in ${powMs} ms, done ${Date.now() - started} ms after the form opened`,
    );
    await expectAccessible(page, 'exception request form (de)');
    await shot(page, 'exception-form-de', { doc: true });

    await page.getByRole('button', { name: 'Antrag stellen' }).click();
    const refused = page.locator('.field', { has: signed });
    await refused
      .getByText('Diese Datei ist kein PDF, PNG oder JPEG; geprüft wurde ihr Inhalt, nicht ihr Name.')
      .waitFor();
    await expect(signed.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'exception request form with a refused file (de)');
    await refused.screenshot({ path: 'test-results/e2e/exception-refused-exe-de.png' });
    await shot(page, 'exception-refused-exe-de');

    await signed.setInputFiles({ name: 'formular.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Antrag stellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ihr Antrag wurde gestellt' }).waitFor();
    reference = (await page.locator('.reference').textContent()) ?? '';
    expect(reference).toMatch(/^EXC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.getByText(`Wir haben eine E-Mail an ${ERIKA_EMAIL} gesendet`).waitFor();
    await expectAccessible(page, 'exception request sent (de)');
    await shot(page, 'exception-sent-de', { doc: true });
  });

  it('a logged-in person who is not an operator is told so on the service desk (en)', async () => {
    const page = await open('en-GB');
    await page.goto(at('/service-desk'));
    await page.getByRole('link', { name: 'Log in' }).first().click();
    await loginAs(page, 'anPeeters', 'eid');
    await page.getByRole('heading', { name: 'You are not a service desk operator' }).waitFor();
    await expect(page.getByText(reference).count()).resolves.toBe(0);
    await expectAccessible(page, 'service desk, not an operator (en)');
    await shot(page, 'desk-not-operator-en');
  });

  let desk: Page;

  it('the operator finds the request in the queue and asks a question (nl)', async () => {
    desk = await open('nl-BE');
    await desk.goto(at('/service-desk'));
    await desk.getByRole('link', { name: 'Aanmelden' }).first().click();
    await loginAs(desk, 'nadiaClaes', 'security-code');
    await desk.getByRole('heading', { level: 1, name: 'Helpdesk: uitzonderingsaanvragen' }).waitFor();
    const row = desk.getByRole('row', { name: new RegExp(reference) });
    await row.getByText(/Resterende werkdagen: \d+/).waitFor();
    await expectAccessible(desk, 'service desk queue (nl)');
    await shot(desk, 'desk-queue-nl', { doc: true });

    await row.getByRole('link', { name: reference }).click();
    await desk.getByRole('heading', { level: 1, name: `Aanvraag ${reference}` }).waitFor();
    await desk.getByText('Boekhoudkantoor Cijfers & Co').first().waitFor();
    await desk
      .getByText(/Reisepass|Paspoort/)
      .first()
      .waitFor();
    // the identity document shows inline, from the same origin, for operators only
    const img = desk.getByRole('img', { name: 'Document pass.png' });
    await img.waitFor();
    // the element appears before its bytes arrive: wait for it to load (or fail) before measuring
    await expect(
      img.evaluate((el) => {
        const i = el as HTMLImageElement;
        if (i.complete) return i.naturalWidth;
        return new Promise<number>((resolve) => {
          i.addEventListener('load', () => resolve(i.naturalWidth));
          i.addEventListener('error', () => resolve(0));
        });
      }),
    ).resolves.toBe(240);
    // a PDF opens in a tab of its own, through the one-minute link of an audited POST (issue 13, finding 9)
    const [tab] = await Promise.all([
      desk.waitForEvent('popup'),
      desk.getByRole('button', { name: /^formular\.pdf openen/ }).click(),
    ]);
    await tab.waitForURL(/\/attachments\/[^/?]+\?token=\d+\.[\w-]+$/);
    await tab.close();
    // the register's view: the legal representative of the office
    await desk.getByRole('cell', { name: /99\.02\.11-027\.87/ }).waitFor();
    await expectAccessible(desk, 'service desk request (nl)');
    await shot(desk, 'desk-request-nl', { doc: true });

    await desk.getByLabel(/^Vraag aan de aanvrager/).fill('Bitte senden Sie einen aktuellen Handelsregisterauszug.');
    await desk.getByRole('button', { name: 'Vraag verzenden' }).click();
    // the operator reads about the requester, not the requester's own "your answer" (issue 16, item 8)
    await desk
      .getByText('Beslissing geregistreerd. De aanvraag is nu: Wacht op het antwoord van de aanvrager.')
      .waitFor();
  });

  it('the requester opens the follow-up page with the code of the mail and answers with a document (fr)', async () => {
    // the service desk's question says how to answer, with a fresh one-time code (issue 16, item 9)
    const mail = await mailText(ERIKA_EMAIL, new RegExp(`Ihre Referenz ${reference} und diesen Einmalcode`));
    expect(mail).toContain('Bitte senden Sie einen aktuellen Handelsregisterauszug.');
    const code = mail.match(/diesen Einmalcode ein: ([0-9A-Z]{10})/)?.[1];
    expect(code).toBeTruthy();
    const link = mail.match(/(\/exception\/follow\?reference=[\w%-]+)/)?.[1];
    expect(link).toBe(`/exception/follow?reference=${encodeURIComponent(reference)}`);

    const page = await open('fr-BE', PHONE);
    await page.goto(at(link ?? ''));
    await page.getByRole('heading', { level: 1, name: 'Suivre votre demande' }).waitFor();
    await expect(page.getByLabel(/^Référence/).inputValue()).resolves.toBe(reference);
    await page.getByLabel(/^Code à usage unique/).fill('AAAAAAAAAA');
    await page.getByRole('button', { name: 'Ouvrir ma demande' }).click();
    await page.getByText('Ce code n’est pas valable ou a expiré. Demandez-en un nouveau.').waitFor();
    await page.getByLabel(/^Code à usage unique/).fill(code ?? '');
    await page.getByRole('button', { name: 'Ouvrir ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: `Demande ${reference}` }).waitFor();
    await page.getByText('En attente de votre réponse').first().waitFor();
    await page.getByText('Bitte senden Sie einen aktuellen Handelsregisterauszug.').first().waitFor();
    await expectAccessible(page, 'follow-up page (fr, phone)');
    await shot(page, 'exception-follow-fr', { doc: true });

    await page.getByLabel(/^Votre message/).fill('Voici l’extrait du registre.');
    await page.getByLabel(/^Document \(facultatif\)/).setInputFiles({
      name: 'extrait.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([pdf, Buffer.alloc(600 * 1024, 32)]),
    });
    // a slow uplink (Chromium's network emulation), so the upload's progress bar can be seen moving
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const bar = page.getByRole('progressbar', { name: 'Envoi de votre demande et de vos documents' });
    await page.waitForFunction(() => {
      const p = document.querySelector('.progress progress') as HTMLProgressElement | null;
      return p !== null && p.value > 0 && p.value < 1;
    });
    await shot(page, 'exception-upload-progress-fr');
    await bar.waitFor({ state: 'detached' });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByText('Merci : votre réponse a été reçue.').waitFor();
    await page.getByText('Réponse envoyée, en traitement au service desk').first().waitFor();
    await page
      .getByText(/extrait\.pdf/)
      .first()
      .waitFor();
  });

  it('the operator approves, confirming in the dialog (nl)', async () => {
    await desk.reload();
    await desk.getByText('Voici l’extrait du registre.').waitFor();
    // issue 16, item 8: the operator reads about the requester, never the requester's own "you"
    await desk.getByText('Beantwoord door de aanvrager').first().waitFor();
    await desk.getByRole('heading', { name: 'Kopie van het identiteitsdocument van de aanvrager' }).waitFor();
    const deskText = (await desk.locator('main').textContent()) ?? '';
    for (const requesterWords of ['Wacht op uw antwoord', 'Kopie van uw', 'U antwoordde', 'Ik heb geen', 'terug bij'])
      expect(deskText).not.toContain(requesterWords);
    await desk.getByRole('button', { name: 'Goedkeuren…' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Deze aanvraag goedkeuren?' });
    await dialog
      .getByText(/Lotte Martens \(92\.07\.04-084\.31\) wordt hoofdtoegangsbeheerder van Boekhoudkantoor/)
      .waitFor();
    await expectAccessible(desk, 'approval dialog (nl)');
    await shot(desk, 'desk-approve-dialog-nl', { doc: true });
    await dialog.getByRole('button', { name: 'Ja, goedkeuren' }).click();
    await desk.getByText('Beslissing geregistreerd. De aanvraag is nu: Goedgekeurd.').waitFor();
    // the page reloads the request: decided, the decisions give way to the decision taken
    await desk.getByRole('button', { name: 'Goedkeuren…' }).waitFor({ state: 'detached' });
    await desk.getByRole('heading', { name: 'Beslissing', exact: true }).waitFor();
    const mail = await mailText(ERIKA_EMAIL, new RegExp(`Antrag ${reference} genehmigt`));
    expect(mail).toContain('Lotte Martens');
  });

  it('the appointed main access manager sees the enterprise under "My enterprises" (nl)', async () => {
    const page = await open('nl-BE');
    await page.goto(at('/'));
    await page.getByRole('link', { name: 'Aanmelden om toegang te beheren' }).click();
    await loginAs(page, 'lotteMartens', 'security-code');
    await page.getByRole('heading', { name: 'Mijn ondernemingen' }).waitFor();
    const card = page.locator('.enterprise-list li', { hasText: 'Boekhoudkantoor Cijfers & Co' });
    await card.getByText('Hoofdtoegangsbeheerder', { exact: true }).waitFor();
    await card.getByRole('link').click();
    await page
      .getByText(/uitzonderingsprocedure/)
      .first()
      .waitFor();
    await shot(page, 'exception-appointed-nl');
    expect(page.url()).toContain(`/enterprises/${ACCOUNTANT}`);
    // issue 16, item 8: "Why" says "U bent hoofdtoegangsbeheerder", never "u is hoofdtoegangsbeheerder"
    await page.goto(at('/my-access'));
    await page.locator('summary', { hasText: 'Waarom' }).first().click();
    await page
      .getByText(/^U bent hoofdtoegangsbeheerder/)
      .first()
      .waitFor();
    await page.getByText('aangesteld door de helpdesk (uitzonderingsprocedure)').first().waitFor();
    const chain = (await page.locator('ol.chain').first().textContent()) ?? '';
    expect(chain).not.toMatch(/\bu is\b/i);
  });

  it('threw no page errors', () => {
    expect(errors).toEqual([]);
  });
});
