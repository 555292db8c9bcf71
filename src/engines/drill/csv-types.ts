/**
 * Drill reads every CSV column as text, where DuckDB and Spark infer numbers and dates: summed,
 * compared or sorted as text, the same SQL would give other answers. So the view over a CSV table
 * casts each column to the type its sampled values all have, as DuckDB's sniffer does.
 */

/** Rows sampled per CSV table: DuckDB's own default `sample_size`. */
export const CSV_SAMPLE_ROWS = 20_480;

export type CsvColumnType = 'BIGINT' | 'DOUBLE' | 'DATE' | 'TIMESTAMP' | 'BOOLEAN' | 'VARCHAR';

// In order: the first type every non-empty value fits is the column's.
const shapes: [CsvColumnType, RegExp][] = [
  ['BIGINT', /^[-+]?\d{1,18}$/],
  ['DOUBLE', /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/],
  ['DATE', /^\d{4}-\d{2}-\d{2}$/],
  ['TIMESTAMP', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/],
  ['BOOLEAN', /^(true|false)$/i],
];

/** Each column's type from sampled rows (Drill's REST answer: every value text or null). */
export function csvColumnTypes(
  columns: string[],
  rows: Record<string, unknown>[],
): Record<string, CsvColumnType> {
  return Object.fromEntries(columns.map((column) => [column, columnType(rows.map((row) => row[column]))]));
}

function columnType(values: unknown[]): CsvColumnType {
  const present = values.filter((value) => value !== null && value !== undefined && value !== '').map(String);
  if (present.length === 0) return 'VARCHAR';
  return shapes.find(([, shape]) => present.every((value) => shape.test(value)))?.[0] ?? 'VARCHAR';
}

/** DuckDB's type of a CSV column (the catalog's) as the type Drill's view casts it to. */
export function csvType(duckdb: string): CsvColumnType {
  const type = duckdb.trim().toUpperCase();
  if (['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT'].includes(type)) return 'BIGINT';
  if (['DOUBLE', 'FLOAT'].includes(type) || type.startsWith('DECIMAL')) return 'DOUBLE';
  if (type === 'DATE' || type === 'BOOLEAN') return type;
  if (type.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  return 'VARCHAR';
}

/** The view's select item for one column: an empty field is NULL, as DuckDB reads it. */
export function castColumn(quoted: string, type: CsvColumnType | undefined): string {
  if (!type || type === 'VARCHAR') return quoted;
  const value = type === 'BOOLEAN' ? `LOWER(NULLIF(${quoted}, ''))` : `NULLIF(${quoted}, '')`;
  return `CAST(${value} AS ${type}) AS ${quoted}`;
}
