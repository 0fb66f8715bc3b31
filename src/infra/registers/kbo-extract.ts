/**
 * The layout of a KBO open data extract (Cookbook KBO Open Data): the files the import reads, the
 * header each must have, and the table and columns each fills. Listing the directory and reading
 * meta.csv, which says whether the extract is full or an update.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { invalidFile, RowError, readCsv } from './csv-reader.ts';

export type TableName = 'code' | 'enterprise' | 'denomination' | 'establishment';

const META = ['Variable', 'Value'] as const;
export const HEADERS = {
  code: ['Category', 'Code', 'Language', 'Description'],
  enterprise: [
    'EnterpriseNumber',
    'Status',
    'JuridicalSituation',
    'TypeOfEnterprise',
    'JuridicalForm',
    'JuridicalFormCAC',
    'StartDate',
  ],
  denomination: ['EntityNumber', 'Language', 'TypeOfDenomination', 'Denomination'],
  establishment: ['EstablishmentNumber', 'StartDate', 'EnterpriseNumber'],
} as const;
export const DELETE_HEADERS = {
  code: ['Category', 'Code'],
  enterprise: ['EnterpriseNumber'],
  denomination: ['EntityNumber'],
  establishment: ['EstablishmentNumber'],
} as const;
export const COLUMNS = {
  code: ['category', 'code', 'language', 'description'],
  enterprise: [
    'number',
    'status',
    'juridical_situation',
    'type_of_enterprise',
    'juridical_form',
    'juridical_form_cac',
    'start_date',
    'updated_at',
  ],
  denomination: ['entity_number', 'language', 'type', 'denomination'],
  establishment: ['number', 'enterprise_number', 'start_date'],
} as const;
/** the column an entity's rows are deleted by, in update extracts */
export const ENTITY_COLUMN = { enterprise: 'number', denomination: 'entity_number', establishment: 'number' } as const;
export const SQL_TABLE: Record<TableName, string> = {
  code: 'kbo_code',
  enterprise: 'enterprise',
  denomination: 'denomination',
  establishment: 'establishment',
};
export const READ: TableName[] = ['code', 'enterprise', 'denomination', 'establishment'];

/** Lower-case file name → the name on disk (the KBO is not consistent: contact_insert.Csv). */
export function listExtract(dir: string): Map<string, string> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw invalidFile(dir, 'no such directory');
  }
  if (!st.isDirectory()) {
    throw invalidFile(
      dir,
      dir.toLowerCase().endsWith('.zip') ? 'unzip the extract first and give its directory' : 'not a directory',
    );
  }
  return new Map(readdirSync(dir).map((f) => [f.toLowerCase(), f]));
}

export async function readMeta(dir: string, files: Map<string, string>): Promise<Map<string, string>> {
  const name = files.get('meta.csv');
  if (!name) throw invalidFile('meta.csv', 'missing: every KBO extract has one');
  const meta = new Map<string, string>();
  await readCsv({ path: join(dir, name), name }, META, ([k = '', v = '']) => {
    if (k === '') throw new RowError('Variable: required');
    meta.set(k, v);
  });
  return meta;
}
