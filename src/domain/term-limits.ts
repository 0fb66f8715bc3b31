/**
 * Maximum terms (issue 17, section 3): every grant and appointment ends, at the latest, its
 * catalogue term after it starts. The limit is counted in Brussels calendar months and runs to
 * the end of that Brussels day, so a person who picks "five years from today" by date is never
 * refused for the hours of the day already gone. An end beyond the limit is refused with the
 * limit named, never cut silently; a missing end becomes the limit.
 */
import { addCalendarMonths, brusselsDate, brusselsDayEnd, type CalendarDay } from './brussels-time.ts';
import type { Catalogue, TermSubject } from './catalogue.ts';
import { DomainError } from './errors.ts';

/** The Brussels day `months` calendar months after the day of `from` (31 Jan + 1 month = 28/29 Feb). */
export function addBrusselsMonths(from: Date, months: number): CalendarDay {
  const [year, month, day] = brusselsDate(from).split('-').map(Number) as [number, number, number];
  return addCalendarMonths({ year, month, day }, months);
}

/** The last instant a term of `months` starting at `from` may reach. */
export function termLatest(from: Date, months: number): Date {
  return brusselsDayEnd(addBrusselsMonths(from, months));
}

/** How a subject is named in a refusal: `grant:<service>[:<role>]`, `main`, `co_main`, `domain:<code>`. */
export function termName(s: TermSubject): string {
  if (s.kind === 'grant') return `grant:${s.service}${s.role ? `:${s.role}` : ''}`;
  if (s.kind === 'domain') return `domain:${s.domain}`;
  return s.kind;
}

export interface TermResult {
  /** the end to store: the one asked for, or the limit when none was asked for */
  validUntil: string | null;
  maxMonths: number | null;
  /** the latest end allowed, an ISO instant; null without a limit */
  latest: string | null;
}

/**
 * Applies the subject's maximum term to an end (ISO instant or null) of a term starting at
 * `validFrom` (ISO instant). Throws `term.too_long` naming the limit.
 */
export function applyTermLimit(
  catalogue: Catalogue,
  subject: TermSubject,
  validFrom: string,
  validUntil: string | null,
): TermResult {
  const maxMonths = catalogue.maxTermMonths(subject);
  if (maxMonths === null) return { validUntil, maxMonths, latest: null };
  const latest = termLatest(new Date(validFrom), maxMonths).toISOString();
  if (validUntil === null) return { validUntil: latest, maxMonths, latest };
  if (validUntil > latest) {
    throw new DomainError('term.too_long', {
      term: termName(subject),
      maxMonths,
      latestDate: brusselsDate(new Date(latest)),
      latest,
      validUntil,
    });
  }
  return { validUntil, maxMonths, latest };
}
