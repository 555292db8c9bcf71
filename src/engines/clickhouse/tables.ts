/**
 * The SQL metaq gives ClickHouse around the user's query: one table of the S3 engine per query
 * table, declared with the catalog's columns (DuckDB's types, turned into ClickHouse's), and the
 * `s3(...)` table function the result is written through. Plain functions, tested without chdb.
 */
import { isFolder, parseS3Url } from '../../aws/s3-url';
import type { Format, TableRef } from '../../plan/types';
import type { Column, S3Access } from '../types';

/** The database of the query's tables; the result lives in another, which queries cannot name. */
export const TABLES_DATABASE = 'metaq';
export const RESULT_TABLE = 'metaq_run.result';

export class InvalidClickHouseTable extends Error {
  override name = 'InvalidClickHouseTable' as const;
}

/** A string literal: ClickHouse reads backslash escapes in quotes. */
export const literal = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const ident = (name: string) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;

/** DuckDB's type of a column as ClickHouse declares it (always Nullable: files may hold NULLs). */
export function clickhouseType(duckdb: string): string {
  const type = duckdb.trim().toUpperCase();
  const simple: Record<string, string> = {
    BOOLEAN: 'Bool',
    TINYINT: 'Int8',
    SMALLINT: 'Int16',
    INTEGER: 'Int32',
    BIGINT: 'Int64',
    HUGEINT: 'Int128',
    UTINYINT: 'UInt8',
    USMALLINT: 'UInt16',
    UINTEGER: 'UInt32',
    UBIGINT: 'UInt64',
    FLOAT: 'Float32',
    DOUBLE: 'Float64',
    VARCHAR: 'String',
    BLOB: 'String',
    DATE: 'Date32',
    TIMESTAMP: 'DateTime64(6)',
    'TIMESTAMP WITH TIME ZONE': "DateTime64(6, 'UTC')",
  };
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  const declared = simple[type] ?? (decimal && `Decimal(${decimal[1]}, ${decimal[2]})`);
  if (!declared) throw new InvalidClickHouseTable(`clickhouse has no type for DuckDB's ${duckdb}`);
  return `Nullable(${declared})`;
}

const inputFormats: Record<Format, string> = {
  parquet: 'Parquet',
  csv: 'CSVWithNames',
  json: 'JSONEachRow',
};
/** What DuckDB reads in a folder (duckdb/statements.ts), as ClickHouse's glob says it. */
const folderGlobs: Record<Format, string> = { parquet: '**.parquet', csv: '**.csv*', json: '**.json*' };

/** The HTTP address of an S3 location: path style on a local S3, virtual-hosted on AWS. */
export function httpUrl(location: string, s3: S3Access): string {
  const parsed = parseS3Url(location);
  if (!parsed) throw new InvalidClickHouseTable(`${location} is not an s3:// location`);
  const key = parsed.key.split('/').map(encodeURIComponent).join('/');
  if (s3.endpoint) return `${s3.endpoint.replace(/\/$/, '')}/${parsed.bucket}/${key}`;
  return `https://${parsed.bucket}.s3.${s3.region}.amazonaws.com/${key}`;
}

/** The arguments of ClickHouse's S3 engine and s3() function: address, credentials, format. */
export function s3Arguments(url: string, s3: S3Access, format: string): string {
  const credentials = s3.accessKeyId
    ? [s3.accessKeyId, s3.secretAccessKey ?? '', ...(s3.sessionToken ? [s3.sessionToken] : [])]
    : [];
  return [url, ...credentials, format].map(literal).join(', ');
}

export function declareTable(name: string, table: TableRef, s3: S3Access): string {
  const columns = table.columns ?? [];
  if (columns.length === 0)
    throw new InvalidClickHouseTable(
      `table ${name} has no known columns: register it again (metaq tables add ${name} ...)`,
    );
  const typed = (column: Column) => {
    try {
      return `${ident(column.name)} ${clickhouseType(column.type)}`;
    } catch (error) {
      throw new InvalidClickHouseTable(`table ${name}, column ${column.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const url = httpUrl(table.location, s3) + (isFolder(table.location) ? folderGlobs[table.format] : '');
  return `CREATE TABLE ${TABLES_DATABASE}.${ident(name)} (${columns.map(typed).join(', ')}) ENGINE = S3(${s3Arguments(url, s3, inputFormats[table.format])})`;
}

const outputFormats: Record<Format, string> = {
  parquet: 'Parquet',
  csv: 'CSVWithNames',
  json: 'JSONEachRow',
};

/** The result's one file, and the s3() table function that writes it. */
export function resultTarget(
  location: string,
  format: Format,
  s3: S3Access,
): { writeTo: string; file: string } {
  const file = `${location}part-0.${format}`;
  return { writeTo: `s3(${s3Arguments(httpUrl(file, s3), s3, outputFormats[format])})`, file };
}
