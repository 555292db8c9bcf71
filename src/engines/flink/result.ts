/**
 * The result of one query on Flink, written by Flink itself: INSERT into a filesystem table over
 * the output folder, in the requested format. An ordered query is written by one writer fed
 * straight from the sort (checked on Flink's execution plan, refused otherwise: never a result out
 * of order). Then the rows are counted and previewed from the written files, and the files are
 * given metaq's names (files.ts).
 *
 * Flink's CSV writer has two faults of its own, both met here: it writes a NULL as an empty field,
 * which its reader then parses as the column's type (a DATE's '' fails with a bare
 * IllegalArgumentException), so the result table reads an empty field as NULL, as DuckDB does; and
 * it strips a DECIMAL's trailing zeros (0.10 is written 0.1, 100.00 as 1E+2), with no option
 * against it, so a DECIMAL is written as its text, which a CAST gives plainly and at its scale.
 */
import type { Format, Plan } from '../../plan/types';
import { QueryRefused } from '../errors';
import { decimalValue, timestampText } from '../preview-values';
import type { Column, QueryOutcome, QueryTask } from '../types';
import { nameResultFiles } from './files';
import { checkQuery, type QueryOrder, type SortKey, writesInOrder } from './gate';
import type { FlinkSession } from './gateway';
import { ident, withClause } from './tables';

export const RESULT_TABLE = '__metaq_result';
export const QUERY_VIEW = '__metaq_query';

/** The writer's options per format: JSON numbers as written, one object per line; CSV's empty field NULL. */
const formatOptions: Record<Format, Record<string, string>> = {
  parquet: {},
  csv: { 'csv.empty-string-as-null': 'true' },
  json: { 'json.encode.decimal-as-plain-number': 'true' },
};

/** The query's columns, as a table's: a name once each (`sum`, `sum_2`), the type without NOT NULL. */
export function resultColumns(described: unknown[][]): Column[] {
  const seen = new Map<string, number>();
  return described.map(([name, type]) => {
    const count = (seen.get(String(name)) ?? 0) + 1;
    seen.set(String(name), count);
    return {
      name: count === 1 ? String(name) : `${name}_${count}`,
      type: String(type).replace(/ NOT NULL$/, ''),
    };
  });
}

/**
 * Which columns the result writes as their text: a CSV result's DECIMALs, when the query's order
 * survives the projection that casts them (it sorts by columns it returns); else none, and Flink
 * writes them its own way (the same values, trailing zeros stripped).
 */
export function textColumns(columns: Column[], format: Format, order: QueryOrder): boolean[] {
  const kept = !order.ordered || (order.keys?.every((key) => key.column < columns.length) ?? false);
  return columns.map((column) => format === 'csv' && kept && /^DECIMAL\b/i.test(column.type));
}

export function resultTable(
  columns: Column[],
  task: QueryTask,
  ordered: boolean,
  asText: boolean[] = [],
): string {
  const list = columns
    .map((column, i) => `${ident(column.name)} ${asText[i] ? 'STRING' : column.type}`)
    .join(', ');
  const options = { ...formatOptions[task.output.format], ...(ordered && { 'sink.parallelism': '1' }) };
  return `CREATE TEMPORARY TABLE ${RESULT_TABLE} (${list}) WITH (${withClause(task.output.location, task.output.format, options)})`;
}

/**
 * The INSERT of the query's rows. Columns written as text are cast in a projection over the query,
 * which sorts again by the query's keys: Flink drops a sort inside a subquery (Calcite's
 * removeSortInSubQuery). Its columns are renamed as the result's (`sum`, `sum_2`), so each is named once.
 */
export function insertResult(
  columns: Column[],
  query: string,
  asText: boolean[],
  keys: SortKey[] = [],
): string {
  if (!asText.some(Boolean)) return `INSERT INTO ${RESULT_TABLE}\n${query}`;
  const rows = '__metaq_rows';
  // Qualified, a name is the query's column (a DECIMAL), never the cast's text.
  const column = (i: number) => `${rows}.${ident(columns[i].name)}`;
  const values = columns.map((_, i) => (asText[i] ? `CAST(${column(i)} AS STRING)` : column(i)));
  const names = columns.map((each) => ident(each.name)).join(', ');
  const orderBy = keys.length
    ? `\nORDER BY ${keys.map((key) => `${column(key.column)} ${key.order}`).join(', ')}`
    : '';
  return `INSERT INTO ${RESULT_TABLE}\nSELECT ${values.join(', ')} FROM (\n${query}\n) AS ${rows}(${names})${orderBy}`;
}

export async function runQuery(
  session: FlinkSession,
  plan: Pick<Plan, 'tables'>,
  task: QueryTask,
): Promise<QueryOutcome> {
  const query = task.sql.trim().replace(/;+\s*$/, '');
  const order = await checkQuery(session, Object.keys(plan.tables), query);
  // A warm engine (the bench's) runs one query after another in one session.
  await session.run(`DROP TEMPORARY VIEW IF EXISTS ${QUERY_VIEW}`);
  await session.run(`DROP TEMPORARY TABLE IF EXISTS ${RESULT_TABLE}`);
  await session.run(`CREATE TEMPORARY VIEW ${QUERY_VIEW} AS\n${query}`);
  const columns = resultColumns((await session.run(`DESCRIBE ${QUERY_VIEW}`)).rows);
  const asText = textColumns(columns, task.output.format, order);
  await session.run(resultTable(columns, task, order.ordered, asText));
  const insert = insertResult(columns, query, asText, order.ordered ? order.keys : []);
  if (order.ordered) {
    const explained = await session.run(`EXPLAIN JSON_EXECUTION_PLAN ${insert}`);
    if (!writesInOrder(String(explained.rows[0]?.[0] ?? '')))
      throw new QueryRefused(
        'flink would write this ordered result out of order; remove the ORDER BY or use another engine',
      );
  }
  await session.run(insert);
  const counted = await session.run(`SELECT count(*) FROM ${RESULT_TABLE}`);
  // One reader of the written file keeps the order the query asked for.
  const preview = await session.run(`SELECT * FROM ${RESULT_TABLE} LIMIT ${task.previewRows}`, {
    'parallelism.default': '1',
  });
  return {
    rows: Number(counted.rows[0]?.[0] ?? 0),
    columns,
    preview: preview.rows.map((row) =>
      Object.fromEntries(columns.map((column, i) => [column.name, previewValue(row[i], column)])),
    ),
    files: await nameResultFiles(task.output.location, task.output.format, columns),
  };
}

/** A TIMESTAMP, and a DECIMAL read as text, as every engine's preview gives them (preview-values.ts); other values as Flink answers. */
function previewValue(value: unknown, column: Column): unknown {
  if (typeof value === 'string' && /^TIMESTAMP(\(\d+\))?$/i.test(column.type)) return timestampText(value);
  if (typeof value === 'string' && /^DECIMAL\b/i.test(column.type)) return decimalValue(value);
  return value ?? null;
}
