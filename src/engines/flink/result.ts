/**
 * The result of one query on Flink, written by Flink itself: INSERT into a filesystem table over
 * the output folder, in the requested format. An ordered query is written by one writer fed
 * straight from the sort (checked on Flink's execution plan, refused otherwise: never a result out
 * of order). Then the rows are counted and previewed from the written files, and the files are
 * given metaq's names (files.ts).
 */
import type { Format, Plan } from '../../plan/types';
import { QueryRefused } from '../errors';
import { timestampText } from '../preview-values';
import type { Column, QueryOutcome, QueryTask } from '../types';
import { nameResultFiles } from './files';
import { checkQuery, writesInOrder } from './gate';
import type { FlinkSession } from './gateway';
import { ident, withClause } from './tables';

export const RESULT_TABLE = '__metaq_result';
export const QUERY_VIEW = '__metaq_query';

/** The writer's options per format: JSON numbers as written, one object per line. */
const formatOptions: Record<Format, Record<string, string>> = {
  parquet: {},
  csv: {},
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

export function resultTable(columns: Column[], task: QueryTask, ordered: boolean): string {
  const list = columns.map((column) => `${ident(column.name)} ${column.type}`).join(', ');
  const options = { ...formatOptions[task.output.format], ...(ordered && { 'sink.parallelism': '1' }) };
  return `CREATE TEMPORARY TABLE ${RESULT_TABLE} (${list}) WITH (${withClause(task.output.location, task.output.format, options)})`;
}

export async function runQuery(
  session: FlinkSession,
  plan: Pick<Plan, 'tables'>,
  task: QueryTask,
): Promise<QueryOutcome> {
  const query = task.sql.trim().replace(/;+\s*$/, '');
  const ordered = await checkQuery(session, Object.keys(plan.tables), query);
  // A warm engine (the bench's) runs one query after another in one session.
  await session.run(`DROP TEMPORARY VIEW IF EXISTS ${QUERY_VIEW}`);
  await session.run(`DROP TEMPORARY TABLE IF EXISTS ${RESULT_TABLE}`);
  await session.run(`CREATE TEMPORARY VIEW ${QUERY_VIEW} AS\n${query}`);
  const columns = resultColumns((await session.run(`DESCRIBE ${QUERY_VIEW}`)).rows);
  await session.run(resultTable(columns, task, ordered));
  const insert = `INSERT INTO ${RESULT_TABLE}\n${query}`;
  if (ordered) {
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

/** A TIMESTAMP as every engine's preview gives it (preview-values.ts); other values as Flink answers. */
function previewValue(value: unknown, column: Column): unknown {
  if (typeof value === 'string' && /^TIMESTAMP(\(\d+\))?$/i.test(column.type)) return timestampText(value);
  return value ?? null;
}
