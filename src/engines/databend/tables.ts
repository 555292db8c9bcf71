/**
 * The SQL metaq gives Databend around the user's query: a stage per query table (its S3 folder
 * and credentials), the table itself over it, and the stage and COPY that write the result. Plain
 * functions, tested without Databend.
 *
 * A Parquet table is a view over its stage, read when the query runs. CSV and JSON are loaded at
 * start into a table declared with the catalog's columns: Databend reads CSV only by position
 * ($1, $2, …) and JSON only as $1:field, and a view over such a select fails in 1.2.453 ("table
 * `system`.`stage` not exists", tried).
 */
import path from 'node:path/posix';
import { isFolder, parseS3Url } from '../../aws/s3-url';
import type { Format, TableRef } from '../../plan/types';
import type { Column, S3Access } from '../types';

/** The result's database: the query's tables are in `default`, and a query cannot name another. */
export const RESULT_DATABASE = 'metaq_run';
export const RESULT_TABLE = `${RESULT_DATABASE}.result`;
export const OUTPUT_STAGE = 'metaq_out';

export class InvalidDatabendTable extends Error {
  override name = 'InvalidDatabendTable' as const;
}

/** A string literal: Databend reads backslash escapes in quotes. */
export const literal = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
export const ident = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/** DuckDB's type of a column as Databend declares it (always NULL: files may hold NULLs). */
export function databendType(duckdb: string): string {
  const type = duckdb.trim().toUpperCase();
  const simple: Record<string, string> = {
    BOOLEAN: 'BOOLEAN',
    TINYINT: 'TINYINT',
    SMALLINT: 'SMALLINT',
    INTEGER: 'INT',
    BIGINT: 'BIGINT',
    HUGEINT: 'DECIMAL(38, 0)',
    UTINYINT: 'TINYINT UNSIGNED',
    USMALLINT: 'SMALLINT UNSIGNED',
    UINTEGER: 'INT UNSIGNED',
    UBIGINT: 'BIGINT UNSIGNED',
    FLOAT: 'FLOAT',
    DOUBLE: 'DOUBLE',
    VARCHAR: 'VARCHAR',
    BLOB: 'BINARY',
    DATE: 'DATE',
    TIMESTAMP: 'TIMESTAMP',
    'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
  };
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  const declared = simple[type] ?? (decimal && `DECIMAL(${decimal[1]}, ${decimal[2]})`);
  if (!declared) throw new InvalidDatabendTable(`databend has no type for DuckDB's ${duckdb}`);
  return `${declared} NULL`;
}

/** How Databend reaches the bucket: path style and the endpoint on a local S3. */
export function connection(s3: S3Access): string {
  const options: [string, string][] = [
    ['endpoint_url', s3.endpoint?.replace(/\/$/, '') ?? `https://s3.${s3.region}.amazonaws.com`],
    ['region', s3.region],
    ...(s3.accessKeyId
      ? ([
          ['access_key_id', s3.accessKeyId],
          ['secret_access_key', s3.secretAccessKey ?? ''],
        ] as [string, string][])
      : []),
    ...(s3.sessionToken ? ([['session_token', s3.sessionToken]] as [string, string][]) : []),
    ['enable_virtual_host_style', s3.pathStyle ? 'false' : 'true'],
  ];
  return `CONNECTION = (${options.map(([key, value]) => `${key} = ${literal(value)}`).join(', ')})`;
}

export function createStage(stage: string, folder: string, s3: S3Access): string {
  return `CREATE OR REPLACE STAGE ${stage} URL = ${literal(folder)} ${connection(s3)}`;
}

/** Which files of the stage are the table's: all of its format in a folder (as DuckDB globs them), or the one. */
const folderPatterns: Record<Format, string> = {
  parquet: '.*[.]parquet',
  csv: '.*[.]csv.*',
  json: '.*[.]json.*',
};

function where(location: string): { folder: string; file?: string } {
  if (isFolder(location)) return { folder: location };
  const parsed = parseS3Url(location);
  if (!parsed) throw new InvalidDatabendTable(`not an s3:// location: ${location}`);
  const folder = path.dirname(parsed.key);
  return {
    folder: `s3://${parsed.bucket}/${folder === '.' ? '' : `${folder}/`}`,
    file: path.basename(parsed.key),
  };
}

/** The statements that make the query's table `name` (the index names its stage). */
export function declareTable(name: string, table: TableRef, index: number, s3: S3Access): string[] {
  const { folder, file } = where(table.location);
  const stage = `metaq_in_${index}`;
  // Unquoted names are lower-cased by Databend: so is the table's, so that any spelling finds it.
  const target = ident(name.toLowerCase());
  if (table.format === 'parquet') {
    const files = file ? `FILES => (${literal(file)})` : `PATTERN => ${literal(folderPatterns.parquet)}`;
    return [
      createStage(stage, folder, s3),
      `CREATE VIEW ${target} AS SELECT * FROM @${stage} (FILE_FORMAT => 'parquet', ${files})`,
    ];
  }
  const columns = table.columns ?? [];
  if (columns.length === 0)
    throw new InvalidDatabendTable(
      `table ${name} has no known columns: register it again (metaq tables add ${name} ...)`,
    );
  const typed = (column: Column) => {
    try {
      return `${ident(column.name)} ${databendType(column.type)}`;
    } catch (error) {
      throw new InvalidDatabendTable(`table ${name}, column ${column.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const files = file ? `FILES = (${literal(file)})` : `PATTERN = ${literal(folderPatterns[table.format])}`;
  // CSV by position after its header line; NDJSON by field name.
  const fileFormat = table.format === 'csv' ? 'TYPE = CSV SKIP_HEADER = 1' : 'TYPE = NDJSON';
  return [
    createStage(stage, folder, s3),
    `CREATE TABLE ${target} (${columns.map(typed).join(', ')})`,
    `COPY INTO ${target} FROM @${stage} ${files} FILE_FORMAT = (${fileFormat})`,
  ];
}

/** What Databend writes itself; CSV is written by the host script (script.ts says why). */
const outputFormats: Record<Exclude<Format, 'csv'>, string> = {
  parquet: 'TYPE = PARQUET',
  json: 'TYPE = NDJSON',
};

/**
 * Where and how the result is written: one file under the output folder, which Databend names
 * itself (`data_<uuid>_0000_00000000.<ext>`); `folder` prefixes the names it reports.
 */
export function resultTarget(
  location: string,
  format: Format,
  s3: S3Access,
): { folder: string; stage?: string; copy?: string } {
  const folder = location.endsWith('/') ? location : `${location}/`;
  if (format === 'csv') return { folder };
  return {
    folder,
    stage: createStage(OUTPUT_STAGE, folder, s3),
    copy: `COPY INTO @${OUTPUT_STAGE} FROM (SELECT * FROM ${RESULT_TABLE}) FILE_FORMAT = (${outputFormats[format]}) SINGLE = TRUE DETAILED_OUTPUT = TRUE`,
  };
}
