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
}

export function referencedTables(sql: string, known: string[]): TableReferences {
  try {
    const ast = parser.astify(sql, { database: 'PostgresQL' });
    const ctes = cteNames(ast);
    const names = parser
      .tableList(sql, { database: 'PostgresQL' })
      .map((entry) => entry.split('::')[2].toLowerCase())
      .filter((name) => !ctes.has(name));
    return { names: [...new Set(names)], exact: true };
  } catch {
    const words = new Set(
      withoutStrings(sql)
        .toLowerCase()
        .match(/[a-z_][a-z0-9_]*/g) ?? [],
    );
    return { names: known.map((name) => name.toLowerCase()).filter((name) => words.has(name)), exact: false };
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
