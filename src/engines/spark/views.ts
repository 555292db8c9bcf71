/** The plan's tables as Spark reads them, and how results are written, per format. */
import type { Format, TableRef } from '../../plan/types';
import { toS3a } from './config';

export const readOptions: Record<Format, Record<string, string>> = {
  parquet: {},
  // Column types from the data, as DuckDB's read_csv does.
  csv: { header: 'true', inferSchema: 'true' },
  // Newline-delimited JSON: what DuckDB and Spark both write.
  json: {},
};

export const writeOptions: Record<Format, Record<string, string>> = {
  parquet: {},
  csv: { header: 'true' },
  // Spark drops null fields from JSON by default; keep every column in every line.
  json: { ignoreNullFields: 'false' },
};

export interface View {
  name: string;
  path: string;
  format: Format;
  options: Record<string, string>;
}

export function views(tables: Record<string, TableRef>): View[] {
  return Object.entries(tables).map(([name, table]) => ({
    name,
    path: toS3a(table.location),
    format: table.format,
    options: readOptions[table.format],
  }));
}
