/**
 * The result of one query on Drill: CTAS into the output folder, the files it wrote (Drill names
 * them `<major>_<minor>_<n>.<ext>`, so they are listed, not guessed), and a preview read back.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients';
import { listFiles } from '../../aws/list-files';
import type { Format, Plan, TableRef } from '../../plan/types';
import type { QueryOutcome, QueryTask } from '../types';
import { CSV_SAMPLE_ROWS, type CsvColumnType, csvColumnTypes, csvType } from './csv-types';
import { DrillQueryFailed } from './errors';
import { checkQuery } from './gate';
import { createResult, outputTarget, resultTable, tableSource, tableView, VIEWS_SCHEMA } from './plugins';
import { runStatement } from './rest';
import { drillTraits } from './traits';
import { csvPreviewValue, previewValue } from './values';

type PlanTables = Pick<Plan, 'tables' | 'output' | 'config'>;

/** Per-query session options: the plan's `drill.*` settings without their prefix, then the writer's. */
export function queryOptions(format: Format, config: Plan['config']): Record<string, string> {
  const prefix = drillTraits.config.prefix;
  return {
    ...Object.fromEntries(
      Object.entries(config)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), String(value)]),
    ),
    'store.format': format,
    // One JSON object per line, as every other engine writes JSON.
    'store.json.writer.uglify': 'true',
  };
}

export async function runQuery(base: string, plan: PlanTables, task: QueryTask): Promise<QueryOutcome> {
  // Its output workspace was set up at start, for the plan's output folder.
  if (task.output.location !== plan.output.location)
    throw new DrillQueryFailed(
      `drill was started to write ${plan.output.location}, not ${task.output.location}: run the query again`,
    );
  // Marked again: S3A removes a folder's marker once a file is written below it, and a warm
  // Drill's folder may have been emptied since.
  await markWorkspace(plan.output.location);
  await createViews(base, plan);
  await checkQuery(base, plan, task.sql);
  const written = await runStatement(
    base,
    createResult(plan, task.sql),
    queryOptions(task.output.format, plan.config),
    VIEWS_SCHEMA,
  );
  const rows = (written.rows ?? []).reduce(
    (sum, row) => sum + Number(row['Number of records written'] ?? 0),
    0,
  );
  return { rows, ...(await readPreview(base, plan, task)), files: await listFiles(task.output.location) };
}

/**
 * The result's columns and first rows, read back from the table just written. One fragment reads
 * it, so the preview keeps the order the query asked for. A CSV result reads back as text: its
 * values are typed by the query's own column types (csvPreviewValue), as a Parquet result's are.
 */
async function readPreview(base: string, plan: PlanTables, task: QueryTask) {
  const read = await runStatement(base, `SELECT * FROM ${resultTable(plan)} LIMIT ${task.previewRows}`, {
    'planner.width.max_per_query': '1',
  });
  const csv = task.output.format === 'csv';
  const answer = csv ? await resultTypes(base, plan, task.sql) : read;
  const names = answer.columns ?? [];
  const types = new Map(names.map((name, i) => [name, answer.metadata?.[i]]));
  const value = csv ? csvPreviewValue : previewValue;
  return {
    columns: names.map((name) => ({ name, type: types.get(name) ?? 'ANY' })),
    preview: (read.rows ?? []).map((row) =>
      Object.fromEntries(
        (read.columns ?? []).map((name) => [name, value(row[name], types.get(name)) ?? null]),
      ),
    ),
  };
}

/**
 * The query's column names and types, without running it again: Drill answers `LIMIT 0` from its
 * plan where it knows every column's type (a CSV table's view casts them all: Drill then scans
 * nothing). Parquet's and JSON's types it learns only from the files: then it puts the LIMIT 0 on
 * each scan, which stops after its first batch (a Parquet scan's made one row here, 32,767 by
 * default), and no row reaches the joins or aggregates above.
 */
async function resultTypes(base: string, plan: PlanTables, sql: string) {
  // On lines of its own: a `--` comment that ends the query must not swallow the `)`.
  const query = sql.trim().replace(/;+\s*$/, '');
  return runStatement(
    base,
    `SELECT * FROM (\n${query}\n) LIMIT 0`,
    { ...queryOptions('csv', plan.config), 'store.parquet.flat.batch.num_records': '1' },
    VIEWS_SCHEMA,
  ).catch((error: unknown) => {
    throw new DrillQueryFailed(
      `drill wrote the CSV result but did not give its column types: ${(error as Error).message}`,
      { cause: error },
    );
  });
}

/** One view per table of the plan, in the `metaq` schema (also used by the benchmark's warm Drill). */
export async function createViews(base: string, plan: Pick<Plan, 'tables' | 'output'>): Promise<void> {
  for (const [name, table] of Object.entries(plan.tables)) {
    const source = tableSource(plan, name);
    const { columns, types } = table.columns
      ? { columns: table.columns.map((column) => column.name), types: csvTypesOf(table) }
      : await sampleColumns(base, source, table.format === 'csv');
    await runStatement(base, tableView(name, source, columns, types), {}, VIEWS_SCHEMA);
  }
}

/** The catalog's columns (DuckDB's types) as the casts of a CSV view; none for other formats. */
function csvTypesOf(table: TableRef): Record<string, CsvColumnType> {
  if (table.format !== 'csv') return {};
  return Object.fromEntries((table.columns ?? []).map((column) => [column.name, csvType(column.type)]));
}

/** A table without known columns: Drill's answer gives their names, a CSV sample their types. */
async function sampleColumns(base: string, source: string, csv: boolean) {
  const sample = await runStatement(base, `SELECT * FROM ${source} LIMIT ${csv ? CSV_SAMPLE_ROWS : 0}`, {});
  const columns = sample.columns ?? [];
  return { columns, types: csv ? csvColumnTypes(columns, sample.rows ?? []) : {} };
}

/**
 * Drill registers a workspace only when its prefix holds an object, and looks when a drillbit
 * starts: a zero-byte folder marker, put before (the first result in a bucket has none yet).
 */
export async function markWorkspace(location: string): Promise<void> {
  const target = outputTarget(location);
  await s3().send(
    new PutObjectCommand({ Bucket: target.bucket, Key: `${target.workspace.slice(1)}/`, Body: '' }),
  );
}
