import type { TFunction } from 'i18next';
import { ApiError, type FieldProblem } from './api.ts';
import { formatDate, formatDateTime } from './format.ts';
import { codeKey, i18next } from './i18n/index.ts';

/** The page-language message for an API error code: the code, then its namespace, then generic. */
export function codeMessage(t: TFunction, code: string): string {
  for (const k of [code, code.split('.')[0] ?? '']) {
    const key = `errors.codes.${codeKey(k)}`;
    if (i18next.exists(key)) return t(key as never) as string;
  }
  return t('errors.generic');
}

export function errorMessage(t: TFunction, e: unknown): string {
  if (e instanceof ApiError && e.code === 'rate_limit.exceeded') {
    // which limit, and until when (issue 16, item 15)
    const { limit, max, retryAt } = e.details;
    if (limit === 'exception.per_address' && typeof retryAt === 'string')
      return t('errors.limitAddress', { max, time: formatDateTime(retryAt, i18next.language) });
  }
  if (e instanceof ApiError && e.code === 'term.too_long') {
    // the limit, named (issue 17): months and the latest end date
    const { maxMonths, latestDate } = e.details;
    if (typeof latestDate === 'string')
      return t('errors.codes.term/too_long', { months: maxMonths, date: formatDate(latestDate, i18next.language) });
  }
  if (e instanceof ApiError) return codeMessage(t, e.code);
  if (e instanceof TypeError) return t('errors.network');
  return t('errors.generic');
}

/** The rule a value broke, in words, with its limit: "At most 100 characters." (issue 16, item 10) */
export function ruleText(t: TFunction, p: Pick<FieldProblem, 'rule' | 'limit'>): string | undefined {
  const limit = p.limit;
  switch (p.rule) {
    case 'required':
      return t('rules.required');
    case 'minLength':
      // at least one character: the field is simply empty
      return limit === 1 ? t('rules.required') : t('rules.minLength', { limit });
    case 'maxLength':
    case 'maximum':
    case 'minimum':
    case 'maxItems':
    case 'minItems':
      return t(`rules.${p.rule}`, { limit });
    case 'enum':
      return t('rules.enum');
    case 'pattern':
    case 'format':
      return t('rules.format');
    case 'type':
      return t('rules.type');
    case 'additionalProperties':
      return t('rules.unexpected');
    default:
      return undefined;
  }
}

function problemText(t: TFunction, code: string, p: FieldProblem): string {
  if (code === 'identifier.invalid_person_number') return t('errors.person');
  if (code === 'identifier.invalid_enterprise_number') return t('errors.enterprise');
  if (p.rule === 'email') return t('errors.email');
  if (p.rule === 'phone') return t('errors.phone');
  if (p.reason?.includes('date')) return t('errors.date');
  return ruleText(t, p) ?? codeMessage(t, code);
}

/** The message to show next to one field, if the error concerns it. */
export function fieldError(t: TFunction, e: unknown, field: string): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const p = e.fieldProblem(field);
  return p ? problemText(t, e.code, p) : undefined;
}

/** The same for a field inside a list, by its dotted path (`representatives.0.endDate`). */
export function fieldPathError(t: TFunction, e: unknown, path: string): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const p = e.fields.find((f) => f.path === path);
  return p ? problemText(t, e.code, p) : undefined;
}

/** How many of the fields a page shows the error marks (for the summary above the form). */
export function fieldCount(e: unknown, shown: string[]): number {
  if (!(e instanceof ApiError)) return 0;
  return new Set(e.fields.map((f) => f.field).filter((f) => shown.includes(f))).size;
}
