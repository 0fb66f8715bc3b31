import { readFile } from 'node:fs/promises';
import { addApiClient } from '../src/app/manage-api-clients.ts';
import { buildCatalogue, defaultCataloguePath } from '../src/domain/catalogue.ts';
import { buildApp } from '../src/http/app.ts';
import { seedDemo } from '../src/infra/demo/seed-demo.ts';
import { basicAuth } from './builders.ts';
import { makeTestDeps } from './test-deps.ts';

/**
 * The real catalogue, with the social-security domain's access granted in btb for a test only, so
 * that a person can hold a DmfA grant (the service that needs the capacity employer) and the
 * capacities alone decide (issue 19, section 4).
 */
export async function capacityCatalogue() {
  const data = JSON.parse(await readFile(defaultCataloguePath, 'utf8'));
  for (const d of data.domains) if (d.code === 'social-security') d.system = 'btb';
  return buildCatalogue(data, 'test');
}

/**
 * The app on that catalogue with the demo data, and the check API's authorization header for a
 * client registered for every service: what the capacity tests start from.
 */
export async function capacityApp(engine: 'sqlite' | 'postgres') {
  const deps = await makeTestDeps(engine);
  deps.catalogue = await capacityCatalogue();
  await seedDemo(deps);
  const app = await buildApp(deps);
  const client = await addApiClient(deps, { name: 'every service', scope: '*' });
  return { deps, app, basic: { authorization: basicAuth(client) } };
}
