/**
 * Trino's gate: Trino itself plans the query (`EXPLAIN (TYPE IO)`, views expanded) as a subquery,
 * so it must be a query, and it runs only when every table the plan reads is one of the query's
 * own. Refused: other catalogs (`system`: nodes, queries, ...), other schemas
 * (`information_schema`), hidden tables (`lineitem$partitions`), whatever the name was written
 * as. File-based access control refuses the same behind it.
 */
import { QueryRefused } from '../errors';
import { runStatement } from './client';
import { TRINO_CATALOG, TRINO_SCHEMA } from './config';
import { csvTextTable } from './tables';

interface IoPlan {
  inputTableColumnInfos?: { table: { catalog: string; schemaTable: { schema: string; table: string } } }[];
}

/** The tables `sql` reads, as Trino names them (`catalog.schema.table`). */
export function tablesRead(plan: IoPlan): string[] {
  return (plan.inputTableColumnInfos ?? []).map(
    ({ table }) => `${table.catalog}.${table.schemaTable.schema}.${table.schemaTable.table}`,
  );
}

export async function checkQuery(base: string, tables: string[], sql: string): Promise<void> {
  const query = sql.trim().replace(/;+\s*$/, '');
  const explained = await runStatement(base, `EXPLAIN (TYPE IO, FORMAT JSON) SELECT * FROM (\n${query}\n)`);
  const plan = JSON.parse(String(explained.rows[0]?.[0] ?? '{}')) as IoPlan;
  const own = new Set(
    tables
      .flatMap((name) => [name, csvTextTable(name)])
      .map((name) => `${TRINO_CATALOG}.${TRINO_SCHEMA}.${name.toLowerCase()}`),
  );
  const other = tablesRead(plan).find((table) => !own.has(table.toLowerCase()));
  if (other)
    throw new QueryRefused(
      `trino reads only the query's tables (${tables.join(', ') || 'none'}); it refuses ${other}`,
    );
}
