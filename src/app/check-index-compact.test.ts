/**
 * Issue 20: the compact preload (typed arrays) gives back, for every person, exactly the records
 * the on-demand path builds from the same rows, whatever form the rare fields take.
 */
import { describe, expect, it } from 'vitest';
import { CheckIndex } from './check-index.ts';
import { CompactGrants, canonicalIsoMs } from './check-index-compact.ts';
import type { CheckStore, GrantRow } from './check-store.ts';

const row = (over: Partial<GrantRow> = {}): GrantRow => ({
  enterprise_number: '0566988259',
  service: 'finance.biztax',
  service_role: '',
  domain: 'finance',
  valid_from: '2026-01-05T08:00:00.000Z',
  valid_until: null,
  created_at: '2026-01-05T08:00:00.000Z',
  granted_by: '85073003328',
  granted_by_role: 'main',
  revoked_at: null,
  revoked_by: null,
  access_request_id: null,
  establishments: null,
  ...over,
});

/** what the on-demand path builds from a row: the index's own builder (it reads no store) */
const onDemand = (r: GrantRow) => new CheckIndex({} as CheckStore).toRec(r);

describe('canonicalIsoMs', () => {
  it.each([
    ['2026-01-05T08:00:00.000Z', Date.UTC(2026, 0, 5, 8)],
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['1999-12-31T00:00:00.001Z', Date.UTC(1999, 11, 31, 0, 0, 0, 1)],
    // any other form is not taken (it is kept as written)
    ['2025-02-29T00:00:00.000Z', Number.NaN],
    ['2026-04-31T00:00:00.000Z', Number.NaN],
    ['2026-13-01T00:00:00.000Z', Number.NaN],
    ['2026-01-05T24:00:00.000Z', Number.NaN],
    ['2026-01-05T08:00:00Z', Number.NaN],
    ['2026-01-05', Number.NaN],
    ['2026-01-05T08:00:00.000+01:00', Number.NaN],
    ['2026-01-05 08:00:00.000Z', Number.NaN],
    ['2026-0a-05T08:00:00.000Z', Number.NaN],
  ])('%s', (s, ms) => {
    expect(canonicalIsoMs(s)).toBe(ms);
    if (!Number.isNaN(ms)) expect(new Date(ms).toISOString()).toBe(s);
  });
});

describe('CompactGrants (issue 20)', () => {
  const cases: [string, GrantRow][] = [
    ['a plain grant', row()],
    ['a role, an end date', row({ service_role: 'admin', valid_until: '2027-01-05T08:00:00.000Z' })],
    ['a 1-series enterprise', row({ enterprise_number: '1000000021' })],
    ['an enterprise number with leading zeros', row({ enterprise_number: '0000000097' })],
    ['a foreign enterprise', row({ enterprise_number: 'FR:12345678901234' })],
    ['a granter that is not a person number', row({ granted_by: 'system:import', granted_by_role: 'system' })],
    ['a granter with leading zeros', row({ granted_by: '01490700185' })],
    ['revoked', row({ revoked_at: '2026-02-01T10:00:00.000Z', revoked_by: '85073003328' })],
    ['ran out (system)', row({ revoked_at: '2026-02-01T10:00:00.000Z', revoked_by: 'system:expired' })],
    ['on request', row({ access_request_id: 'ar-1' })],
    ['limited to establishment units', row({ establishments: '2123456789,2234567890' })],
    [
      'dates in another form',
      row({ valid_from: '2026-01-05', valid_until: '2027-01-05', created_at: '2026-01-05 08:00:00' }),
    ],
  ];

  it.each(cases)('gives back %s as the on-demand path builds it', (_, r) => {
    const c = new CompactGrants(1);
    c.addPerson('85073003328', [r]);
    expect(c.grantsOf('85073003328')).toEqual([onDemand(r)]);
  });

  it('keeps each person apart, oldest grant first, and finds none for a person it does not hold', () => {
    const c = new CompactGrants(2); // grows past its first capacity
    const late = row({ created_at: '2026-03-01T00:00:00.000Z', service: 'social.dimona', domain: 'social' });
    const early = row({ created_at: '2026-01-01T00:00:00.000Z' });
    c.addPerson('01490700185', [row({ enterprise_number: '0428759497' })]);
    c.addPerson('85073003328', [late, early]);
    c.addPerson('98472899765', [row(), row({ service: 'finance.intervat' })]);
    expect(c.size).toEqual({ persons: 3, grants: 5 });
    expect(c.grantsOf('85073003328')).toEqual([onDemand(early), onDemand(late)]);
    expect(c.grantsOf('01490700185')?.map((g) => g.enterprise)).toEqual(['0428759497']);
    expect(c.grantsOf('98472899765')?.map((g) => g.service)).toEqual(['finance.biztax', 'finance.intervat']);
    for (const absent of ['17073003384', '00000000000', '99999999999', 'BE/BE/123', ''])
      expect(c.grantsOf(absent)).toBeUndefined();
  });

  it('refuses persons out of order and identifiers it cannot hold', () => {
    const c = new CompactGrants(4);
    c.addPerson('85073003328', [row()]);
    expect(() => c.addPerson('01490700185', [row()])).toThrow('out of order');
    expect(() => c.addPerson('BE/BE/123', [row()])).toThrow('11-digit');
    expect(CompactGrants.holds('BE/BE/123')).toBe(false);
    expect(CompactGrants.holds('85073003328')).toBe(true);
  });
});
