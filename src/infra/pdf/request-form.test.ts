import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { requestFormPdf, winAnsi } from './request-form.ts';

describe('request form PDF', () => {
  it.each(['nl', 'fr', 'de', 'en'] as const)('renders a one-page form in %s, pre-filled', async (lang) => {
    const bytes = await requestFormPdf(lang, {
      enterprise: '0566988259',
      enterpriseName: 'Brouwerij De Drie Sleutels',
      requester: {
        familyName: 'Kowalczyk',
        givenName: 'Łucja',
        idDocument: { type: 'passport', number: 'EK1234567', issuingCountry: 'PL', expiry: '2030-01-01' },
        capacity: 'zaakvoerder',
        email: 'l@example.pl',
      },
      proposed: {
        personNumber: '90052104883',
        familyName: 'Janssens',
        givenName: 'Sofie',
        email: 's@example.be',
        phone: '+3221234567',
      },
      reason: 'no_eid',
    });
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toMatch(
      lang === 'nl'
        ? /hoofdtoegangsbeheerder/
        : lang === 'fr'
          ? /principal/
          : lang === 'de'
            ? /Hauptzugangsverwalter/
            : /main access manager/,
    );
  });

  it('reduces text to what the standard font can encode', () => {
    expect(winAnsi('Łucja Dvořák – café')).toBe('Lucja Dvorák – café');
    expect(winAnsi('北京')).toBe('??');
  });
});
