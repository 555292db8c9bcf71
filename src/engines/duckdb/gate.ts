/**
 * DuckDB's gate: DuckDB's own parser (`json_serialize_sql`) says what the query reads, and the
 * query runs only when that is one SELECT over the plan's tables (and its own CTEs). Refused:
 * other statements, schemas and catalogs (`information_schema`, `pg_catalog`, other databases),
 * DuckDB's system views and table functions (`duckdb_secrets()`, `duckdb_settings()`, `query()`,
 * which runs SQL from a string, `read_text()`), and `current_setting()`. Anything the parse tree
 * holds that this file does not know is refused too: a new DuckDB feature must be let in here.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryRefused } from '../errors';

/** Table functions that read nothing but their arguments. */
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest', 'json_each', 'json_tree']);
const REFUSED_FUNCTIONS = new Set(['current_setting', 'getvariable']);
/** What FROM may hold (and the query nodes, which share the table references' shape). */
const READERS = new Set([
  'BASE_TABLE',
  'TABLE_FUNCTION',
  'SUBQUERY',
  'JOIN',
  'EXPRESSION_LIST',
  'EMPTY',
  'PIVOT',
  'SELECT_NODE',
  'SET_OPERATION_NODE',
  'RECURSIVE_CTE_NODE',
  'CTE_NODE',
]);

type Node = Record<string, unknown>;

/** The lower-case names of every table and view DuckDB knows, its own included: CTEs must not shadow them. */
export async function catalogNames(connection: DuckDBConnection): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(
    'SELECT lower(table_name) FROM duckdb_tables() UNION SELECT lower(view_name) FROM duckdb_views()',
  );
  return new Set(reader.getRowsJS().map(([name]) => String(name)));
}

/** Throws `QueryRefused` unless `sql` is one query that reads only `tables`. */
export async function checkQuery(
  connection: DuckDBConnection,
  sql: string,
  tables: string[],
  known: Set<string>,
): Promise<void> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql('${sql.replaceAll("'", "''")}')`);
  const parsed = JSON.parse(String(reader.getRowsJS()[0][0])) as Node;
  if (parsed.error) {
    if (parsed.error_type === 'not implemented')
      throw new QueryRefused(
        'duckdb runs one query (SELECT ...) per execution, and this is another statement',
      );
    throw new Error(String(parsed.error_message));
  }
  const statements = parsed.statements as Node[];
  if (statements.length !== 1)
    throw new QueryRefused(`duckdb runs one query per execution; this holds ${statements.length} statements`);
  const readable = new Set(tables.map((name) => name.toLowerCase()));
  for (const name of cteNames(statements[0])) if (!known.has(name)) readable.add(name);
  const refused = (what: string) =>
    new QueryRefused(
      `duckdb reads only the query's tables (${tables.join(', ') || 'none'}); it refuses ${what}`,
    );
  visit(statements[0], (node) => check(node, readable, refused));
}

function cteNames(statement: Node): string[] {
  const names: string[] = [];
  visit(statement, (node) => {
    const map = (node.cte_map as { map?: { key: string }[] } | undefined)?.map ?? [];
    for (const entry of map) names.push(entry.key.toLowerCase());
  });
  return names;
}

function visit(node: unknown, check: (node: Node) => void): void {
  if (Array.isArray(node)) for (const item of node) visit(item, check);
  else if (node && typeof node === 'object') {
    check(node as Node);
    for (const value of Object.values(node)) visit(value, check);
  }
}

function check(node: Node, readable: Set<string>, refused: (what: string) => QueryRefused): void {
  const isReader = typeof node.type === 'string' && 'sample' in node && !('class' in node);
  if (isReader && !READERS.has(node.type as string)) throw refused(`a ${node.type} in FROM`);
  if (node.type === 'BASE_TABLE') checkTable(node, readable, refused);
  if (node.type === 'TABLE_FUNCTION') {
    const name = String((node.function as Node).function_name).toLowerCase();
    if (!TABLE_FUNCTIONS.has(name))
      throw refused(`the table function ${name}() (allowed: ${[...TABLE_FUNCTIONS].join(', ')})`);
  }
  if (node.class === 'FUNCTION' && REFUSED_FUNCTIONS.has(String(node.function_name).toLowerCase()))
    throw new QueryRefused(
      `duckdb refuses ${node.function_name}(): the query may not read DuckDB's settings`,
    );
}

/**
 * A name with a schema or catalog is refused; a bare name must be one of the plan's tables or a
 * CTE name that no table or view of DuckDB's has (so that, whatever scope DuckDB resolves it in,
 * it cannot reach a system view). File names (`FROM 'x.parquet'`) are neither.
 */
function checkTable(node: Node, readable: Set<string>, refused: (what: string) => QueryRefused): void {
  const name = String(node.table_name).toLowerCase();
  const prefix = [node.catalog_name, node.schema_name].filter(Boolean).join('.');
  if (prefix || !readable.has(name)) throw refused(prefix ? `${prefix}.${name}` : name);
}
