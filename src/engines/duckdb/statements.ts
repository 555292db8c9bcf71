/**
 * The SQL metaq sends to DuckDB around the user's query: S3 access, one view per table, the
 * lock-down, and the copy of the result. Plain functions of the plan, tested without DuckDB.
 */
import { isFolder } from '../../aws/s3-url';
import type { Format, TableRef } from '../../plan/types';
import type { S3Access } from '../types';

export const RESULT_TABLE = '__metaq_result';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function s3Secret(access: S3Access): string {
  const options = [`TYPE s3`, `REGION ${quote(access.region)}`];
  if (access.accessKeyId) options.push(`KEY_ID ${quote(access.accessKeyId)}`);
  if (access.secretAccessKey) options.push(`SECRET ${quote(access.secretAccessKey)}`);
  if (access.sessionToken) options.push(`SESSION_TOKEN ${quote(access.sessionToken)}`);
  if (access.endpoint) {
    const url = new URL(access.endpoint);
    options.push(`ENDPOINT ${quote(url.host)}`, `USE_SSL ${url.protocol === 'https:'}`);
  }
  if (access.pathStyle) options.push(`URL_STYLE 'path'`);
  return `CREATE OR REPLACE SECRET metaq_s3 (${options.join(', ')})`;
}

const globs: Record<Format, string> = { parquet: '**/*.parquet', csv: '**/*.csv*', json: '**/*.json*' };

function reader(table: TableRef): string {
  const path = quote(isFolder(table.location) ? `${table.location}${globs[table.format]}` : table.location);
  switch (table.format) {
    case 'parquet':
      return `read_parquet(${path})`;
    case 'csv':
      return `read_csv(${path}, header = true)`;
    case 'json':
      return `read_json_auto(${path})`;
  }
}

export function tableView(name: string, table: TableRef): string {
  return `CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM ${reader(table)}`;
}

export interface LockDown {
  /** The query's tables and output: the only S3 locations it may touch. */
  readable: string[];
  memoryMb: number;
  spillDir: string;
  threads?: number;
}

/** After these, the query can read only its tables, write only its output, and see no credentials. */
export function lockDown({ readable, memoryMb, spillDir, threads }: LockDown): string[] {
  const list = (items: string[]) => `[${items.map(quote).join(', ')}]`;
  return [
    `SET memory_limit = '${Math.floor(memoryMb * 0.75)}MB'`,
    ...(threads ? [`SET threads = ${Math.floor(threads)}`] : []),
    // Spills go to the worker's own folder: the working directory is read-only on Lambda.
    `SET temp_directory = ${quote(spillDir)}`,
    // httpfs copies AWS_* from the environment into these settings, which current_setting() reads;
    // S3 access goes through the metaq_s3 secret instead.
    "SET s3_access_key_id = ''",
    "SET s3_secret_access_key = ''",
    "SET s3_session_token = ''",
    // Folders go in allowed_directories, single files in allowed_paths.
    `SET allowed_directories = ${list(readable.filter(isFolder))}`,
    `SET allowed_paths = ${list(readable.filter((location) => !isFolder(location)))}`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
}

/** The user's query, materialised once so that it can be written, counted and previewed. */
export function materialise(sql: string): string {
  return `CREATE TEMP TABLE ${RESULT_TABLE} AS ${withoutTrailingSemicolon(sql)}`;
}

export function extensionOf(format: Format): string {
  return format;
}

export function copyResult(location: string, format: Format): { statement: string; file: string } {
  const file = `${location}part-0.${extensionOf(format)}`;
  const options = { parquet: 'FORMAT parquet', csv: 'FORMAT csv, HEADER true', json: 'FORMAT json' }[format];
  return { statement: `COPY ${RESULT_TABLE} TO ${quote(file)} (${options})`, file };
}

export function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '');
}
