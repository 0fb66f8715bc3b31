import type { Config } from '../infra/config.ts';
import { createDeps, migrate } from '../main.ts';

export type CliDeps = ReturnType<typeof createDeps>;

/**
 * What a command that works on the database does around its work: builds the deps from the
 * settings, brings the schema up to date, and closes the database when the work ends, thrown or not.
 */
export async function withDeps<T>(loadConfig: () => Config, work: (deps: CliDeps) => Promise<T>): Promise<T> {
  const deps = createDeps(loadConfig());
  try {
    await migrate(deps);
    return await work(deps);
  } finally {
    await deps.db.close();
  }
}
