import { Command, CommanderError } from 'commander';
import { isDomainError } from '../domain/errors.ts';
import { loadConfig } from '../infra/config.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { registerBackupCommands } from './backup-commands.ts';
import { registerClientCommands } from './client-commands.ts';
import { registerDevCommands } from './dev-commands.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerOperatorCommands } from './operator-commands.ts';
import { registerRetentionCommands } from './retention-commands.ts';
import { registerServerCommands } from './server-commands.ts';

const program = new Command('btb')
  .description('btb: management of access managers. May this person act for this enterprise here?')
  .showHelpAfterError()
  .exitOverride();

registerServerCommands(program, loadConfig);
registerImportCommands(program, loadConfig);
registerDevCommands(program, loadConfig);
registerAuditCommands(program, loadConfig);
registerBackupCommands(program, loadConfig);
registerOperatorCommands(program, loadConfig);
registerClientCommands(program, loadConfig);
registerRetentionCommands(program, loadConfig);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (isDomainError(e)) {
    console.error(`btb: ${e.message === e.code ? e.code : e.message}`);
    if (e.code !== 'config.invalid' && Object.keys(e.details).length) console.error(JSON.stringify(e.details, null, 2));
  } else {
    console.error(`btb: ${(e as Error).message}`);
  }
  process.exit(1);
}
