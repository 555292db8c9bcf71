/**
 * Trino's gate: Trino itself plans the query (`EXPLAIN (TYPE LOGICAL)`, views expanded) as a
 * subquery, so it must be a query, and it runs only when every table the plan scans is one of the
 * query's own. Refused: other catalogs (`system`: nodes, queries, ...), other schemas
 * (`information_schema`), hidden tables (`orders$properties`), however the name was written.
 * File-based access control refuses the same behind it; its denials are refusals too.
 */
import { QueryRefused } from '../errors';
import { runStatement } from './client';
import { TRINO_CATALOG, TRINO_SCHEMA } from './config';
import { TrinoQueryFailed } from './errors';
import { csvTextTable } from './tables';

interface PlanNode {
  name: string;
  descriptor?: { table?: string };
  children?: PlanNode[];
}

/**
 * Every table a plan scans, as Trino writes it (`hive:metaq:orders`, `system:runtime.nodes`); a
 * scan's descriptor may go on with what it pushed down (`hive:metaq:part constraint on [p_size]`).
 */
export function tablesScanned(node: PlanNode): string[] {
  const own = node.descriptor?.table ? [node.descriptor.table.split(' constraint on ')[0]] : [];
  return [...own, ...(node.children ?? []).flatMap(tablesScanned)];
}

/** The query's tables as the plan names their scans (a CSV table is scanned through its text table). */
export function ownScans(tables: string[]): Set<string> {
  return new Set(
    tables
      .flatMap((name) => [name, csvTextTable(name)])
      .map((name) => `${TRINO_CATALOG}:${TRINO_SCHEMA}:${name.toLowerCase()}`),
  );
}

export async function checkQuery(base: string, tables: string[], sql: string): Promise<void> {
  const query = sql.trim().replace(/;+\s*$/, '');
  const refused = (what: string) =>
    new QueryRefused(
      `trino reads only the query's tables (${tables.join(', ') || 'none'}); it refuses ${what}`,
    );
  let plan: PlanNode;
  try {
    const explained = await runStatement(
      base,
      `EXPLAIN (TYPE LOGICAL, FORMAT JSON) SELECT * FROM (\n${query}\n)`,
    );
    plan = JSON.parse(String(explained.rows[0]?.[0] ?? '{}')) as PlanNode;
  } catch (error) {
    if (error instanceof TrinoQueryFailed && error.errorName === 'PERMISSION_DENIED')
      throw refused(error.message);
    throw error;
  }
  const own = ownScans(tables);
  const other = tablesScanned(plan).find((table) => !own.has(table.toLowerCase()));
  if (other) throw refused(other.replaceAll(':', '.'));
}
