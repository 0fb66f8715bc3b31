/**
 * The registers btb copies (the KBO import, legal functions, employment, capacities) and the runs that imported
 * them.
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */

export interface EnterpriseTable {
  number: string;
  status: string; // KBO Status code: AC active, ST stopped
  juridical_situation: string | null;
  type_of_enterprise: string | null;
  juridical_form: string | null;
  juridical_form_cac: string | null;
  start_date: string | null;
  updated_at: string;
}

export interface DenominationTable {
  entity_number: string;
  language: string; // KBO: 0 unknown, 1 fr, 2 nl, 3 de, 4 en
  type: string; // KBO: 001 name, 002 abbreviation, 003 commercial name, 004 branch name
  denomination: string;
}

export interface EstablishmentTable {
  number: string;
  enterprise_number: string;
  start_date: string | null;
}

export interface KboCodeTable {
  category: string;
  code: string;
  language: string;
  description: string;
}

export interface KboMetaTable {
  variable: string;
  value: string;
}

export interface PersonTable {
  number: string;
  family_name: string;
  given_name: string;
  language: string;
  email: string | null;
}

export interface LegalFunctionTable {
  enterprise_number: string;
  person_number: string;
  function_code: string;
  start_date: string;
  end_date: string | null;
}

export interface EmploymentTable {
  enterprise_number: string;
  person_number: string;
  start_date: string;
  end_date: string | null;
}

/** issue 19, section 4: a capacity held in a domain (register import, `btb import capacities`) */
export interface EnterpriseCapacityTable {
  enterprise_number: string;
  domain: string;
  capacity: string;
  start_date: string;
  end_date: string | null;
}

export interface ImportRunTable {
  id: string;
  kind: string;
  source: string;
  started_at: string;
  finished_at: string | null;
  rows_read: number;
  rows_written: number;
  details: string | null;
}

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface RegisterTables {
  enterprise: EnterpriseTable;
  denomination: DenominationTable;
  establishment: EstablishmentTable;
  kbo_code: KboCodeTable;
  kbo_meta: KboMetaTable;
  person: PersonTable;
  legal_function: LegalFunctionTable;
  enterprise_capacity: EnterpriseCapacityTable;
  employment: EmploymentTable;
  import_run: ImportRunTable;
}
