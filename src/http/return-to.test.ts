/** Issue 13, finding 1: the open redirect after login. Seen failing before the fix. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWebRoute, safeReturnTo } from './return-to.ts';

describe('issue 13 finding 1: open redirect after login', () => {
  const hostile = [
    '/.//evil.example',
    '/..//evil.example',
    '/%2e%2e//evil.example',
    '/%2e//evil.example',
    '/.%2e//evil.example',
    '/%252e%252e//evil.example',
    '/enterprises/../..//evil.example',
    '/enterprises/%2e%2e/%2e%2e//evil.example',
    '/./%2f/evil.example',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5Cevil.example',
    '/%5c%5cevil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%0d%0a/evil.example',
    '/\u0000/evil.example',
    '/\u0085/evil.example',
    '//evil.example',
    '///evil.example',
    '//user:pass@evil.example/',
    '/@evil.example',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    '/javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    ' /enterprises',
    '/enterprises/%E0%A4%A',
    '/api/v1/session',
    '/auth/logout',
    '',
  ];
  it.each(hostile)('finding 1: %j goes back to /', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });
  it('finding 1: a value longer than 2048 characters goes back to /', () => {
    expect(safeReturnTo(`/enterprises?${'a'.repeat(3000)}`)).toBe('/');
  });
  it.each([null, undefined, 42, ['/enterprises'], { toString: () => '/enterprises' }])(
    'finding 1: a non-string %j goes back to /',
    (input) => {
      expect(safeReturnTo(input)).toBe('/');
    },
  );

  it.each([
    ['/', '/'],
    ['/enterprises', '/enterprises'],
    ['/enterprises/0566.988.259?tab=managers#top', '/enterprises/0566.988.259?tab=managers#top'],
    ['/enterprises/0566988259/main', '/enterprises/0566988259/main'],
    ['/enterprises/x/../0566988259', '/enterprises/0566988259'],
    [
      '/enterprises/0566988259/grants/new?service=finance.tax',
      '/enterprises/0566988259/grants/new?service=finance.tax',
    ],
    ['/invitations/abc_DEF-123', '/invitations/abc_DEF-123'],
    ['/exception/follow?reference=EXC-ABCD-EFGH', '/exception/follow?reference=EXC-ABCD-EFGH'],
    [
      '/service-desk/requests/5f0c2c4e-8c1d-4b7a-9a53-0d6a8d1c2b3a',
      '/service-desk/requests/5f0c2c4e-8c1d-4b7a-9a53-0d6a8d1c2b3a',
    ],
  ])('finding 1: the legitimate %j is kept as %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it('finding 1: every route of the web application is an accepted return address', () => {
    const app = readFileSync(new URL('../../web/src/App.tsx', import.meta.url), 'utf8');
    const paths = [...app.matchAll(/<Route path="([^"]+)"/g)].map((m) => m[1]!).filter((p) => p !== '*');
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) {
      const sample = p.replace(/:[A-Za-z]+/g, '0566988259');
      expect(isWebRoute(sample), p).toBe(true);
      expect(safeReturnTo(sample), p).toBe(sample);
    }
  });
});
