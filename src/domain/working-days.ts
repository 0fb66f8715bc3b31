/**
 * Working days in Belgium: Monday to Friday, minus the ten legal public holidays. The service
 * desk's target (default 10 working days) is counted on these, on the Brussels calendar.
 */

import { brusselsDate } from './brussels-time.ts';

export { brusselsDate };

function utc(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function plusDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}

/** Easter Sunday (Gregorian), by the anonymous algorithm of Meeus/Jones/Butcher. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, Set<string>>();

/** The ten Belgian legal public holidays of a year. */
export function belgianPublicHolidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = utc(easterSunday(year));
  const y = String(year);
  const days = new Set([
    `${y}-01-01`, // New Year
    fmt(plusDays(easter, 1)), // Easter Monday
    `${y}-05-01`, // Labour Day
    fmt(plusDays(easter, 39)), // Ascension
    fmt(plusDays(easter, 50)), // Whit Monday
    `${y}-07-21`, // National Day
    `${y}-08-15`, // Assumption
    `${y}-11-01`, // All Saints
    `${y}-11-11`, // Armistice
    `${y}-12-25`, // Christmas
  ]);
  holidayCache.set(year, days);
  return days;
}

export function isWorkingDay(day: string): boolean {
  const d = utc(day);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !belgianPublicHolidays(d.getUTCFullYear()).has(day);
}

/** The day `n` working days after `day` (the start day itself does not count). */
export function addWorkingDays(day: string, n: number): string {
  let d = utc(day);
  let left = n;
  while (left > 0) {
    d = plusDays(d, 1);
    if (isWorkingDay(fmt(d))) left--;
  }
  return fmt(d);
}

/**
 * Working days from `from` to `to`: counted after `from` up to and including `to`; negative
 * (the working days overdue) when `to` is before `from`. 0 means the target is today.
 */
export function workingDaysBetween(from: string, to: string): number {
  if (from === to) return 0;
  const sign = from < to ? 1 : -1;
  const end = utc(sign > 0 ? to : from);
  let d = utc(sign > 0 ? from : to);
  let count = 0;
  while (d < end) {
    d = plusDays(d, 1);
    if (isWorkingDay(fmt(d))) count++;
  }
  return sign * count;
}
