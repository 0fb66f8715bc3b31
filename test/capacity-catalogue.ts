import { readFile } from 'node:fs/promises';
import { buildCatalogue, defaultCataloguePath } from '../src/domain/catalogue.ts';

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
