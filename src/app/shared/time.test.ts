import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../domain/errors.ts';
import { parseEndDate, parseStartDate } from './time.ts';

const now = new Date('2026-11-28T09:00:00.000Z');

describe('a date is a Brussels calendar day, on both sides of the DST switches (issue 14, item 2)', () => {
  // date, its start (00:00 Brussels), its inclusive end (23:59:59.999 Brussels)
  it.each([
    ['2027-01-01', '2026-12-31T23:00:00.000Z', '2027-01-01T22:59:59.999Z'], // winter, first day of the year
    ['2026-12-31', '2026-12-30T23:00:00.000Z', '2026-12-31T22:59:59.999Z'], // New Year's Eve
    ['2027-03-27', '2027-03-26T23:00:00.000Z', '2027-03-27T22:59:59.999Z'], // the day before summer time
    ['2027-03-28', '2027-03-27T23:00:00.000Z', '2027-03-28T21:59:59.999Z'], // the 23-hour day
    ['2027-03-29', '2027-03-28T22:00:00.000Z', '2027-03-29T21:59:59.999Z'], // summer time
    ['2027-10-30', '2027-10-29T22:00:00.000Z', '2027-10-30T21:59:59.999Z'], // the day before winter time
    ['2027-10-31', '2027-10-30T22:00:00.000Z', '2027-10-31T22:59:59.999Z'], // the 25-hour day
    ['2027-11-01', '2027-10-31T23:00:00.000Z', '2027-11-01T22:59:59.999Z'], // winter time
    ['2028-02-29', '2028-02-28T23:00:00.000Z', '2028-02-29T22:59:59.999Z'], // a leap day
  ])('%s starts at %s and ends at %s', (day, start, end) => {
    expect(parseStartDate(day, now)).toBe(start);
    expect(parseEndDate(day, now)).toBe(end);
  });

  it('a date-time is the instant it names', () => {
    expect(parseEndDate('2027-03-28T12:00:00+02:00', now)).toBe('2027-03-28T10:00:00.000Z');
    expect(parseStartDate('2027-01-01T00:00:00Z', now)).toBe('2027-01-01T00:00:00.000Z');
  });

  it.each([
    '2027-02-30',
    '2027-02-29',
    '2027-13-01',
    '2027-00-10',
    '2027-02-30T12:00:00Z',
    '2027-04-31T08:00:00+02:00',
    '2027-06-31T08:00:00.000+02:00',
    '2027-01-01T24:00:00Z',
    '2027-01-01T12:60:00Z',
    '2027-01-01T12:00:61Z',
    '2027-01-01T12:00:00+24:00',
    '2027-01-01T12:00:00',
    '1 January 2027',
  ])('the impossible date %s is refused, not rolled into another day', (input) => {
    for (const parse of [parseStartDate, parseEndDate]) {
      let code: string | undefined;
      try {
        parse(input, now);
      } catch (e) {
        code = isDomainError(e) ? `${e.code}:${String(e.details.field)}` : String(e);
      }
      expect(code).toMatch(/^validation\.invalid_input:valid(From|Until)$/);
    }
  });
});
