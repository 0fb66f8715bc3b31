/**
 * The web app's API types are generated from the routes (scripts/api-types.ts, issue 21 item 7):
 * this fails when a route's schema changed and web/src/api-schema.d.ts was not regenerated, so
 * the web build is always checked against the API the server really has.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_FILE, generateApiTypes } from '../scripts/api-types.ts';

describe('generated API types', () => {
  it('web/src/api-schema.d.ts matches the routes (run `npm run api:types` after changing one)', async () => {
    const fresh = await generateApiTypes();
    expect(fresh).toContain('"/api/v1/me": {');
    const checkedIn = readFileSync(API_SCHEMA_FILE, 'utf8');
    expect(checkedIn === fresh, 'web/src/api-schema.d.ts is stale: run `npm run api:types` and commit it').toBe(true);
  }, 120_000);
});
