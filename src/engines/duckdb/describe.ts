/**
 * A table's columns and their types, as DuckDB reads them from its files (Parquet's schema, CSV's
 * header and the types of its values): what `metaq tables add` records in the catalog, and what
 * engines that need declared columns (Trino; Drill over CSV) build their tables from.
 */
import type { TableRef } from '../../plan/types';
import type { Column, S3Access } from '../types';
import { httpfsPath } from './extensions';
import { s3Secret, tableView } from './statements';

export async function describeTable(enginesDir: string, s3: S3Access, table: TableRef): Promise<Column[]> {
  const { DuckDBInstance } = require('@duckdb/node-api') as typeof import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`LOAD '${httpfsPath(enginesDir)}'`);
    await connection.run(s3Secret(s3));
    await connection.run(tableView('t', table));
    const reader = await connection.runAndReadAll('DESCRIBE t');
    return reader.getRowsJS().map(([name, type]) => ({ name: String(name), type: String(type) }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
