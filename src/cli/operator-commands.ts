import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { addOperator, listOperators, removeOperator } from '../app/exception/manage-operators.ts';
import { endSystemFromCli } from '../app/system-users/end-system.ts';
import { formatPersonNumber } from '../domain/identifiers.ts';
import type { Config } from '../infra/config.ts';
import { type CliDeps, withDeps as withMigratedDeps } from './with-deps.ts';

/**
 * `btb operator add|list|remove`: who works at the service desk. Given on the server's command
 * line only, never through the API, so no web account can promote itself.
 */
export function registerOperatorCommands(program: Command, loadConfig: () => Config): void {
  const operator = program.command('operator').description('Service desk operators (the exception procedure)');
  const withDeps = <T>(work: (deps: CliDeps) => Promise<T>): Promise<T> => withMigratedDeps(loadConfig, work);
  // The audit log names the server account that ran the command.
  const by = () => `cli:${userInfo().username}`;

  operator
    .command('add')
    .description('Give a person the service desk role (they log in like everyone else, at substantial or higher)')
    .requiredOption('--person <number>', 'national or BIS number, any spelling')
    .action(async (opts: { person: string }) => {
      const r = await withDeps((deps) => addOperator(deps, { person: opts.person, by: by() }));
      console.log(
        r.added
          ? `operator added: ${formatPersonNumber(r.person)}`
          : `already an operator: ${formatPersonNumber(r.person)}`,
      );
    });

  operator
    .command('list')
    .description('List the operators')
    .action(async () => {
      const rows = await withDeps((deps) => listOperators(deps));
      if (rows.length === 0) console.log('no operators');
      for (const r of rows) {
        const name = r.given_name ? `${r.given_name} ${r.family_name}` : '(not in the person register)';
        console.log(`${formatPersonNumber(r.person_number)}  ${name}  since ${r.added_at}  by ${r.added_by ?? '?'}`);
      }
    });

  operator
    .command('remove')
    .description('Take the service desk role away')
    .requiredOption('--person <number>', 'national or BIS number, any spelling')
    .action(async (opts: { person: string }) => {
      const r = await withDeps((deps) => removeOperator(deps, { person: opts.person, by: by() }));
      console.log(`operator removed: ${formatPersonNumber(r.person)}`);
    });

  operator
    .command('end-system')
    .description(
      "End a registered system (compromised, or someone else's client ids): its system users end, its client ids are released",
    )
    .requiredOption('--system <id>', 'the system id')
    .requiredOption('--reason <text>', 'why, for the vendor and the customers (in the audit log)')
    .action(async (opts: { system: string; reason: string }) => {
      const r = await withDeps((deps) =>
        endSystemFromCli(deps, { system: opts.system, reason: opts.reason, by: by() }),
      );
      console.log(
        `system ended: ${r.system.name} (vendor ${r.system.vendor}), ${r.systemUsersEnded} system user(s) ended`,
      );
    });
}
