/**
 * Kysely's PostgreSQL introspector reads every schema of the database, and for each column calls
 * `pg_get_serial_sequence(schema.table, column)`. That call fails ("relation … does not exist",
 * "schema … does not exist") when another session drops a table or schema between the catalogue
 * scan and the call. The migrator asks the introspector whether its bookkeeping tables exist on
 * every run, so one btb migrating while another btb in the same database drops a schema (test
 * schemas in parallel, a staging schema removed) failed its migration. CI saw exactly that.
 *
 * This introspector answers the same questions about the current schema only, from plain catalogue
 * columns (no function that opens another relation), so nothing outside the schema can disturb it.
 */
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  PostgresDialect,
  sql,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  table: string;
  is_view: boolean;
  column: string | null;
  type: string | null;
  not_null: boolean | null;
  has_default: boolean | null;
  identity: string | null;
  schema: string;
}

class OwnSchemaIntrospector implements DatabaseIntrospector {
  private readonly db: Kysely<unknown>;
  constructor(db: Kysely<unknown>) {
    this.db = db;
  }

  async getSchemas() {
    const r = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return r.rows.filter((s) => s.name !== null);
  }

  async getTables(options = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const r = await sql<ColumnRow>`
      select c.relname as "table", c.relkind = 'v' as is_view, a.attname as "column",
             t.typname as type, a.attnotnull as not_null, a.atthasdef as has_default,
             a.attidentity as identity, ns.nspname as schema
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
        left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        left join pg_catalog.pg_type t on t.oid = a.atttypid
       where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
       order by c.relname, a.attnum`.execute(this.db);
    const tables = new Map<
      string,
      { name: string; isView: boolean; schema: string; columns: TableMetadata['columns'][number][] }
    >();
    for (const row of r.rows) {
      if (!options.withInternalKyselyTables && row.table.startsWith('kysely_')) continue;
      let table = tables.get(row.table);
      if (!table) {
        table = { name: row.table, isView: row.is_view, schema: row.schema, columns: [] };
        tables.set(row.table, table);
      }
      if (row.column === null) continue;
      table.columns.push({
        name: row.column,
        dataType: row.type ?? '',
        isNullable: !row.not_null,
        hasDefaultValue: Boolean(row.has_default),
        // identity columns (the only kind btb's migrations create); serial is not used
        isAutoIncrementing: row.identity === 'a' || row.identity === 'd',
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: { withInternalKyselyTables: boolean }): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** PostgresDialect whose introspection (and so the migrator's) stays inside the current schema. */
export class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}
