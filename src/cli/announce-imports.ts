import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import type { Deps } from '../app/deps.ts';
import { announceRegisterChanges } from '../app/list-ineligible-appointments.ts';
import { parseEnterpriseNumber } from '../domain/identifiers.ts';
import { ownValue } from '../domain/own.ts';

/** The enterprise numbers in one column of a CSV file (the file was validated by the import). */
async function enterprisesIn(path: string, column: string): Promise<Set<string>> {
  const out = new Set<string>();
  let index = -1;
  for await (const row of createReadStream(path).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true }),
  ) as AsyncIterable<string[]>) {
    if (index < 0) {
      index = row.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
      if (index < 0) return out;
      continue;
    }
    const parsed = parseEnterpriseNumber(row[index] ?? '');
    if (parsed.ok) out.add(parsed.value);
  }
  return out;
}

/** Files of a KBO extract that name the enterprises it changes. */
function kboFiles(dir: string): { path: string; column: string }[] {
  const wanted: Record<string, string> = {
    'enterprise.csv': 'EnterpriseNumber',
    'enterprise_insert.csv': 'EnterpriseNumber',
    'enterprise_delete.csv': 'EnterpriseNumber',
  };
  return readdirSync(dir)
    .filter((f) => ownValue(wanted, f.toLowerCase()) !== undefined)
    .map((f) => ({ path: join(dir, f), column: ownValue(wanted, f.toLowerCase())! }));
}

/**
 * After a register import, tells subscribed systems of every enterprise the import touched that
 * has access managers (the only ones whose answers can turn): a 'register.changed' event with its
 * status and the appointments the registers no longer back (issue 8).
 */
export async function announceImported(
  deps: Deps,
  source: { kind: 'kbo'; dir: string } | { kind: 'functions' | 'employment'; file: string },
): Promise<number> {
  const files =
    source.kind === 'kbo'
      ? existsSync(source.dir)
        ? kboFiles(source.dir)
        : []
      : [{ path: source.file, column: 'EntityNumber' }];
  const managed = new Set(
    (
      await deps.db.db
        .selectFrom('appointment')
        .select('enterprise_number')
        .distinct()
        .where('ended_at', 'is', null)
        .execute()
    ).map((r) => r.enterprise_number),
  );
  if (managed.size === 0) return 0;
  const touched = new Set<string>();
  for (const f of files) {
    for (const en of await enterprisesIn(f.path, f.column)) if (managed.has(en)) touched.add(en);
  }
  return announceRegisterChanges(deps, touched);
}
