/**
 * A small table of the types engines get wrong (DATE, TIMESTAMP, DECIMAL(12,2) with cents, BOOLEAN,
 * a NULL in every column), a query over it, and what its result must be: the preview's contract
 * and the result files' column types and values, both taken from DuckDB outside metaq.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { s3 } from '../../src/aws/clients';
import { parseS3Url } from '../../src/aws/s3-url';
import { decimalValue } from '../../src/engines/preview-values';
import { uploadTable } from '../../src/local/upload';
import type { Format } from '../../src/plan/types';
import type { TestTables } from './engine-data';

const typedRows = `SELECT * FROM (VALUES
  (1, DATE '2024-01-31', TIMESTAMP '2024-01-31 13:45:07.250', 15.49::DECIMAL(12,2), true),
  (2, DATE '1995-03-10', TIMESTAMP '1995-03-10 00:00:00', 0.10::DECIMAL(12,2), false),
  (3, NULL, NULL, NULL, NULL),
  (4, DATE '2000-02-29', TIMESTAMP '2000-02-29 23:59:59.999', -1234567.05::DECIMAL(12,2), true)
) t(k, d, ts, amount, flag)`;

/** Plain columns, a CAST to DECIMAL, a comparison giving a BOOLEAN, a sum of decimals: no dialect of its own. */
export const typesQuery = `SELECT k, d, ts, amount, flag, CAST(amount AS DECIMAL(14,3)) AS amount3,
  amount > 1 AS big, (SELECT sum(amount) FROM typed_rows) AS total
FROM typed_rows ORDER BY k`;

const readers: Record<Format, (file: string) => string> = {
  parquet: (file) => `read_parquet('${file}')`,
  csv: (file) => `read_csv('${file}', header = true)`,
  json: (file) => `read_json_auto('${file}')`,
};
const writers: Record<Format, string> = {
  parquet: 'FORMAT parquet',
  csv: 'FORMAT csv, HEADER true',
  json: 'FORMAT json',
};

type Row = Record<string, unknown>;
type Run = (sql: string) => Promise<{ rows: Row[]; types: string[]; names: string[] }>;

async function withDuckdb<T>(work: (run: Run) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(async (sql) => {
      const result = await connection.runAndReadAll(sql);
      return {
        rows: result.getRowObjectsJson() as Row[],
        types: result.columnTypes().map(String),
        names: result.columnNames(),
      };
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The table as one file per format, uploaded to the local S3 as `typed_rows`. */
export async function prepareTypedTable(
  scratch: string,
  inputs: Format[],
): Promise<Record<string, TestTables>> {
  const data: Record<string, TestTables> = {};
  for (const format of inputs) {
    mkdirSync(path.join(scratch, format), { recursive: true });
    const file = path.join(scratch, format, `typed_rows.${format}`);
    await withDuckdb((run) => run(`COPY (${typedRows}) TO '${file}' (${writers[format]})`));
    const uploaded = await uploadTable(`types_${format}`, file);
    data[format] = {
      files: { typed_rows: file },
      tables: { typed_rows: { location: `${uploaded.location}typed_rows.${format}`, format } },
    };
  }
  return data;
}

/** A result file as DuckDB reads it: column types, rows, and for CSV each field's text as written. */
export interface ResultFile {
  columns: { name: string; type: string }[];
  rows: Row[];
  text: Row[];
}

async function readFile(run: Run, file: string, format: Format): Promise<ResultFile> {
  const read = await run(`SELECT * FROM ${readers[format](file)}`);
  const text =
    format === 'csv'
      ? (await run(`SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`)).rows
      : [];
  return { columns: read.names.map((name, i) => ({ name, type: read.types[i] })), rows: read.rows, text };
}

export interface Expected {
  /** The query's own column types, as DuckDB gives them. */
  query: { name: string; type: string }[];
  /** What the preview must hold. */
  preview: Row[];
  file: ResultFile;
}

/** DuckDB runs the query over the local files, writes it in `output` and reads it back. */
export async function expectedResult(
  input: TestTables,
  inputFormat: Format,
  output: Format,
  scratch: string,
) {
  return withDuckdb(async (run): Promise<Expected> => {
    const file = input.files.typed_rows;
    await run(`CREATE VIEW typed_rows AS SELECT * FROM ${readers[inputFormat](file)}`);
    const query = await run(typesQuery);
    const out = path.join(scratch, `expected-${inputFormat}-${Date.now()}.${output}`);
    await run(`COPY (${typesQuery}) TO '${out}' (${writers[output]})`);
    const types = query.names.map((name, i) => ({ name, type: query.types[i] }));
    return {
      query: types,
      preview: query.rows.map((row) =>
        Object.fromEntries(types.map(({ name, type }) => [name, previewValue(row[name], type)])),
      ),
      file: await readFile(run, out, output),
    };
  });
}

/**
 * The preview's contract (README, "The execution output"): JSON values meaning what the column
 * holds, the same on every engine. A DATE is its ISO text '2024-01-31'; a TIMESTAMP (no zone) its
 * wall-clock text to the millisecond, '2024-01-31 13:45:07.250', no zone added; a DECIMAL a JSON
 * number while a double holds it exactly (15.49, never 15.490000001 nor 15; else its text); an
 * integer a number; a BOOLEAN true or false; a NULL null. Made here from DuckDB's own reading.
 */
function previewValue(value: unknown, type: string): unknown {
  if (value === null) return null;
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type))
    return new Date(`${String(value).replace(' ', 'T')}Z`).toISOString().slice(0, 23).replace('T', ' ');
  if (type.startsWith('DECIMAL')) return decimalValue(String(value));
  if (/^(DOUBLE|FLOAT|U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/.test(type)) return Number(value);
  return value;
}

/** Downloads the result files from the (local) S3 and reads them with DuckDB, in one. */
export async function resultFiles(urls: string[], format: Format, scratch: string): Promise<ResultFile> {
  const files = await Promise.all(
    urls.map(async (url, i) => {
      const where = parseS3Url(url);
      if (!where) throw new Error(`not an s3 URL: ${url}`);
      const object = await s3().send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
      if (!object.Body) throw new Error(`empty object at ${url}`);
      const file = path.join(scratch, `actual-${Date.now()}-${i}.${format}`);
      writeFileSync(file, await object.Body.transformToByteArray());
      return file;
    }),
  );
  return withDuckdb(async (run) => {
    const read = await Promise.all(files.map((file) => readFile(run, file, format)));
    return {
      columns: read[0]?.columns ?? [],
      rows: read.flatMap((file) => file.rows),
      text: read.flatMap((file) => file.text),
    };
  });
}

/**
 * What a column type must stay: its family (an INTEGER may come back as BIGINT, a TIMESTAMP in
 * milliseconds or microseconds) and a DECIMAL's scale (its precision differs between engines: a sum
 * of DECIMAL(12,2) is DECIMAL(38,2) in DuckDB and Trino, DECIMAL(22,2) in Spark). JSON has no date
 * or time type: there a DATE or TIMESTAMP is text, which DuckDB's reader may or may not take for one.
 */
function typeFamily(type: string, format: Format): string {
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(type)) return 'integer';
  const decimal = /^DECIMAL\(\d+,(\d+)\)$/.exec(type);
  if (decimal) return `DECIMAL(scale ${decimal[1]})`;
  if (type === 'FLOAT' || type === 'DOUBLE') return 'DOUBLE';
  if (format === 'json' && /^(DATE|TIMESTAMP(_S|_MS|_NS)?|VARCHAR)$/.test(type)) return 'text';
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type)) return 'TIMESTAMP';
  return type;
}

/** Doubles (a CSV or JSON file's decimals, sums of doubles) to 12 digits; integers as numbers; the rest as read. */
function comparable(value: unknown, family: string): unknown {
  if (value === null || value === undefined) return null;
  if (family === 'integer') return Number(value);
  if (family === 'DOUBLE') return Number(Number(value).toPrecision(12));
  if (typeof value === 'string') return localTimestamp(value);
  return value;
}

/**
 * A JSON file has no timestamp type: a TIMESTAMP is text there, and any ISO 8601 local date-time
 * means the same ('2024-01-31T13:45:07.250' is DuckDB's '2024-01-31 13:45:07.25'). Text with a zone
 * ('Z', '+01:00') is not a TIMESTAMP without one, and stays as written.
 */
function localTimestamp(text: string): string {
  const parts = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(text);
  if (!parts) return text;
  const fraction = (parts[3] ?? '').replace(/0+$/, '');
  return `${parts[1]} ${parts[2]}${fraction && `.${fraction}`}`;
}

const byKey = (rows: Row[]) => [...rows].sort((a, b) => Number(a.k) - Number(b.k));

function comparableRows(rows: Row[], columns: ResultFile['columns'], format: Format): Row[] {
  return byKey(rows).map((row) =>
    Object.fromEntries(
      columns.map(({ name, type }) => [name, comparable(row[name], typeFamily(type, format))]),
    ),
  );
}

/** Same column types (family and scale), same values, and in CSV every decimal written with its scale. */
export function expectSameFile(actual: ResultFile, expected: Expected, format: Format): void {
  const decimals = expected.query.filter(({ type }) => type.startsWith('DECIMAL')).map(({ name }) => name);
  // Told in one: a wrong type says nothing of the values.
  const seen = (file: ResultFile) => ({
    types: file.columns.map(({ name, type }) => `${name}: ${typeFamily(type, format)}`),
    rows: comparableRows(file.rows, expected.file.columns, format),
    decimalsAsWritten: byKey(file.text).map((row) => decimals.map((name) => row[name])),
  });
  expect(seen(actual)).toEqual(seen(expected.file));
}

/** The preview holds exactly the contract's values (a DOUBLE to 12 digits), in the query's order. */
export function expectSamePreview(actual: Row[], expected: Expected): void {
  const doubles = new Set(
    expected.query.filter(({ type }) => typeFamily(type, 'parquet') === 'DOUBLE').map(({ name }) => name),
  );
  const rows = (preview: Row[]) =>
    preview.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([name, value]) => [
          name,
          doubles.has(name) && typeof value === 'number' ? comparable(value, 'DOUBLE') : value,
        ]),
      ),
    );
  expect(rows(actual)).toEqual(rows(expected.preview));
}
