/**
 * Issue 20: the compact preload (typed arrays) gives back, for every person, exactly the records
 * the on-demand path builds from the same rows, whatever form the rare fields take.
 */
import { describe, expect, it } from 'vitest';
import type { AppointmentTable } from '../infra/db/schema.ts';
import { CheckIndex } from './check-index.ts';
import { canonicalIsoMs, orderByKey } from './check-index-arrays.ts';
import { CompactGrants, grantValues } from './check-index-compact.ts';
import { CompactAppointments, CompactStatuses } from './check-index-compact-appointments.ts';
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

describe("CompactGrants staged in the table's order (session 10)", () => {
  const persons = ['00010100001', '85073003328', '98472899765', '01490700185', '77010100003'];
  /** rows of several persons, created in various forms and ties, in a scrambled order */
  const scrambled = (): [string, GrantRow][] => {
    const out: [string, GrantRow][] = [];
    const created = [
      '2026-03-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z', // a tie: kept in the order read
      '2026-01-01 00:00:00', // another form: compared as written
      '2025-12-31',
    ];
    persons.slice(0, 4).forEach((p, pi) => {
      created.forEach((c, ci) => {
        if ((pi + ci) % 4 === 3) return;
        out.push([
          p,
          row({ created_at: c, service: `s${pi}.${ci}`, enterprise_number: ci % 2 ? '0428759497' : 'FR:1' }),
        ]);
      });
    });
    // one person with many grants (sorted otherwise than by insertion), newest first, with ties
    for (let i = 0; i < 40; i++)
      out.push([
        '77010100003',
        row({ created_at: `2026-02-${String(28 - (i >> 1)).padStart(2, '0')}T00:00:00.000Z`, service: `m${i}` }),
      ]);
    // a fixed scramble: every third row first, then the rest backwards
    return [...out.filter((_, i) => i % 3 === 0), ...out.filter((_, i) => i % 3 !== 0).reverse()];
  };

  it('answers as persons added in number order would', () => {
    const rows = scrambled();
    const staged = new CompactGrants(2, true); // grows past its first capacity
    for (const [p, r] of rows) staged.stage(grantValues(p, r));
    staged.finish();
    const inOrder = new CompactGrants(1);
    for (const p of [...persons].sort())
      inOrder.addPerson(
        p,
        rows.filter(([q]) => q === p).map(([, r]) => r),
      );
    expect(staged.size).toEqual(inOrder.size);
    for (const p of persons) expect(staged.grantsOf(p), p).toEqual(inOrder.grantsOf(p));
    expect(staged.grantsOf('85073003329')).toBeUndefined();
  });

  it('leaves out the grants staged at enterprises a change touched', () => {
    const rows = scrambled();
    const staged = new CompactGrants(1, true);
    for (const [p, r] of rows) staged.stage(grantValues(p, r));
    staged.dropStaged(['FR:1', '0999999999']);
    staged.stage(grantValues('85073003328', row({ enterprise_number: 'FR:1', service: 'late' })));
    staged.finish();
    for (const p of persons) {
      const expected = rows.filter(([q, r]) => q === p && r.enterprise_number !== 'FR:1').length;
      const late = p === '85073003328' ? 1 : 0;
      expect(staged.grantsOf(p)?.length ?? 0, p).toBe(expected + late);
    }
    expect(
      staged
        .grantsOf('85073003328')
        ?.filter((g) => g.enterprise === 'FR:1')
        .map((g) => g.service),
    ).toEqual(['late']);
  });

  it('refuses to be added to in order, or asked to finish, when not staged (and the reverse)', () => {
    expect(() => new CompactGrants(1, true).addPerson('85073003328', [row()])).toThrow('staged');
    expect(() => new CompactGrants(1).stage(grantValues('85073003328', row()))).toThrow('not staged');
    expect(() => new CompactGrants(1, true).stage(grantValues('BE/BE/1', row()))).toThrow('11-digit');
  });
});

describe('orderByKey (session 10)', () => {
  it('orders by key, ties in position order, leaving out negative keys', () => {
    const keys = [99_999_999_999, 5, 2 ** 19, 5, -1, 0, 2 ** 19 - 1, 85_073_003_328, 5, 2 ** 37 + 3];
    const order = orderByKey(Float64Array.from(keys), keys.length);
    const expected = keys
      .map((k, i) => [k, i] as const)
      .filter(([k]) => k >= 0)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i);
    expect([...order]).toEqual(expected);
  });
});

const appointment = (over: Partial<AppointmentTable> = {}): AppointmentTable =>
  ({
    id: '3f2b8c1e-9d4a-4b7e-8f01-23456789abcd',
    enterprise_number: '0566988259',
    person_number: '85073003328',
    kind: 'main',
    domain: '',
    mandate_id: null,
    procedure: 'standard',
    appointed_by: '01490700185',
    appointed_by_role: 'legal_representative',
    created_at: '2026-01-05T08:00:00.000Z',
    valid_from: '2026-01-05T08:00:00.000Z',
    valid_until: null,
    ended_at: null,
    end_reason: null,
    access_request_id: null,
    ...over,
  }) as AppointmentTable;

describe('CompactAppointments (issue 20)', () => {
  const cases: [string, AppointmentTable][] = [
    ['a main access manager', appointment()],
    [
      'a domain manager with an end date',
      appointment({ kind: 'domain', domain: 'finance', valid_until: '2027-01-01T00:00:00.000Z' }),
    ],
    ['an id of another form', appointment({ id: 'a123' })],
    ['an id in upper case', appointment({ id: '3F2B8C1E-9D4A-4B7E-8F01-23456789ABCD' })],
    ['an id with leading zeros', appointment({ id: '00000000-0000-4000-8000-000000000001' })],
    ['a person that is not a national number', appointment({ person_number: 'DE/BE/abc' })],
    ['a person with leading zeros', appointment({ person_number: '00012345678' })],
    ['no appointer', appointment({ appointed_by: null, appointed_by_role: 'register' })],
    ['an appointer that is not a person number', appointment({ appointed_by: 'system:import' })],
    ['by exception', appointment({ procedure: 'exception', kind: 'co_main' })],
    ['ended', appointment({ ended_at: '2026-02-01T10:00:00.000Z', end_reason: 'resigned' })],
    ['on request', appointment({ access_request_id: 'ar-1' })],
    ['under a mandate', appointment({ mandate_id: 'm-1', kind: 'client' })],
    [
      'dates in another form',
      appointment({ created_at: '2026-01-05 08:00:00', valid_from: '2026-01-05', valid_until: '2027-01-05' }),
    ],
  ];

  it.each(cases)('gives back %s as the on-demand read gives it', (_, a) => {
    const c = new CompactAppointments();
    c.addEnterprise(a.enterprise_number, [a]);
    expect(c.appointmentsOf(a.enterprise_number)).toEqual([a]);
  });

  it('keeps each enterprise apart in the order given, forgets one, and holds none it was not given', () => {
    const c = new CompactAppointments();
    const one = [appointment({ enterprise_number: '0000000097', id: 'x1' })];
    const two = [
      appointment({ enterprise_number: '0566988259', id: 'y2', kind: 'co_main' }),
      appointment({ enterprise_number: '0566988259', id: 'y1' }),
    ];
    // many enterprises: past the first capacity of every array
    const many = Array.from({ length: 3000 }, (_, i) =>
      appointment({ enterprise_number: String(1_000_000_000 + i), id: `z${i}` }),
    );
    c.addEnterprise('0000000097', one);
    c.addEnterprise('0566988259', two);
    for (const a of many) c.addEnterprise(a.enterprise_number, [a]);
    expect(c.size).toEqual({ enterprises: 3002, appointments: 3003 });
    expect(c.appointmentsOf('0000000097')).toEqual(one);
    expect(c.appointmentsOf('0566988259')).toEqual(two);
    expect(c.appointmentsOf('1000002999')).toEqual([many[2999]]);
    for (const absent of ['0000000001', '0566988258', '1999999999', 'FR:123', ''])
      expect(c.appointmentsOf(absent)).toBeUndefined();
    c.forget('0566988259');
    expect(c.appointmentsOf('0566988259')).toBeUndefined();
    expect(c.appointmentsOf('0000000097')).toEqual(one);
  });

  it('takes enterprises only in number order and only 10-digit numbers', () => {
    const c = new CompactAppointments();
    c.addEnterprise('0566988259', [appointment()]);
    expect(c.accepts('0428759497')).toBe(false);
    expect(c.accepts('0566988259')).toBe(false);
    expect(c.accepts('FR:123')).toBe(false);
    expect(c.accepts('2000000000')).toBe(false);
    expect(c.accepts('0566988260')).toBe(true);
    expect(() => c.addEnterprise('0428759497', [appointment()])).toThrow('out of order');
    expect(() => c.addEnterprise('FR:123', [appointment()])).toThrow('10-digit');
  });
});

describe("CompactAppointments staged in the table's order (session 10)", () => {
  it("answers as enterprises added in number order would, each one's in the order read", () => {
    const read = [
      appointment({ enterprise_number: '0566988259', id: 'y2', kind: 'co_main' }),
      appointment({ enterprise_number: '0000000097', id: 'x1' }),
      appointment({ enterprise_number: '1999999999', id: 'z1', ended_at: '2026-02-01T10:00:00.000Z' }),
      appointment({ enterprise_number: '0566988259', id: 'y1' }),
      appointment({ enterprise_number: '0000000097' }),
      appointment({ enterprise_number: '0566988259', id: 'y3', person_number: 'DE/BE/abc' }),
    ];
    const staged = new CompactAppointments(true);
    for (const a of read) staged.stage(a);
    staged.finish();
    const inOrder = new CompactAppointments();
    for (const e of ['0000000097', '0566988259', '1999999999'])
      inOrder.addEnterprise(
        e,
        read.filter((a) => a.enterprise_number === e),
      );
    expect(staged.size).toEqual(inOrder.size);
    for (const e of ['0000000097', '0566988259', '1999999999', '0566988258'])
      expect(staged.appointmentsOf(e), e).toEqual(inOrder.appointmentsOf(e));
    staged.forget('0566988259');
    expect(staged.appointmentsOf('0566988259')).toBeUndefined();
    expect(() => staged.stage(appointment())).toThrow('not staged');
    expect(() => new CompactAppointments(true).stage(appointment({ enterprise_number: 'FR:1' }))).toThrow('10-digit');
  });
});

describe('CompactStatuses (issue 20)', () => {
  it('gives back every status it was given, whatever the number, and none for others', () => {
    const s = new CompactStatuses();
    const given: [string, string][] = [
      ['0000000097', 'AC'],
      ['0428759497', 'ST'],
      ['FR:123', 'AC'], // not a number: kept apart
      ['0566988259', 'AC'],
      ['0500000000', 'XX'], // out of order: kept apart
      ['1999999999', 'ST'],
    ];
    for (let i = 0; i < 300; i++) given.push([String(1_000_000_000 + i), `S${i}`]); // more than 255 statuses
    given.sort((a, b) => (a[0] === '0500000000' ? 1 : b[0] === '0500000000' ? -1 : a[0] < b[0] ? -1 : 1));
    for (const [e, st] of given) s.add(e, st);
    expect(s.size).toBe(given.length);
    for (const [e, st] of given) expect(s.get(e)).toBe(st);
    for (const absent of ['0000000001', '0566988258', 'FR:124', '']) expect(s.get(absent)).toBeUndefined();
  });
});
