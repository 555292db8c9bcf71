/** A table's columns, read by DuckDB from its files, for the catalog and for engines that declare tables. */
import { settings } from '../config';
import { describeTable } from '../engines/duckdb/describe';
import { s3AccessFromEnv } from '../session/s3-access';
import { InvalidQueryInput } from './errors';
import type { TableRef } from './types';

export async function columnsOf(field: string, table: TableRef): Promise<NonNullable<TableRef['columns']>> {
  try {
    return await describeTable(settings().enginesDir, s3AccessFromEnv(process.env), table);
  } catch (error) {
    throw new InvalidQueryInput(
      field,
      `its columns cannot be read from ${table.location} as ${table.format} (${String((error as Error).message).split('\n')[0]})`,
      'Check the location and the format: a folder ends in /, and holds files of that format',
      { cause: error },
    );
  }
}
