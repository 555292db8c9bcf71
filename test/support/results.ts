/** Independent answers: the same SQL run by a DuckDB outside metaq, and metaq's result files read back. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { s3 } from '../../src/aws/clients';
import { parseS3Url } from '../../src/aws/s3-url';
import type { Format } from '../../src/plan/types';

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

async function withDuckdb<T>(
  work: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(
      async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Runs `sql` over local files directly, writes it in `format` and reads it back as metaq's result would be. */
export async function expectedRows(
  sql: string,
  files: Record<string, string>,
  inputFormat: Format,
  outputFormat: Format,
  scratch: string,
) {
  return withDuckdb(async (run) => {
    for (const [name, file] of Object.entries(files))
      await run(`CREATE VIEW ${name} AS SELECT * FROM ${readers[inputFormat](file)}`);
    const out = path.join(
      scratch,
      `expected-${Date.now()}-${Math.random().toString(36).slice(2)}.${outputFormat}`,
    );
    await run(`COPY (${sql}) TO '${out}' (${writers[outputFormat]})`);
    return run(`SELECT * FROM ${readers[outputFormat](out)}`);
  });
}

/** Downloads a result file from the (local) S3 and reads it with DuckDB. */
/** A result file from S3, into `scratch`: its local path. */
export async function downloadResult(url: string, format: Format, scratch: string): Promise<string> {
  const where = parseS3Url(url);
  if (!where) throw new Error(`not an s3 URL: ${url}`);
  const object = await s3().send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
  const file = path.join(scratch, `actual-${Date.now()}-${Math.random().toString(36).slice(2)}.${format}`);
  if (!object.Body) throw new Error(`empty object at ${url}`);
  writeFileSync(file, await object.Body.transformToByteArray());
  return file;
}

export async function resultRows(url: string, format: Format, scratch: string) {
  const file = await downloadResult(url, format, scratch);
  return withDuckdb((run) => run(`SELECT * FROM ${readers[format](file)}`));
}

/** A Parquet result's column names, as DuckDB reads them (a file with no rows has them too). */
export async function parquetColumns(url: string, scratch: string): Promise<string[]> {
  const file = await downloadResult(url, 'parquet', scratch);
  const described = await withDuckdb((run) => run(`DESCRIBE SELECT * FROM ${readers.parquet(file)}`));
  return described.map((column) => String(column.column_name));
}
