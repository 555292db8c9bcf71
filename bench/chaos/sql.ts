/**
 * The queries of the campaign, in SQL every registered engine reads (a join of VALUES: no table,
 * no engine-specific function): one with a known answer that keeps the engine busy for a moment, one
 * too slow for any time limit, and some that no engine can run.
 */

/** `SELECT count(*)` over a chain of self-joins of `rows` equal keys: rows^joins result rows. */
function joinedValues(rows: number, joins: number): string {
  const values = `(VALUES ${Array.from({ length: rows }, () => '(1)').join(', ')})`;
  const names = Array.from({ length: joins }, (_, index) => String.fromCharCode(97 + index));
  const from = names
    .map((name, index) =>
      index === 0
        ? `${values} AS ${name}(k)`
        : `JOIN ${values} AS ${name}(k) ON ${names[index - 1]}.k = ${name}.k`,
    )
    .join(' ');
  return `SELECT count(*) AS n FROM ${from}`;
}

/** 100³ = a million joined rows: milliseconds on DuckDB, a few seconds on a fresh JVM engine. */
export const checkQuery = { sql: joinedValues(100, 3), answer: 1_000_000 };

/** 300⁴ ≈ 8·10⁹ joined rows: DuckDB needs about a minute, the JVM engines longer. */
export const slowQuery = joinedValues(300, 4);

/** Each wrong in its own way: a column, a keyword, an expression, a table. */
export const badQueries = [
  'SELECT no_such_column FROM (VALUES (1)) AS t(a)',
  'SELEC 1 AS one',
  'SELECT 1 + AS broken',
  'SELECT * FROM no_such_table_anywhere',
] as const;
