import type { AuditItem } from './types.ts';

/** How one history row reads in the page's language (the same labels as the table). */
export interface AuditLabels {
  header: string[];
  action(a: string): string;
  role(r: string): string;
  target(i: AuditItem): string;
  procedure(p: string | null): string;
  /** who acted, by name (issue 16, item 7) */
  person(i: AuditItem): string;
}

const brussels = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2026-12-02 03:48:10", Brussels time: what a spreadsheet reads as a date and time. */
export function brusselsTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : brussels.format(d);
}

/** A recorded value as words: "email: a@b.be, phone: +32…" for an object, never JSON. */
export function plain(v: unknown, prefix = ''): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => plain(x)).join(' / ');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined && x !== '')
      .map(([k, x]) =>
        typeof x === 'object' && !Array.isArray(x) ? plain(x, `${prefix}${k}.`) : `${prefix}${k}: ${plain(x)}`,
      )
      .join(', ');
  return String(v);
}

function cell(v: string): string {
  // a leading =, +, - or @ would be run as a formula by spreadsheet programs
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replaceAll('"', '""')}"`;
}

/**
 * The history as a spreadsheet file in the reader's language (issue 16, item 6): a UTF-8 BOM so
 * spreadsheet programs read the accents right, semicolons as Belgian spreadsheets expect, times
 * in Brussels time, and the recorded values in words.
 */
export function auditCsv(items: AuditItem[], l: AuditLabels): string {
  const rows = items.map((i) => [
    brusselsTime(i.at),
    l.action(i.action),
    l.person(i),
    i.actorRole ? l.role(i.actorRole) : '',
    l.target(i),
    l.procedure(i.procedure),
    plain(i.before),
    plain(i.after),
    i.requestId ?? '',
  ]);
  return `\uFEFF${[l.header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}
