/**
 * Where the browser may be sent back after login, step-up or any other round trip: only a page
 * of the web application itself (issue 13, finding 1). The value is judged after everything a
 * browser would do to it (percent-decoding, dropping tabs and newlines, turning `\` into `/`,
 * resolving `.` and `..`), and what is returned is the normalised form that was judged, so the
 * check and the redirect can never disagree again.
 */

/** A route parameter: letters, digits, `.`, `_`, `-`, never starting with a dot (so never `.` or `..`). */
const SEG = '[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}';

/**
 * The web application's own route shapes (web/src/App.tsx); a test keeps the two lists in step.
 * Anything else is sent to '/'.
 */
export const WEB_ROUTE_PATTERNS: readonly RegExp[] = [
  /^\/$/,
  /^\/enterprises$/,
  new RegExp(`^/enterprises/${SEG}$`),
  new RegExp(
    `^/enterprises/${SEG}/(main|managers/new|grants/new|audit|mandates|register-reviews|management|access-requests|system-users|systems)$`,
  ),
  new RegExp(`^/enterprises/${SEG}/mandates/${SEG}(/grants/new)?$`),
  new RegExp(`^/enterprises/${SEG}/grants/${SEG}/extend$`),
  /^\/my-access$/,
  /^\/access-requests$/,
  new RegExp(`^/invitations/${SEG}$`),
  /^\/exception\/(new|follow)$/,
  /^\/service-desk$/,
  /^\/service-desk\/appointment-reports$/,
  /^\/service-desk\/ending-soon$/,
  /^\/service-desk\/person-links$/,
  /^\/service-desk\/foreign-enterprises(\/new)?$/,
  new RegExp(`^/service-desk/foreign-enterprises/${SEG}$`),
  new RegExp(`^/service-desk/requests/${SEG}$`),
];

const BASE = 'http://btb.invalid';
const MAX_LENGTH = 2048;

function hasControlOrBackslash(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // C0 controls (tab, CR, LF among them: browsers drop them from URLs), DEL, C1 controls
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x5c) return true;
  }
  return false;
}

/**
 * Every form the value takes while being percent-decoded, up to a few rounds (a proxy or a
 * framework may decode once more than expected). A value that cannot be decoded is refused.
 */
function decodedForms(value: string): string[] | undefined {
  const forms = [value];
  let s = value;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(s);
    } catch {
      return undefined;
    }
    if (next === s) break;
    forms.push(next);
    s = next;
  }
  return forms;
}

/** True when the path is one of the web application's pages. */
export function isWebRoute(pathname: string): boolean {
  return WEB_ROUTE_PATTERNS.some((p) => p.test(pathname));
}

/**
 * A same-origin return address of the web application, normalised, or '/' for anything else
 * (another host, `//host`, `/\host`, encoded slashes, dots or backslashes, a scheme, userinfo,
 * control characters, a page the web application does not have).
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return '/';
  if (value[0] !== '/' || value[1] === '/') return '/';
  const forms = decodedForms(value);
  if (!forms) return '/';
  for (const f of forms) {
    if (hasControlOrBackslash(f) || f.startsWith('//') || !f.startsWith('/')) return '/';
  }
  let u: URL;
  try {
    u = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (u.origin !== BASE || u.username !== '' || u.password !== '') return '/';
  // The normalised path must itself be a page: `/.//evil` normalises to `//evil`, which is not.
  if (!isWebRoute(u.pathname)) return '/';
  return `${u.pathname}${u.search}${u.hash}`;
}
