/**
 * Issue 17, section 3, item 1: every role × (within, at, over the limit, no end given), over the
 * real catalogue's declared terms, plus the overrides (role over service over catalogue, domain
 * over catalogue, null for "no limit").
 */
import { describe, expect, it } from 'vitest';
import { brusselsDate } from './brussels-time.ts';
import { buildCatalogue, defaultCataloguePath, loadCatalogue, type TermSubject } from './catalogue.ts';
import { DomainError } from './errors.ts';
import { addBrusselsMonths, applyTermLimit, termLatest } from './term-limits.ts';

const catalogue = loadCatalogue(defaultCataloguePath);
const FROM = '2026-12-03T09:15:00.000Z';

// Each role the catalogue declares a term for, with the months it must be.
const ROLES: { name: string; subject: TermSubject; months: number | null }[] = [
  { name: 'grant of a service (catalogue term)', subject: { kind: 'grant', service: 'finance.biztax' }, months: 60 },
  {
    name: 'grant of a role with its own term',
    subject: { kind: 'grant', service: 'finance.tax-on-web-companies', role: 'mandatary' },
    months: 36,
  },
  {
    name: 'grant of a role without its own term',
    subject: { kind: 'grant', service: 'finance.tax-on-web-companies', role: 'viewer' },
    months: 60,
  },
  { name: 'main access manager', subject: { kind: 'main' }, months: null },
  { name: 'co-main access manager', subject: { kind: 'co_main' }, months: 60 },
  { name: 'access manager of a domain (catalogue term)', subject: { kind: 'domain', domain: 'finance' }, months: 60 },
  { name: 'access manager of a domain with its own term', subject: { kind: 'domain', domain: 'health' }, months: 36 },
];

const endOf = (day: { year: number; month: number; day: number }) =>
  `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;

describe('maximum terms (issue 17, section 3)', () => {
  for (const r of ROLES) {
    describe(r.name, () => {
      it('declares the expected limit', () => {
        expect(catalogue.maxTermMonths(r.subject)).toBe(r.months);
      });
      const latest = r.months === null ? null : termLatest(new Date(FROM), r.months).toISOString();
      const cases: { at: string; end: () => string | null; expect: 'kept' | 'refused' | 'limit' | 'none' }[] = [
        { at: 'within', end: () => '2027-06-30T21:59:59.999Z', expect: 'kept' },
        { at: 'at', end: () => latest ?? '2099-12-31T22:59:59.999Z', expect: 'kept' },
        {
          at: 'over',
          end: () => (latest ? new Date(new Date(latest).getTime() + 1).toISOString() : '2999-12-31T22:59:59.999Z'),
          expect: r.months === null ? 'kept' : 'refused',
        },
        { at: 'none', end: () => null, expect: r.months === null ? 'none' : 'limit' },
      ];
      for (const c of cases) {
        it(`${c.at} the limit: ${c.expect}`, () => {
          const end = c.end();
          if (c.expect === 'refused') {
            let err: unknown;
            try {
              applyTermLimit(catalogue, r.subject, FROM, end);
            } catch (e) {
              err = e;
            }
            expect(err).toBeInstanceOf(DomainError);
            expect((err as DomainError).code).toBe('term.too_long');
            expect((err as DomainError).details).toMatchObject({ maxMonths: r.months, latest, validUntil: end });
            return;
          }
          const out = applyTermLimit(catalogue, r.subject, FROM, end);
          expect(out.maxMonths).toBe(r.months);
          if (c.expect === 'kept') expect(out.validUntil).toBe(end);
          if (c.expect === 'limit') expect(out.validUntil).toBe(latest);
          if (c.expect === 'none') expect(out.validUntil).toBeNull();
        });
      }
    });
  }

  it('a limit runs to the end of the Brussels day, so a date picked N years ahead is allowed', () => {
    // 09:15 UTC on 3 December 2026; five years on is the whole of 3 December 2031 in Brussels.
    expect(termLatest(new Date(FROM), 60).toISOString()).toBe('2031-12-03T22:59:59.999Z');
    // late evening in Brussels is already the next day in the calendar the user sees
    expect(brusselsDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(endOf(addBrusselsMonths(new Date('2026-12-31T23:30:00Z'), 1))).toBe('2027-02-01');
    // 31 January + 1 month = the last day of February
    expect(endOf(addBrusselsMonths(new Date('2027-01-31T10:00:00Z'), 1))).toBe('2027-02-28');
    expect(endOf(addBrusselsMonths(new Date('2027-01-31T10:00:00Z'), 13))).toBe('2028-02-29');
  });

  it('a catalogue may lift a default with null and set its own terms', () => {
    const c = buildCatalogue({
      version: '2026-01-01.1',
      terms: { grantMonths: null, mainMonths: 120 },
      domains: [
        {
          code: 'x',
          name: { nl: 'x', fr: 'x', de: 'x', en: 'x' },
          description: { nl: 'x', fr: 'x', de: 'x', en: 'x' },
          system: 'btb',
          accessManagerMaxMonths: null,
          services: [
            {
              code: 'x.a',
              name: { nl: 'a', fr: 'a', de: 'a', en: 'a' },
              maxTermMonths: 12,
              roles: [{ code: 'r', name: { nl: 'r', fr: 'r', de: 'r', en: 'r' }, maxTermMonths: null }],
            },
            { code: 'x.b', name: { nl: 'b', fr: 'b', de: 'b', en: 'b' } },
          ],
        },
      ],
    });
    expect(c.maxTermMonths({ kind: 'grant', service: 'x.a' })).toBe(12);
    expect(c.maxTermMonths({ kind: 'grant', service: 'x.a', role: 'r' })).toBeNull();
    expect(c.maxTermMonths({ kind: 'grant', service: 'x.b' })).toBeNull();
    expect(c.maxTermMonths({ kind: 'main' })).toBe(120);
    expect(c.maxTermMonths({ kind: 'co_main' })).toBe(60);
    expect(c.maxTermMonths({ kind: 'domain', domain: 'x' })).toBeNull();
  });

  it('refuses a term that is not a positive whole number of months', () => {
    expect(() =>
      buildCatalogue({ version: '2026-01-01.1', terms: { grantMonths: 0 }, domains: [] as never[] }),
    ).toThrow(DomainError);
  });
});
