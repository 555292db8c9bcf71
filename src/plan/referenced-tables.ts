/**
 * Which tables a query reads. A SQL parser gives the exact list when it understands the dialect;
 * engine-specific syntax it does not know (DuckDB's GROUP BY ALL, say) falls back to matching the
 * names we know against the query's words, and then unknown names are left to the engine to report.
 */
// Only the PostgreSQL grammar: the full build loads every dialect.
import { Parser } from 'node-sql-parser/build/postgresql';

const parser = new Parser();

export interface TableReferences {
  /** Tables named in FROM/JOIN, lower-cased; CTE names removed. */
  names: string[];
  /** False when the parser could not read the query and `names` comes from word matching. */
  exact: boolean;
  /** Names given with a schema or catalog (`sys.options`), as written; only when `exact`. */
  qualified: string[];
  /** The kind of each statement (`select`, `insert`, `drop`, ...); only when `exact`. */
  kinds: string[];
}

export function referencedTables(sql: string, known: string[]): TableReferences {
  try {
    const ast = parser.astify(sql, { database: 'PostgresQL' });
    const ctes = cteNames(ast);
    const entries = parser.tableList(sql, { database: 'PostgresQL' }).map((entry) => entry.split('::'));
    const names = entries.map(([, , name]) => name.toLowerCase()).filter((name) => !ctes.has(name));
    const qualified = entries
      .filter(([, schema]) => schema !== 'null')
      .map(([, schema, name]) => `${schema}.${name}`);
    const kinds = (Array.isArray(ast) ? ast : [ast]).map((statement) => String(statement.type));
    return { names: [...new Set(names)], exact: true, qualified, kinds };
  } catch {
    const words = new Set(
      withoutStrings(sql)
        .toLowerCase()
        .match(/[a-z_][a-z0-9_]*/g) ?? [],
    );
    const names = known.map((name) => name.toLowerCase()).filter((name) => words.has(name));
    return { names, exact: false, qualified: [], kinds: [] };
  }
}

function cteNames(ast: unknown): Set<string> {
  const names = new Set<string>();
  for (const statement of Array.isArray(ast) ? ast : [ast]) {
    const withClause = (statement as { with?: { name?: { value?: string } }[] | null }).with ?? [];
    for (const cte of withClause) if (cte.name?.value) names.add(cte.name.value.toLowerCase());
  }
  return names;
}

function withoutStrings(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''");
}
