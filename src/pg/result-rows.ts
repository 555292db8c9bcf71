/**
 * A finished query's rows for the client, read back from its result files in S3 one chunk at a
 * time: each file is copied to a scratch folder (streamed, never whole in memory) and read by a
 * DuckDB of the server's own, which gives both the column types and the rows, whatever engine
 * wrote the Parquet. The rows are never all in memory: DuckDB yields chunks of 2048.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import { s3 } from '../aws/clients';
import { parseS3Url } from '../aws/s3-url';
import type { ResultSummary } from '../state';
import { ResultUnreadable } from './errors';
import type { FieldDescription } from './messages';
import { type PgType, pgText, pgTypeOf } from './pg-types';

export interface ResultRows {
  fields: FieldDescription[];
  /** The rows in text format, a chunk at a time. */
  pages: AsyncIterable<(string | null)[][]>;
  close(): Promise<void>;
}

export async function openResultRows(
  duckdb: DuckDBInstance,
  result: ResultSummary,
  scratch: string,
): Promise<ResultRows> {
  const folder = await mkdtemp(path.join(scratch, 'pg-result-'));
  const connection = await duckdb.connect();
  const close = async () => {
    connection.closeSync();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    if (result.files.length === 0)
      return { fields: fieldsOf(result.columns), pages: textPages(noChunks(), []), close };
    const local = await Promise.all(
      result.files.map((url, i) => download(url, path.join(folder, `part-${i}.parquet`))),
    );
    const list = local.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
    const reader = await connection.stream(`SELECT * FROM read_parquet([${list}])`);
    const types = reader.columnTypes().map((type) => pgTypeOf(String(type)));
    const fields = reader.columnNames().map((name, i) => field(name, types[i]));
    return { fields, pages: textPages(reader.yieldRows(), types), close };
  } catch (error) {
    await close();
    throw new ResultUnreadable(
      `the result of the query could not be read back from ${result.location}: ${error}`,
      {
        cause: error,
      },
    );
  }
}

async function* textPages(
  chunks: AsyncIterable<unknown[][]>,
  types: PgType[],
): AsyncIterable<(string | null)[][]> {
  for await (const rows of chunks) yield rows.map((row) => row.map((value, i) => pgText(value, types[i])));
}

async function* noChunks(): AsyncIterable<unknown[][]> {}

/** A result without files (an engine that wrote none for no rows): the types its engine reported. */
function fieldsOf(columns: ResultSummary['columns']): FieldDescription[] {
  return columns.map((column) => field(column.name, pgTypeOf(column.type)));
}

function field(name: string, type: PgType): FieldDescription {
  return { name, typeOid: type.oid, typeSize: type.size };
}

async function download(url: string, file: string): Promise<string> {
  const where = parseS3Url(url);
  if (!where) throw new ResultUnreadable(`${url} is not an s3:// URL`);
  const object = await s3().send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
  await pipeline(object.Body as Readable, createWriteStream(file));
  return file;
}

/** Rows already at hand (a catalog answer) as a result to page through. */
export function rowsOf(answer: { fields: FieldDescription[]; rows: (string | null)[][] }): ResultRows {
  return {
    fields: answer.fields,
    pages: (async function* () {
      yield answer.rows;
    })(),
    close: async () => undefined,
  };
}
