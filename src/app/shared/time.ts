import { brusselsDate, isDateOnly, toInstant } from '../../domain/brussels-time.ts';
import { DomainError, type ErrorCode } from '../../domain/errors.ts';

/**
 * Start and end dates arrive as a date (`2027-03-31`: a Brussels calendar day; a start begins at
 * 00:00 Brussels time, an end is inclusive, valid through 23:59:59.999 Brussels time of that
 * day) or an RFC 3339 date-time. Both are stored as an ISO instant; an end in the past is
 * refused. See domain/brussels-time.ts.
 */
export function parseEndDate(input: string | undefined | null, now: Date, field = 'validUntil'): string | null {
  if (input === undefined || input === null || input === '') return null;
  const instant = instantOf(input, 'end', field);
  if (instant.getTime() <= now.getTime()) {
    throw new DomainError('appointment.end_date_in_past', { field, value: input });
  }
  return instant.toISOString();
}

/** How far a start date-time may lie behind the clock: the caller's and our clocks differ a little. */
export const START_CLOCK_TOLERANCE_MS = 5 * 60_000;

export interface StartOptions {
  /**
   * Refuse a start in the past with this code (issue 13, finding 11: a right is never given
   * backdated). Today's date, or a date-time within the clock tolerance, starts now.
   */
  refusePastAs?: ErrorCode;
}

export function parseStartDate(
  input: string | undefined | null,
  now: Date,
  field = 'validFrom',
  opts: StartOptions = {},
): string {
  if (input === undefined || input === null || input === '') return now.toISOString();
  const instant = instantOf(input, 'start', field);
  if (opts.refusePastAs && instant.getTime() < now.getTime()) {
    const isToday = isDateOnly(input) && input === brusselsDate(now);
    if (!isToday && instant.getTime() < now.getTime() - START_CLOCK_TOLERANCE_MS) {
      throw new DomainError(opts.refusePastAs, { field, value: input, today: brusselsDate(now) });
    }
    return now.toISOString();
  }
  return instant.toISOString();
}

/** A date or date-time as an instant, or a refusal naming the field. */
export function instantOf(input: string, edge: 'start' | 'end', field: string): Date {
  const instant = toInstant(input, edge);
  if (!instant) {
    throw new DomainError('validation.invalid_input', {
      field,
      reason: 'not a date (YYYY-MM-DD) or RFC 3339 date-time that exists',
      value: input,
    });
  }
  return instant;
}
