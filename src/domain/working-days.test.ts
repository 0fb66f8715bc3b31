import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  belgianPublicHolidays,
  brusselsDate,
  easterSunday,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.ts';

describe('Belgian working days', () => {
  it('finds Easter and the holidays that hang on it', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    const h = belgianPublicHolidays(2026);
    expect(h.has('2026-04-06')).toBe(true); // Easter Monday
    expect(h.has('2026-05-14')).toBe(true); // Ascension
    expect(h.has('2026-05-25')).toBe(true); // Whit Monday
    expect(h.has('2026-07-21')).toBe(true);
    expect(h.has('2026-11-11')).toBe(true);
    expect(h.size).toBe(10);
  });

  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
    expect(isWorkingDay('2026-04-07')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false); // a Saturday
    expect(isWorkingDay('2026-11-11')).toBe(false); // Armistice, a Wednesday
  });

  it('puts a 10-working-day target past weekends and holidays', () => {
    // Thursday 2026-04-02: Easter Monday (6 April) is skipped, so 10 working days end on 17 April.
    expect(addWorkingDays('2026-04-02', 10)).toBe('2026-04-17');
    // Friday 2026-05-08: Ascension (14 May) skipped: 11, 12, 13, 15, 18, 19, 20, 21, 22, then Whit Monday 25 skipped, 26.
    expect(addWorkingDays('2026-05-08', 10)).toBe('2026-05-26');
    // Over Christmas and New Year
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-29'); // Wed: 24, (25 Christmas), 28, 29
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('counts the time left, negative when overdue', () => {
    expect(workingDaysBetween('2026-04-02', '2026-04-17')).toBe(10);
    expect(workingDaysBetween('2026-04-17', '2026-04-17')).toBe(0);
    expect(workingDaysBetween('2026-04-20', '2026-04-17')).toBe(-1);
    expect(workingDaysBetween('2026-04-17', '2026-04-10')).toBe(-5);
  });

  it('reads the day on the Brussels calendar', () => {
    expect(brusselsDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // summer time, UTC+2
    expect(brusselsDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31'); // winter, UTC+1
  });
});
