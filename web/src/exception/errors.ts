import type { TFunction } from 'i18next';
import { ApiError } from '../api.ts';
import { codeMessage, ruleText } from '../errors.ts';

/**
 * The exception API names fields by their dotted path in the request (requester.email,
 * proposed.personNumber) or, from the schema check of the JSON part, as a JSON pointer
 * (/request/requester/email); documents by their file name. This finds the problem of one
 * field of the form, so the page can show it next to that field.
 */
interface PathProblem {
  path: string;
  reason?: string;
  rule?: string;
  limit?: number | string;
}

function pathsOf(e: ApiError): PathProblem[] {
  const out: PathProblem[] = [];
  const d = e.details;
  if (typeof d.field === 'string')
    out.push({
      path: d.field,
      reason: typeof d.reason === 'string' ? d.reason : undefined,
      rule: typeof d.rule === 'string' ? d.rule : undefined,
    });
  // every violation of the schema, each with its rule and limit (issue 16, item 10)
  if (Array.isArray(d.errors)) {
    for (const x of d.errors as { field?: string; rule?: string; limit?: number | string }[]) {
      const path = (x.field ?? '').replace(/^\/(body\/)?(request\/)?/, '').replaceAll('/', '.');
      out.push({ path, rule: x.rule, limit: x.limit });
    }
  }
  if (e.code === 'identifier.invalid_enterprise_number') out.push({ path: 'enterprise' });
  if (e.code === 'enterprise.not_found' || e.code === 'enterprise.stopped') out.push({ path: 'enterprise' });
  return out;
}

export function exceptionFieldError(t: TFunction, e: unknown, path: string): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const p = pathsOf(e).find((x) => x.path === path);
  if (!p) return undefined;
  if (e.code === 'identifier.invalid_person_number') return t('errors.person');
  if (e.code === 'identifier.invalid_enterprise_number') return t('errors.enterprise');
  if (p.rule === 'email') return t('errors.email');
  if (p.rule === 'phone') return t('errors.phone');
  if (p.reason === 'the document has expired') return t('exception.errors.expired');
  if (p.reason?.includes('date')) return t('errors.date');
  // "at most 100 characters", not "please fill this in" (issue 16, item 10)
  return ruleText(t, p) ?? codeMessage(t, e.code);
}

/** true when the error belongs to one of the fields the page shows (it is shown there, not on top) */
export function isOnField(e: unknown, paths: string[], filenames: string[]): boolean {
  if (!(e instanceof ApiError)) return false;
  const f = e.details.filename;
  if (typeof f === 'string' && filenames.includes(f)) return true;
  return pathsOf(e).some((p) => paths.includes(p.path));
}

/** The problem of one document, found by its file name as the server saw it. */
export function documentError(t: TFunction, e: unknown, filename: string | undefined): string | undefined {
  if (!(e instanceof ApiError) || !filename) return undefined;
  const f = e.details.filename;
  if (typeof f !== 'string') return undefined;
  // the server keeps only a base name of printable characters; compare the same way
  const clean = filename.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120);
  if (f !== clean) return undefined;
  if (e.code === 'attachment.too_large' && typeof e.details.limitBytes === 'number')
    return t('exception.errors.tooLarge', { mb: Math.round(e.details.limitBytes / (1024 * 1024)) });
  return codeMessage(t, e.code);
}

/** How many of the form's fields the server's answer marks (every one of them, issue 16, item 10). */
export function fieldsMarked(e: unknown, paths: string[]): number {
  if (!(e instanceof ApiError)) return 0;
  return new Set(
    pathsOf(e)
      .filter((p) => paths.includes(p.path))
      .map((p) => p.path),
  ).size;
}
