import { DomainError } from '../../domain/errors.ts';

/**
 * End dates arrive as a date (`2027-03-31`, inclusive: valid through that day, Brussels time)
 * or an RFC 3339 date-time. Both are stored as an ISO instant; an end in the past is refused.
 */
export function parseEndDate(input: string | undefined | null, now: Date, field = 'validUntil'): string | null {
  if (input === undefined || input === null || input === '') return null;
  const instant = toInstant(input, 'end', field);
  if (instant.getTime() <= now.getTime()) {
    throw new DomainError('appointment.end_date_in_past', { field, value: input });
  }
  return instant.toISOString();
}

export function parseStartDate(input: string | undefined | null, now: Date, field = 'validFrom'): string {
  if (input === undefined || input === null || input === '') return now.toISOString();
  return toInstant(input, 'start', field).toISOString();
}

function toInstant(input: string, edge: 'start' | 'end', field: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) {
    const d = new Date(`${input}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== input) {
      throw new DomainError('validation.invalid_input', { field, reason: 'not a date', value: input });
    }
    // Belgium is UTC+1 or +2: the end of a Brussels day is at most 23:00 UTC; take the
    // conservative instant so a grant never outlives the day it was given for.
    const base = d.getTime();
    return new Date(edge === 'end' ? base + 22 * 3600_000 - 1 : base - 2 * 3600_000);
  }
  const d = new Date(input);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(input) || Number.isNaN(d.getTime())) {
    throw new DomainError('validation.invalid_input', { field, reason: 'not a date or date-time', value: input });
  }
  return d;
}
