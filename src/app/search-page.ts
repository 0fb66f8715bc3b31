import { DomainError } from '../domain/errors.ts';

/** AuthZEN pagination: `page: {token, limit}` in, `page: {next_token, count, total}` out. */
export interface PageIn {
  token?: string;
  limit?: number;
}

export interface PageOut {
  next_token: string;
  count: number;
  total: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/**
 * Results are computed, sorted deterministically, then sliced: the token is the offset of the
 * next result. A change between two pages can shift results by one (the spec's `total` warns of
 * exactly that); for the sizes involved (thousands) recomputing is cheaper than holding cursors.
 */
export function paginate<T>(all: T[], page: PageIn | undefined): { results: T[]; page: PageOut } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(page?.limit ?? DEFAULT_LIMIT)));
  let offset = 0;
  if (page?.token) {
    const m = /^o(\d{1,9})$/.exec(Buffer.from(page.token, 'base64url').toString('utf8'));
    if (!m)
      throw new DomainError('validation.invalid_input', {
        field: 'page.token',
        reason: 'not a token this server issued',
      });
    offset = Number(m[1]);
  }
  const results = all.slice(offset, offset + limit);
  const next = offset + results.length;
  return {
    results,
    page: {
      next_token: next < all.length ? Buffer.from(`o${next}`).toString('base64url') : '',
      count: results.length,
      total: all.length,
    },
  };
}
