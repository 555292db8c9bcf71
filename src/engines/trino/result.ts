/**
 * The result of one query on Trino, written by Trino itself: CTAS into the output folder, in the
 * requested format, in the query's order (see order.ts). An ordered result as long as the LIMIT
 * that keeps its order could have been cut, so it is refused rather than returned short.
 */
import { listFiles } from '../../aws/list-files';
import type { Format, Plan } from '../../plan/types';
import { QueryRefused } from '../errors';
import { decimalValue } from '../preview-values';
import type { Column, QueryOutcome, QueryTask } from '../types';
import { runStatement, type TrinoAnswer, whenScheduled } from './client';
import { checkQuery } from './gate';
import { inOneStream, ORDERED_LIMIT, orderedText, orderOf, writesInOrder } from './order';
import { trinoTraits } from './traits';

export const RESULT_TABLE = '__metaq_result';

const formats: Record<Format, string> = { parquet: 'PARQUET', json: 'JSON', csv: 'CSV' };
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The plan's `trino.*` settings as session properties, without their prefix. */
export function userSession(config: Plan['config']): Record<string, string | number | boolean> {
  const { prefix } = trinoTraits.config;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

export async function runQuery(
  base: string,
  plan: Pick<Plan, 'tables' | 'config'>,
  task: QueryTask,
): Promise<QueryOutcome> {
  await checkQuery(base, Object.keys(plan.tables), task.sql);
  const query = task.sql.trim().replace(/;+\s*$/, '');
  const explained = await runStatement(base, `EXPLAIN (TYPE LOGICAL, FORMAT JSON) ${query}`);
  const order = orderOf(JSON.parse(String(explained.rows[0]?.[0])));
  const session = {
    ...userSession(plan.config),
    // Text results as text; Parquet keeps Trino's compression.
    ...(task.output.format !== 'parquet' && { 'hive.compression_codec': 'NONE' }),
    ...(order !== 'none' && inOneStream.write),
  };
  const { select, columns } = await asTable(base, orderedText(query, order), task.output.format);
  const properties = [
    `external_location = '${task.output.location.replaceAll("'", "''")}'`,
    `format = '${formats[task.output.format]}'`,
    ...(task.output.format === 'csv' ? ['skip_header_line_count = 1'] : []),
  ];
  // A warm engine (the bench's) runs one query after another: the last result's table is forgotten
  // (an external table: its files stay where they were written).
  await runStatement(base, `DROP TABLE IF EXISTS ${RESULT_TABLE}`);
  const created = `CREATE TABLE ${RESULT_TABLE} WITH (${properties.join(', ')}) AS ${select}`;
  if (order !== 'none') {
    const planned = await runStatement(base, `EXPLAIN (TYPE DISTRIBUTED) ${created}`, { session });
    if (!writesInOrder(String(planned.rows[0]?.[0])))
      throw new QueryRefused(
        'trino would write this ordered result out of order; remove the ORDER BY or use another engine',
      );
  }
  const nothingWritten = async () => (await listFiles(task.output.location)).length === 0;
  const written = await whenScheduled(() => runStatement(base, created, { session }), nothingWritten);
  const rows = Number(written.rows[0]?.[0] ?? 0);
  if (order === 'sorted' && rows >= ORDERED_LIMIT)
    throw new QueryRefused(
      `trino keeps at most ${ORDERED_LIMIT} ordered rows, and this result has as many: it may have been cut`,
    );
  const preview = await whenScheduled(
    () =>
      runStatement(base, `SELECT * FROM ${RESULT_TABLE} LIMIT ${task.previewRows}`, {
        session: order === 'none' ? {} : inOneStream.read,
      }),
    async () => true,
  );
  return {
    rows,
    columns: preview.columns,
    preview: previewRows(preview, columns),
    files: await listFiles(task.output.location),
  };
}

/**
 * The query as a table's rows: every column named (a table has no unnamed or twice-named column;
 * Trino calls an unnamed one _col5, as its answer does), and for Hive's CSV every column text.
 */
async function asTable(
  base: string,
  query: string,
  format: Format,
): Promise<{ select: string; columns: Column[] }> {
  const shape = await runStatement(base, `SELECT * FROM (\n${query}\n) WHERE false`);
  const select = (text: string) => ({ select: text, columns: shape.columns });
  const seen = new Map<string, number>();
  const names = shape.columns.map(({ name }) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
  const renamed = names.some((name, i) => name !== shape.columns[i].name || /^_col\d+$/.test(name));
  if (format !== 'csv' && !renamed) return select(query);
  const columns = shape.columns.map(({ type }, i) => {
    const column = `c${i}`;
    // A double cast to varchar is written 1.5E0; format() writes 1.5.
    const text =
      type === 'double' || type === 'real' ? `format('%s', ${column})` : `CAST(${column} AS varchar)`;
    return `${format === 'csv' ? text : column} AS ${ident(names[i])}`;
  });
  const aliases = shape.columns.map((_, i) => `c${i}`).join(', ');
  return select(`SELECT ${columns.join(', ')} FROM (\n${query}\n) AS q(${aliases})`);
}

/** The preview read back from the result table, each value as the query's own column type gives it. */
function previewRows({ columns, rows }: TrinoAnswer, types: Column[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(
      columns.map((column, i) => [column.name, previewValue(row[i], types[i]?.type ?? column.type)]),
    ),
  );
}

/**
 * Trino answers a DECIMAL as its text ('15.490'), and a CSV result's table has every column as
 * text ('true', '1', '' for NULL): the preview gives each value as its type means it (README, "The
 * execution output"). Text stays text; so does a number a double cannot hold.
 */
function previewValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || /^(var)?char/.test(type)) return value;
  if (value === '') return null;
  if (type.startsWith('decimal')) return decimalValue(value);
  if (type === 'boolean') return value === 'true';
  const number = Number(value);
  if (/^(tinyint|smallint|integer|bigint)$/.test(type)) return Number.isSafeInteger(number) ? number : value;
  if (type === 'double' || type === 'real') return Number.isFinite(number) ? number : value;
  return value;
}
