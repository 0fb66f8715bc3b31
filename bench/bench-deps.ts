/**
 * The Deps a benchmark process runs with: those of the server (src/main.ts, createDeps) but for
 * the audit anchoring, which no benchmark measures, on a database handle the benchmark opened.
 */
import type { Deps } from '../src/app/deps.ts';
import { type Catalogue, defaultCataloguePath, loadCatalogue } from '../src/domain/catalogue.ts';
import { filesystemAttachmentStore } from '../src/infra/attachments/attachment-store.ts';
import type { Config } from '../src/infra/config.ts';
import type { DbHandle } from '../src/infra/db/database.ts';
import { dbRegisters } from '../src/infra/registers/db-registers.ts';
import { systemClock } from '../src/ports.ts';

export function benchDeps(
  config: Config,
  db: DbHandle,
  catalogue: Catalogue = loadCatalogue(defaultCataloguePath),
): Deps {
  return {
    config,
    db,
    catalogue,
    clock: systemClock,
    registers: dbRegisters(),
    attachments: filesystemAttachmentStore(config.attachmentsDir),
  };
}
