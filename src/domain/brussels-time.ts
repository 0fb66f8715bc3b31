/**
 * Where a date meets an instant (issue 14, item 2). A date (`2027-01-01`) is a calendar day in
 * Europe/Brussels, with its daylight-saving rules: it starts at 00:00 Brussels time and, as an
 * end date, is valid through the end of that day (23:59:59.999 Brussels time, inclusive). The
 * time-zone database (through `@date-fns/tz`) does the arithmetic, never a fixed offset.
 * Impossible dates are refused in every form: `2027-02-30`, `2027-02-30T12:00:00Z` and
 * `2027-04-31T08:00:00+02:00` alike, where `new Date()` would roll them into the next month.
 */
import { TZDate } from '@date-fns/tz';

export const BRUSSELS = 'Europe/Brussels';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-](\d{2}):(\d{2}))$/;

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD` that names a day of the calendar, or undefined. */
export function parseCalendarDay(input: string): CalendarDay | undefined {
  const m = DATE.exec(input);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDay(year, month, day) ? { year, month, day } : undefined;
}

export function isDateOnly(input: string): boolean {
  return DATE.test(input);
}

/** An RFC 3339 date-time whose every part exists (no 30 February, no 25:00, no +24:00), or undefined. */
export function parseDateTime(input: string): Date | undefined {
  const m = DATE_TIME.exec(input);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  if (!isCalendarDay(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const d = new Date(input);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The same day `months` calendar months on, clamped to the last day of a shorter month. */
export function addCalendarMonths(day: CalendarDay, months: number): CalendarDay {
  const index = day.year * 12 + (day.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(day.day, daysInMonth(year, month)) };
}

/** 00:00 Brussels time of a calendar day. */
export function brusselsDayStart(day: CalendarDay): Date {
  return new Date(new TZDate(day.year, day.month - 1, day.day, BRUSSELS).getTime());
}

/** The last millisecond of a calendar day in Brussels (the next day's 00:00 minus 1 ms). */
export function brusselsDayEnd(day: CalendarDay): Date {
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  const nextDay = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
  return new Date(brusselsDayStart(nextDay).getTime() - 1);
}

/** `YYYY-MM-DD` of an instant on the Brussels calendar (at 23:30 there it is still that day). */
export function brusselsDate(at: Date): string {
  const d = new TZDate(at.getTime(), BRUSSELS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DD HH:mm:ss` of an instant on Brussels wall-clock time: what a spreadsheet shows as local. */
export function brusselsDateTime(at: Date): string {
  const d = new TZDate(at.getTime(), BRUSSELS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${brusselsDate(at)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Whole calendar days from one instant's Brussels day to another's (0 on the same day). */
export function brusselsDaysBetween(from: Date, to: Date): number {
  const utcDay = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((utcDay(brusselsDate(to)) - utcDay(brusselsDate(from))) / 86_400_000);
}

/**
 * A date or a date-time as an instant: a date is the start of its Brussels day, or its last
 * millisecond for `edge: 'end'`. Undefined when it is not a real date or date-time.
 */
export function toInstant(input: string, edge: 'start' | 'end'): Date | undefined {
  if (isDateOnly(input)) {
    const day = parseCalendarDay(input);
    if (!day) return undefined;
    return edge === 'start' ? brusselsDayStart(day) : brusselsDayEnd(day);
  }
  return parseDateTime(input);
}
