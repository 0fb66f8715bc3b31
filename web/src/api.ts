/**
 * The one way the UI talks to btb: same-origin fetch with the session cookie, the CSRF token
 * on every state-changing request, and problem+json turned into an ApiError that pages can
 * show next to the field it concerns.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api-schema.d.ts';

export interface FieldProblem {
  /** the form field: the first member of the pointer (`/person` → person) */
  field: string;
  /** the whole pointer, dotted (`/requester/givenName` → requester.givenName) */
  path?: string;
  reason?: string;
  /**
   * the rule the value broke: a JSON Schema keyword (required, maxLength, enum…) from the schema
   * check, or a rule of the API's own (email, phone) (issue 14, item 8; issue 16, item 10)
   */
  rule?: string;
  /** the rule's value: 100 for maxLength */
  limit?: number | string;
  allowed?: unknown[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  /** field name (no leading slash) → what is wrong with it */
  readonly fields: FieldProblem[];

  constructor(status: number, code: string, details: Record<string, unknown>) {
    super(code);
    this.status = status;
    this.code = code;
    this.details = details;
    this.fields = fieldsOf(details);
  }

  fieldProblem(name: string): FieldProblem | undefined {
    return this.fields.find((f) => f.field === name);
  }

  /** true when the problem is on no field the page shows: it goes to the top of the form */
  isGeneral(shown: string[]): boolean {
    return !this.fields.some((f) => shown.includes(f.field));
  }
}

/** Every violation the problem names (issue 16, item 10: all of them, not the first). */
function fieldsOf(details: Record<string, unknown>): FieldProblem[] {
  const out: FieldProblem[] = [];
  const dotted = (f: string) =>
    f
      .replace(/^\/?(body\/)?/, '')
      .replace(/^(params|querystring)\//, '')
      .replaceAll('/', '.');
  if (Array.isArray(details.errors)) {
    for (const e of details.errors as { field?: unknown; rule?: unknown; limit?: unknown; allowed?: unknown }[]) {
      const path = dotted(typeof e.field === 'string' ? e.field : '');
      out.push({
        field: path.split('.')[0] ?? '',
        path,
        rule: typeof e.rule === 'string' ? e.rule : undefined,
        limit: typeof e.limit === 'number' || typeof e.limit === 'string' ? e.limit : undefined,
        allowed: Array.isArray(e.allowed) ? e.allowed : undefined,
      });
    }
  }
  if (typeof details.field === 'string') {
    const path = dotted(details.field);
    out.push({
      field: path.split('.')[0] ?? '',
      path,
      reason: typeof details.reason === 'string' ? details.reason : undefined,
      rule: typeof details.rule === 'string' ? details.rule : undefined,
    });
  }
  return out;
}

/** The window event fired when the API answers 401: the session has ended. */
export const UNAUTHORIZED = 'btb:unauthorized';

let csrfToken: string | null = null;

/** The session's CSRF token (null when nobody is logged in: public requests need none). */
export async function csrf(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  const r = await fetch('/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!r.ok) return null;
  const body = (await r.json()) as { token?: string; csrfToken?: string };
  csrfToken = body.token ?? body.csrfToken ?? null;
  return csrfToken;
}

/** After login or logout the session changes and so does its CSRF token. */
export function forgetCsrf(): void {
  csrfToken = null;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  lang?: string;
  /** extra headers, e.g. the exception procedure's follow-up token */
  headers?: Record<string, string>;
}

/**
 * Sends one request the way every call of the UI goes out: the CSRF token on a write, one
 * idempotency key per call kept across the CSRF retry (the API does a repeated write once, issue
 * 16), a stale CSRF token renewed once, and a 401 announced to the session provider.
 */
async function send(request: Request): Promise<Response> {
  const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
  const headers = new Headers(request.headers);
  headers.set('accept', 'application/json, application/problem+json');
  if (isWrite && !headers.has('idempotency-key')) headers.set('idempotency-key', newKey());
  const body = isWrite ? await request.arrayBuffer() : undefined;
  const once = async () => {
    if (isWrite) {
      const token = await csrf();
      if (token) headers.set('x-csrf-token', token);
    }
    return fetch(request.url, {
      method: request.method,
      headers,
      credentials: 'same-origin',
      body: body && body.byteLength > 0 ? body : undefined,
    });
  };
  let r = await once();
  // A stale CSRF token (the session was renewed in another tab): fetch a fresh one, once.
  if (r.status === 403 && isWrite) {
    const p = (await r
      .clone()
      .json()
      .catch(() => ({}))) as { code?: string };
    if (p.code?.includes('csrf')) {
      forgetCsrf();
      r = await once();
    }
  }
  // Nobody is logged in any more: the session provider tells the person (issue 16, item 12).
  if (r.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED));
  return r;
}

/** problem+json (RFC 9457 with btb's `code`) → the ApiError pages localise by code. */
function problemError(status: number, problem: unknown): ApiError {
  const { code, ...details } = (problem && typeof problem === 'object' ? problem : {}) as Record<string, unknown>;
  return new ApiError(status, typeof code === 'string' ? code : `http.${status}`, details);
}

/**
 * The typed client (openapi-fetch over the types generated from the server's OpenAPI document,
 * web/src/api-schema.d.ts: `npm run api:types`). Paths, parameters, request bodies and answers
 * are checked against the routes, so a changed route breaks the web build. Wrap a call in
 * `call()` to get its data or an ApiError:
 *
 *   const me = await call(client.GET('/api/v1/me'));
 */
export const client = createClient<paths>({ fetch: send });

/** The data of a successful call; a problem+json answer is thrown as an ApiError. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  throw problemError(response.status, error);
}

/**
 * The JSON a route answers on success, read from the generated types: `Answer<'/api/v1/me'>`.
 * web/src/types.ts names the shapes the pages share this way.
 */
export type Answer<P extends keyof paths, M extends HttpMethod = 'get'> =
  paths[P] extends Record<M, { responses: infer R }> ? JsonOf<R[SuccessStatus & keyof R]> : never;
type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type SuccessStatus = 200 | 201 | 202;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/**
 * An untyped call by path, for a page whose route is not in the generated types yet; prefer
 * `call(client.GET(...))`, which the type check holds to the route.
 */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers = new Headers(opts.headers);
  if (opts.lang) headers.set('accept-language', opts.lang);
  if (opts.body !== undefined) headers.set('content-type', 'application/json');
  const r = await send(
    new Request(new URL(path, window.location.href), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
  );
  if (r.ok) {
    if (r.status === 204) return undefined as T;
    return (await r.json()) as T;
  }
  throw problemError(r.status, await r.json().catch(() => ({})));
}

/** A random key; randomUUID needs a secure context, getRandomValues does not. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function loginUrl(returnTo: string, loa?: 'high' | 'substantial'): string {
  const q = new URLSearchParams({ returnTo });
  if (loa) q.set('loa', loa);
  return `/auth/login?${q.toString()}`;
}
