import type { Command } from 'commander';
import type { Config } from '../infra/config.ts';
import { importRegisterFile, type RegisterFileKind, registerFileHeaders } from '../infra/registers/csv-import.ts';
import { importKboExtract } from '../infra/registers/kbo-import.ts';
import { announceImported } from './announce-imports.ts';
import { progress } from './progress.ts';
import { describeEffects, runGuarded } from './register-guard.ts';
import { type CliDeps, withDeps as withMigratedDeps } from './with-deps.ts';

type LoadConfig = () => Config;

const fileHelp: Record<RegisterFileKind, { description: string; details: string }> = {
  functions: {
    description: 'Import legal functions (who represents which enterprise) from a CSV file',
    details: `Every person with a function valid today is a legal representative of the enterprise.
EndDate is empty while the function runs.`,
  },
  employment: {
    description: 'Import the employment register (who is employed by which enterprise) from a CSV file',
    details: 'Employees may be appointed main access manager. EndDate is empty while the employment runs.',
  },
  capacities: {
    description: 'Import Social Security capacities (employer, social secretariat, service provider) from a CSV file',
    details: `From the authentic sources: the ONSS employer register and the list of recognised social
secretariats. Domain is a catalogue domain code (social-security); Capacity is one of employer,
social_secretariat, service_provider. EndDate is empty while the capacity runs. Services whose
catalogue entry names a capacity answer no (capacity_not_held) for an enterprise without it.`,
  },
  persons: {
    description: 'Import persons (names, language nl|fr|de|en, e-mail) from a CSV file',
    details: 'Language is one of nl, fr, de, en; Email may be empty.',
  },
};

const keyOf: Record<RegisterFileKind, string> = {
  functions: 'EntityNumber, PersonNumber, FunctionCode and StartDate',
  employment: 'EntityNumber, PersonNumber and StartDate',
  persons: 'PersonNumber',
  capacities: 'EntityNumber, Domain, Capacity and StartDate',
};

const RIGHTS_HELP = `
What the import does to rights (docs/register-changes.md): an enterprise it stops loses every
right at once (appointments, grants, mandates); a main or co-main access manager it leaves
neither employee nor legal representative is put under review for BTB_REGISTER_GRACE_DAYS, then
suspended unless a legal representative confirms them. Each effect is audited with the import's
id. An import affecting more than BTB_REGISTER_HOLD_ALL_PERCENT of all rights, or more than
BTB_REGISTER_HOLD_ENTERPRISE_PERCENT of one enterprise's (at least BTB_REGISTER_HOLD_MIN_RIGHTS),
is rolled back and says what it would do; run it again with --confirm <id> to let it through.`;

export function registerImportCommands(program: Command, loadConfig: LoadConfig): void {
  const withDeps = <T>(work: (deps: CliDeps) => Promise<T>): Promise<T> => withMigratedDeps(loadConfig, work);
  const group = program
    .command('import')
    .description(
      'Load the registers btb reads: the KBO extract, legal functions, employment, persons, Social Security capacities',
    );

  group
    .command('kbo')
    .description('Import a KBO open data extract (full or update), unzipped into DIR')
    .argument(
      '<dir>',
      'directory with meta.csv, code.csv, enterprise.csv, denomination.csv, establishment.csv (or the _delete/_insert files of an update)',
    )
    .option('--force', 'import an extract older than the one imported last (rolls the register back)')
    .option('--keep-indexes', 'SQLite: keep secondary indexes during a full import instead of rebuilding them')
    .option('-q, --quiet', 'no progress and no summary; errors only')
    .option(
      '--confirm <id>',
      'let through an import held for what it would do to rights (the id the held import printed)',
    )
    .addHelpText(
      'after',
      `
The format is the KBO's (Cookbook KBO Open Data): quoted CSV with a header row, dates dd-mm-yyyy,
numbers as 0201.310.929 and 2.000.000.339, each checked by its checksum. meta.csv says whether
the extract is full (the register tables are replaced) or an update (per table, the entities of
<table>_delete.csv lose their rows, then <table>_insert.csv is added).

The whole extract is one transaction: a bad line leaves the database as it was, and the error
names the file, the line and the reason. Importing the same extract twice gives the same content.
Names of establishment units are kept; names of branch offices (ids 9.xxx) are skipped.
address, contact, activity and branch files are not read and are listed as ignored.
${RIGHTS_HELP}`,
    )
    .action(
      async (dir: string, opts: { force?: boolean; keepIndexes?: boolean; quiet?: boolean; confirm?: string }) => {
        const bar = progress('kbo', { quiet: opts.quiet });
        let announced = 0;
        let effects = '';
        const r = await withDeps(async (deps) => {
          const { result, effects: e } = await runGuarded(
            deps,
            { kind: 'kbo', source: dir, command: `btb import kbo ${dir}`, confirm: opts.confirm },
            (guard) =>
              importKboExtract(deps.db, dir, {
                progress: bar,
                force: opts.force,
                dropIndexes: !opts.keepIndexes,
                guard,
              }),
          );
          effects = describeEffects(e);
          announced = await announceImported(deps, { kind: 'kbo', dir });
          return result;
        });
        const t = r.tables;
        const change = (c: { written: number; deleted: number }) =>
          r.type === 'update' ? `+${c.written}/-${c.deleted}` : String(c.written);
        bar.done(
          `${r.type} extract ${r.extractNumber ?? '?'} (snapshot ${r.snapshotDate ?? '?'}): enterprises ${change(t.enterprise)}, ` +
            `denominations ${change(t.denomination)}, establishments ${change(t.establishment)}, codes ${change(t.code)}` +
            (r.skippedBranchDenominations ? `; ${r.skippedBranchDenominations} branch office names skipped` : '') +
            (r.ignoredFiles.length ? `; ignored: ${r.ignoredFiles.join(', ')}` : '') +
            (announced ? `; ${announced} managed enterprise(s) announced as register.changed` : '') +
            effects,
        );
      },
    );

  for (const kind of ['functions', 'employment', 'persons', 'capacities'] as const) {
    group
      .command(kind)
      .description(fileHelp[kind].description)
      .argument('<file>', `CSV file with the header ${registerFileHeaders[kind].join(',')}`)
      .option('-q, --quiet', 'no progress and no summary; errors only')
      .option('--confirm <id>', 'let through an import held for what it would do to rights (the id it printed)')
      .addHelpText(
        'after',
        `
Columns (header row required, any order): ${registerFileHeaders[kind].join(',')}
${fileHelp[kind].details}
Dates are yyyy-mm-dd or dd-mm-yyyy. Every enterprise and person number is checked by its checksum.

One transaction per file: a bad line imports nothing, and the error names the line and the reason.
Each line is an upsert on its key (${keyOf[kind]}):
it adds the row or replaces the one with the same key; rows that are not in the file stay as they
are. Importing a file twice therefore changes nothing, and a later file ends a period by
repeating its line with an EndDate.${kind === 'persons' || kind === 'capacities' ? '' : `\n${RIGHTS_HELP}`}`,
      )
      .action(async (file: string, opts: { quiet?: boolean; confirm?: string }) => {
        const bar = progress(kind, { quiet: opts.quiet });
        let announced = 0;
        let effects = '';
        const r = await withDeps(async (deps) => {
          if (kind === 'persons' || kind === 'capacities')
            return importRegisterFile(deps.db, kind, file, { progress: bar });
          const { result, effects: e } = await runGuarded(
            deps,
            { kind, source: file, command: `btb import ${kind} ${file}`, confirm: opts.confirm },
            (guard) => importRegisterFile(deps.db, kind, file, { progress: bar, guard }),
          );
          effects = describeEffects(e);
          announced = await announceImported(deps, { kind, file });
          return result;
        });
        bar.done(
          `${r.rowsRead} lines read, ${r.rowsWritten} rows written from ${r.file}` +
            (announced ? `; ${announced} managed enterprise(s) announced as register.changed` : '') +
            effects,
        );
      });
  }
}
