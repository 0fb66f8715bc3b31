import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type FormData, type FormLang, requestFormPdf, winAnsi } from './request-form.ts';

const data: FormData = {
  reference: 'EXC-2026-000042',
  enterprise: '0566988259',
  enterpriseName: 'Brouwerij De Drie Sleutels',
  requester: {
    familyName: 'Kowalczyk',
    givenName: 'Łucja',
    personNumber: '85073003328',
    idDocument: { type: 'passport', number: 'EK1234567', issuingCountry: 'PL', expiry: '2030-01-01' },
    capacity: 'zaakvoerder',
    email: 'l@example.pl',
    phone: '+48221234567',
  },
  proposed: {
    personNumber: '90052104883',
    familyName: 'Janssens',
    givenName: 'Sofie',
    email: 's@example.be',
    phone: '+3221234567',
  },
  reason: 'foreign_enterprise',
  reasonText: 'Registered in Krakow only',
};

/** The labels as a reader sees them, written out here so that a changed label breaks the test. */
const expected: Record<
  FormLang,
  {
    title: string;
    reference: string;
    enterpriseNumber: string;
    enterpriseName: string;
    requester: string;
    proposed: string;
    reason: string;
    name: string;
    personNumber: string;
    idDocument: string;
    capacity: string;
    email: string;
    phone: string;
    chosen: string;
    notChosen: string;
    passport: string;
  }
> = {
  nl: {
    title: 'Aanvraag: aanstelling van een hoofdtoegangsbeheerder (uitzonderingsprocedure)',
    reference: 'Referentie',
    enterpriseNumber: 'Ondernemingsnummer',
    enterpriseName: 'Naam',
    requester: 'Aanvrager (wettelijke vertegenwoordiger)',
    proposed: 'Voorgestelde hoofdtoegangsbeheerder',
    reason: 'Reden van de aanvraag',
    name: 'Naam en voornaam',
    personNumber: 'Rijksregister- of BIS-nummer',
    idDocument: 'Identiteitsdocument (soort, nummer, land, vervaldatum)',
    capacity: 'Hoedanigheid',
    email: 'E-mailadres',
    phone: 'Telefoon',
    chosen: 'Buitenlandse onderneming',
    notChosen: 'Geen eID of elektronische vreemdelingenkaart',
    passport: 'Paspoort',
  },
  fr: {
    title: "Demande : désignation d'un gestionnaire d'accès principal (procédure d'exception)",
    reference: 'Référence',
    enterpriseNumber: "Numéro d'entreprise",
    enterpriseName: 'Dénomination',
    requester: 'Demandeur (représentant légal)',
    proposed: "Gestionnaire d'accès principal proposé",
    reason: 'Motif de la demande',
    name: 'Nom et prénom',
    personNumber: 'Numéro de registre national ou BIS',
    idDocument: "Document d'identité (type, numéro, pays, expiration)",
    capacity: 'Qualité',
    email: 'Adresse e-mail',
    phone: 'Téléphone',
    chosen: 'Entreprise étrangère',
    notChosen: "Pas d'eID ni de carte électronique d'étranger",
    passport: 'Passeport',
  },
  de: {
    title: 'Antrag: Ernennung eines Hauptzugangsverwalters (Ausnahmeverfahren)',
    reference: 'Referenz',
    enterpriseNumber: 'Unternehmensnummer',
    enterpriseName: 'Name',
    requester: 'Antragsteller (gesetzlicher Vertreter)',
    proposed: 'Vorgeschlagener Hauptzugangsverwalter',
    reason: 'Grund des Antrags',
    name: 'Name und Vorname',
    personNumber: 'Nationalregister- oder BIS-Nummer',
    idDocument: 'Ausweisdokument (Art, Nummer, Land, Ablaufdatum)',
    capacity: 'Eigenschaft',
    email: 'E-Mail-Adresse',
    phone: 'Telefon',
    chosen: 'Ausländisches Unternehmen',
    notChosen: 'Keine eID und keine elektronische Ausländerkarte',
    passport: 'Reisepass',
  },
  en: {
    title: 'Request: appointment of a main access manager (exception procedure)',
    reference: 'Reference',
    enterpriseNumber: 'Enterprise number',
    enterpriseName: 'Name',
    requester: 'Requester (legal representative)',
    proposed: 'Proposed main access manager',
    reason: 'Reason for the request',
    name: 'Family and given name',
    personNumber: 'National register or BIS number',
    idDocument: 'Identity document (type, number, country, expiry)',
    capacity: 'Capacity',
    email: 'E-mail address',
    phone: 'Phone',
    chosen: 'Foreign enterprise',
    notChosen: 'No eID or electronic foreigner card',
    passport: 'Passport',
  },
};

/** The page's text as poppler's pdftotext reads it, whitespace (and line wrapping) collapsed. */
function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'btb-form-'));
  try {
    writeFileSync(join(dir, 'form.pdf'), bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'form.pdf'), '-'], { encoding: 'utf8' })
      .replace(/\s+/g, ' ')
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text between two headings (each heading must be present, and in this order). */
function section(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, `heading "${from}" in: ${text}`).toBeGreaterThanOrEqual(0);
  expect(end, `heading "${to}" after "${from}" in: ${text}`).toBeGreaterThan(start);
  return text.slice(start + from.length, end);
}

describe('request form PDF (issue 21, item 8: read back, every field in every language)', () => {
  it.each(['nl', 'fr', 'de', 'en'] as const)(
    '%s: every field is printed with its label, in its section',
    async (lang) => {
      const L = expected[lang];
      const bytes = await requestFormPdf(lang, data);
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      expect(doc.getTitle()).toBe(L.title);

      const text = pdfText(bytes);
      expect(text.startsWith(L.title)).toBe(true);
      expect(text).toContain(`${L.reference}: EXC-2026-000042`);

      const enterprise = section(text, L.enterpriseNumber, L.requester);
      expect(enterprise).toContain(': 0566.988.259');
      expect(enterprise).toContain(`${L.enterpriseName}: Brouwerij De Drie Sleutels`);

      // the requester's fields sit under the requester heading, the proposed person's under theirs
      const requester = section(text, L.requester, L.proposed);
      expect(requester).toContain(`${L.name}: Kowalczyk Lucja`); // Ł reduced to what WinAnsi shows
      expect(requester).toContain(`${L.personNumber}: 85073003328`);
      // the kind of document in the form's language, not the code 'passport'
      expect(requester).toContain(`${L.idDocument}: ${L.passport}, EK1234567, PL, 2030-01-01`);
      expect(requester).toContain(`${L.capacity}: zaakvoerder`);
      expect(requester).toContain(`${L.email}: l@example.pl`);
      expect(requester).toContain(`${L.phone}: +48221234567`);

      const proposed = section(text, L.proposed, L.reason);
      expect(proposed).toContain(`${L.name}: Janssens Sofie`);
      expect(proposed).toContain(`${L.personNumber}: 90052104883`);
      expect(proposed).toContain(`${L.email}: s@example.be`);
      expect(proposed).toContain(`${L.phone}: +3221234567`);

      // exactly the chosen reason is ticked, and its free text follows
      const reason = text.slice(text.indexOf(L.reason));
      expect(reason).toContain(`[X] ${L.chosen}`);
      expect(reason).toContain(`[ ] ${L.notChosen}`);
      expect(text.match(/\[X\]/g)).toHaveLength(1);
      expect(text).toContain('Registered in Krakow only');
    },
  );

  it.each(['nl', 'fr', 'de', 'en'] as const)(
    '%s: an empty form leaves a line to fill in for each field',
    async (lang) => {
      const L = expected[lang];
      const text = pdfText(await requestFormPdf(lang, {}));
      for (const label of [L.enterpriseNumber, L.name, L.personNumber, L.idDocument, L.capacity, L.email, L.phone]) {
        expect(text).toContain(`${label}: ____`);
      }
      expect(text).not.toContain(L.reference);
      expect(text).not.toContain('[X]');
    },
  );

  it('reduces text to what the standard font can encode', () => {
    expect(winAnsi('Łucja Dvořák – café')).toBe('Lucja Dvorák – café');
    expect(winAnsi('北京')).toBe('??');
  });
});
