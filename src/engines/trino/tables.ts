/**
 * The query's tables as Trino sees them: external tables of the hive connector over the tables'
 * folders, with the columns the catalog recorded (DuckDB's names and types, turned into Trino's).
 * CSV is read as text by Hive's CSV format, so a CSV table is a view that casts each column to the
 * type DuckDB found, over a text table of the same columns: sums, comparisons and sorts then agree
 * with the other engines'.
 */
import { isFolder } from '../../aws/s3-url';
import type { TableRef } from '../../plan/types';
import type { Column } from '../types';
import { TRINO_CATALOG, TRINO_SCHEMA } from './config';
import { InvalidTrinoTable } from './errors';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const qualified = (name: string) => `${TRINO_CATALOG}.${TRINO_SCHEMA}.${ident(name)}`;

/** The text table under a CSV table's view. */
export const csvTextTable = (name: string) => `${name}$text`;

/** DuckDB's type of a column as Trino's hive connector declares it, or why it cannot. */
export function trinoType(duckdb: string): string {
  const type = duckdb.trim().toUpperCase();
  const simple: Record<string, string> = {
    BOOLEAN: 'boolean',
    TINYINT: 'tinyint',
    SMALLINT: 'smallint',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    FLOAT: 'real',
    DOUBLE: 'double',
    VARCHAR: 'varchar',
    DATE: 'date',
    TIMESTAMP: 'timestamp(3)',
    BLOB: 'varbinary',
  };
  if (simple[type]) return simple[type];
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `decimal(${decimal[1]}, ${decimal[2]})`;
  throw new InvalidTrinoTable(`trino's hive tables have no type for DuckDB's ${duckdb}`);
}

/** The folder Hive reads: the table's own, or a single file's, which must hold that file only. */
export function tableFolder(table: TableRef, objectsInFolder?: number): string {
  if (isFolder(table.location)) return table.location;
  if (objectsInFolder !== 1)
    throw new InvalidTrinoTable(
      `trino reads a table by its folder, and ${table.location} shares its folder with ${Math.max(0, (objectsInFolder ?? 0) - 1)} other object(s): give the table a folder of its own (metaq tables add does)`,
    );
  return table.location.slice(0, table.location.lastIndexOf('/') + 1);
}

const formats: Record<TableRef['format'], string> = { parquet: 'PARQUET', json: 'JSON', csv: 'CSV' };

/** The statements that declare one table (CREATE TABLE, and CREATE VIEW for CSV). */
export function declareTable(name: string, table: TableRef, folder: string): string[] {
  const columns = table.columns ?? [];
  if (columns.length === 0)
    throw new InvalidTrinoTable(
      `table ${name} has no known columns: register it again (metaq tables add ${name} ...)`,
    );
  const typed = (column: Column) => {
    try {
      return trinoType(column.type);
    } catch (error) {
      throw new InvalidTrinoTable(`table ${name}, column ${column.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const location = `external_location = ${quote(folder)}, format = ${quote(formats[table.format])}`;
  if (table.format !== 'csv') {
    const list = columns.map((column) => `${ident(column.name)} ${typed(column)}`).join(', ');
    return [`CREATE TABLE ${qualified(name)} (${list}) WITH (${location})`];
  }
  const text = columns.map((column) => `${ident(column.name)} varchar`).join(', ');
  // An empty CSV field is NULL, as DuckDB reads it.
  const casts = columns
    .map((column) => {
      const type = typed(column);
      const value = `nullif(${ident(column.name)}, '')`;
      return `${type === 'varchar' ? value : `CAST(${value} AS ${type})`} AS ${ident(column.name)}`;
    })
    .join(', ');
  return [
    `CREATE TABLE ${qualified(csvTextTable(name))} (${text}) WITH (${location}, skip_header_line_count = 1)`,
    `CREATE VIEW ${qualified(name)} AS SELECT ${casts} FROM ${qualified(csvTextTable(name))}`,
  ];
}
