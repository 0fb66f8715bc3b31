import type { Catalogue } from '../domain/catalogue.ts';
import type { Config } from '../infra/config.ts';
import type { DbHandle } from '../infra/db/database.ts';
import type { Clock, Registers } from '../ports.ts';

/** What every use case receives as its first argument: no singletons, no environment reads. */
export interface Deps {
  config: Config;
  db: DbHandle;
  catalogue: Catalogue;
  clock: Clock;
  registers: Registers;
}
