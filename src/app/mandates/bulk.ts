import { DomainError, isDomainError } from '../../domain/errors.ts';

export interface BulkOutcome {
  /** 1-based line (CSV) or item number */
  line: number;
  enterprise: string | null;
  service?: string;
  outcome: 'done' | 'refused';
  id?: string;
  code?: string;
  details?: Record<string, unknown>;
}

export const MAX_BULK_ITEMS = 10_000;

/** What one refused item reports: its domain code, or a database race as a conflict. */
export function refusal(e: unknown): { code: string; details: Record<string, unknown> } {
  if (isDomainError(e)) return { code: e.code, details: e.details };
  const dbCode = (e as { code?: string }).code;
  if (dbCode === '23505' || dbCode === 'SQLITE_CONSTRAINT_UNIQUE')
    return { code: 'conflict.concurrent_change', details: {} };
  throw e; // anything else is not about this item: let the whole call fail loudly
}

export interface CsvMandateLine {
  line: number;
  enterprise: string;
  domains: string[];
  services: string[];
  validFrom?: string;
  validUntil?: string;
  /** issue 19: the mandator's capacity the mandate is given for */
  capacity?: string;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(/[|\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const unquote = (v: string) =>
  v
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();

/**
 * Lines of `enterprise;domains;services;validFrom;validUntil;capacity` (separator `;`, `,` or tab, as
 * spreadsheets write them; lists inside a cell separated by `|` or spaces; a header line is
 * skipped), or JSON lines with the same fields. A file without a single line to read is refused
 * (`import.no_lines`): an empty upload answered "0 proposed" read as a success. A line that cannot be read becomes a refused
 * item of its own: one bad line never refuses the others.
 */
export function parseMandateLines(text: string, format: 'csv' | 'jsonl'): (CsvMandateLine | BulkOutcome)[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: (CsvMandateLine | BulkOutcome)[] = [];
  const firstData = lines.find((l) => l.trim() !== '') ?? '';
  const sep = format === 'csv' ? ([';', '\t', ','].find((s) => firstData.includes(s)) ?? ';') : '';
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    if (out.length >= MAX_BULK_ITEMS) throw new DomainError('import.too_many_lines', { max: MAX_BULK_ITEMS });
    try {
      if (format === 'jsonl') {
        const o = JSON.parse(raw) as Record<string, unknown>;
        const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
        const arr = (k: string) => (Array.isArray(o[k]) ? (o[k] as unknown[]).map(String) : list(str(k)));
        const enterprise = str('enterprise') ?? str('mandator');
        if (!enterprise) throw new DomainError('import.invalid_line', { reason: 'no enterprise' });
        out.push({
          line,
          enterprise,
          domains: arr('domains'),
          services: arr('services'),
          validFrom: str('validFrom'),
          validUntil: str('validUntil'),
          capacity: str('capacity'),
        });
        return;
      }
      const cells = raw.split(sep).map(unquote);
      // A header is a first line whose first cell holds no digit: every enterprise id has digits
      // (a KBO number, `BE0…`, and foreign identifiers that start with a letter alike).
      if (i === lines.indexOf(firstData) && !/\d/.test(cells[0] ?? '')) return;
      const [enterprise, domains, services, validFrom, validUntil, capacity] = cells;
      if (!enterprise) throw new DomainError('import.invalid_line', { reason: 'no enterprise' });
      out.push({
        line,
        enterprise,
        domains: list(domains),
        services: list(services),
        validFrom: validFrom || undefined,
        validUntil: validUntil || undefined,
        capacity: capacity || undefined,
      });
    } catch (e) {
      if (isDomainError(e) && e.code === 'import.too_many_lines') throw e;
      const r = isDomainError(e)
        ? { code: e.code, details: e.details }
        : { code: 'import.invalid_line', details: { reason: (e as Error).message } };
      out.push({ line, enterprise: null, outcome: 'refused', ...r });
    }
  });
  return out;
}
