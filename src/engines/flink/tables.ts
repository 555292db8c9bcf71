/**
 * The query's tables as Flink sees them: temporary tables of the filesystem connector over the
 * tables' S3 locations, with the columns the catalog recorded (DuckDB's names and types, turned
 * into Flink's). Flink's CSV format has no header option, so a CSV table is a view over a text
 * table of the same columns that drops header lines (a line that is every column's name: a data line can be that only when every
 * column is text and holds its own name) and casts
 * each column to the type DuckDB found, an empty field being NULL as DuckDB reads it.
 */
import type { TableRef } from '../../plan/types';
import type { Column } from '../types';
import { InvalidFlinkTable } from './errors';

export const ident = (name: string) => `\`${name.replaceAll('`', '``')}\``;
export const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The text table under a CSV table's view. */
export const csvTextTable = (name: string) => `${name}$text`;

/** DuckDB's type of a column as Flink declares it, or why it cannot. */
export function flinkType(duckdb: string): string {
  const type = duckdb.trim().toUpperCase();
  const simple: Record<string, string> = {
    BOOLEAN: 'BOOLEAN',
    TINYINT: 'TINYINT',
    SMALLINT: 'SMALLINT',
    INTEGER: 'INT',
    BIGINT: 'BIGINT',
    FLOAT: 'FLOAT',
    DOUBLE: 'DOUBLE',
    VARCHAR: 'STRING',
    DATE: 'DATE',
    TIMESTAMP: 'TIMESTAMP(6)',
    BLOB: 'BYTES',
  };
  if (simple[type]) return simple[type];
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `DECIMAL(${decimal[1]}, ${decimal[2]})`;
  throw new InvalidFlinkTable(`flink has no type for DuckDB's ${duckdb}`);
}

const formats: Record<TableRef['format'], string> = { parquet: 'parquet', json: 'json', csv: 'csv' };

/** A filesystem table's WITH clause: the connector, its path and format (and the format's options). */
export function withClause(
  location: string,
  format: TableRef['format'],
  extra: Record<string, string> = {},
): string {
  const options = { connector: 'filesystem', path: location, format: formats[format], ...extra };
  return Object.entries(options)
    .map(([key, value]) => `${quote(key)} = ${quote(value)}`)
    .join(', ');
}

/** The statements that declare one table (a table, and for CSV a text table and its view). */
export function declareTable(name: string, table: TableRef): string[] {
  const columns = table.columns ?? [];
  if (columns.length === 0)
    throw new InvalidFlinkTable(
      `table ${name} has no known columns: register it again (metaq tables add ${name} ...)`,
    );
  const typed = (column: Column) => {
    try {
      return flinkType(column.type);
    } catch (error) {
      throw new InvalidFlinkTable(`table ${name}, column ${column.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  if (table.format !== 'csv') {
    const list = columns.map((column) => `${ident(column.name)} ${typed(column)}`).join(', ');
    const options: Record<string, string> =
      table.format === 'json' ? { 'json.ignore-parse-errors': 'false' } : {};
    return [
      `CREATE TEMPORARY TABLE ${ident(name)} (${list}) WITH (${withClause(table.location, table.format, options)})`,
    ];
  }
  const text = columns.map((column) => `${ident(column.name)} STRING`).join(', ');
  const casts = columns
    .map((column) => {
      const type = typed(column);
      const value = `NULLIF(${ident(column.name)}, '')`;
      return `${type === 'STRING' ? value : `CAST(${value} AS ${type})`} AS ${ident(column.name)}`;
    })
    .join(', ');
  const header = columns.map((column) => `${ident(column.name)} = ${quote(column.name)}`).join(' AND ');
  return [
    `CREATE TEMPORARY TABLE ${ident(csvTextTable(name))} (${text}) WITH (${withClause(table.location, 'csv')})`,
    `CREATE TEMPORARY VIEW ${ident(name)} AS SELECT ${casts} FROM ${ident(csvTextTable(name))} WHERE (${header}) IS NOT TRUE`,
  ];
}
