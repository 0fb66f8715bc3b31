import { describe, expect, it } from 'vitest';
import { isoDate } from '../ports.ts';
import { brusselsDate, brusselsDateTime, brusselsDaysBetween, parseDateTime } from './brussels-time.ts';

describe('the day of an instant is its Brussels calendar day (issue 14, item 2)', () => {
  it.each([
    ['2026-12-31T22:59:59.999Z', '2026-12-31'], // New Year's Eve, 23:59 in Brussels
    ['2026-12-31T23:00:00.000Z', '2027-01-01'], // New Year, 00:00 in Brussels
    ['2027-03-27T23:30:00.000Z', '2027-03-28'], // the night of the March switch, still UTC+1
    ['2027-03-28T21:59:59.999Z', '2027-03-28'], // the end of the 23-hour day, UTC+2
    ['2027-03-28T22:00:00.000Z', '2027-03-29'],
    ['2027-10-30T22:00:00.000Z', '2027-10-31'], // the 25-hour day starts at UTC+2
    ['2027-10-31T22:59:59.999Z', '2027-10-31'], // and ends at UTC+1
    ['2027-10-31T23:00:00.000Z', '2027-11-01'],
  ])('%s is %s; the registers are read on that day', (instant, day) => {
    expect(brusselsDate(new Date(instant))).toBe(day);
    // isoDate is the day the registers (functions, employment) are read for
    expect(isoDate(new Date(instant))).toBe(day);
  });

  it('counts calendar days, not 24-hour periods, across the switches', () => {
    const days = (a: string, b: string) => brusselsDaysBetween(new Date(a), new Date(b));
    expect(days('2027-03-27T10:00:00Z', '2027-03-31T21:59:59.999Z')).toBe(4);
    expect(days('2027-10-30T08:00:00Z', '2027-10-31T22:59:59.999Z')).toBe(1);
    expect(days('2026-12-31T22:30:00Z', '2026-12-31T23:30:00Z')).toBe(1);
    expect(days('2026-12-31T20:00:00Z', '2026-12-31T22:59:59.999Z')).toBe(0);
  });

  it('a date-time is refused unless every part exists', () => {
    expect(parseDateTime('2027-02-30T12:00:00Z')).toBeUndefined();
    expect(parseDateTime('2027-04-31T08:00:00+02:00')).toBeUndefined();
    expect(parseDateTime('2028-02-29T08:00:00+01:00')?.toISOString()).toBe('2028-02-29T07:00:00.000Z');
  });

  it.each([
    ['2027-03-28T00:59:59.000Z', '2027-03-28 01:59:59'], // before the March switch
    ['2027-03-28T01:00:00.000Z', '2027-03-28 03:00:00'], // 02:00 does not exist that night
    ['2027-10-31T00:30:00.000Z', '2027-10-31 02:30:00'], // the first 02:30 of the October night
    ['2027-10-31T01:30:00.000Z', '2027-10-31 02:30:00'], // and the second
    ['2026-12-31T23:00:00.000Z', '2027-01-01 00:00:00'],
  ])('the CSV export shows %s as %s Brussels time', (instant, local) => {
    expect(brusselsDateTime(new Date(instant))).toBe(local);
  });
});
