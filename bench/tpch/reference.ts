/**
 * DuckDB outside metaq, with its tpch extension: it makes the data, holds the reference answers,
 * and reads back the result files metaq wrote to S3. It never runs a benchmark query itself.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { httpfsPath } from '../../src/engines/duckdb/extensions';
import { s3Secret } from '../../src/engines/duckdb/statements';
import type { Format } from '../../src/plan/types';
import { s3AccessFromEnv } from '../../src/session/s3-access';
import type { ResultTable } from './check';

export const tpchTables = [
  'region',
  'nation',
  'supplier',
  'customer',
  'part',
  'partsupp',
  'orders',
  'lineitem',
] as const;

/** The scale factors DuckDB's tpch extension has answers for. */
export const scaleFactors = ['0.01', '0.1', '1'] as const;
export type ScaleFactor = (typeof scaleFactors)[number];

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function openDuckdb(extensions: string[]): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const file of extensions) await connection.run(`LOAD ${quote(file)}`);
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * One Parquet file per table, made by DuckDB's dbgen. Not tpchgen-cli: its text columns (addresses,
 * comments) follow TPC's dbgen, DuckDB's differ, and DuckDB's answers are computed on DuckDB's data
 * (at SF 0.01 Q13 then returns 33 rows instead of 32). Kept once made: `<folder>/<table>.parquet`.
 */
export async function generateTpch(tpchExtension: string, sf: ScaleFactor, folder: string): Promise<void> {
  if (existsSync(folder)) return;
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const duckdb = await openDuckdb([tpchExtension]);
  try {
    await duckdb.connection.run(`CALL dbgen(sf = ${Number(sf)})`);
    for (const table of tpchTables) {
      const file = path.join(partial, `${table}.parquet`);
      await duckdb.connection.run(`COPY ${table} TO ${quote(file)} (FORMAT parquet)`);
    }
  } finally {
    duckdb.close();
  }
  renameSync(partial, folder);
}

export interface Reference {
  /** The reference answer of each query (`q01` … `q22`): '|'-separated text with a header line. */
  answers: Map<string, string>;
  /** The 22 queries as DuckDB's extension gives them, by name. */
  queries: Map<string, string>;
  /** Reads a result back from S3, its files in their order. */
  readResult(files: string[], format: Format): Promise<ResultTable>;
  close(): void;
}

/** Needs the local runtime's environment (S3 endpoint and keys) to read results from S3. */
export async function openReference(
  enginesDir: string,
  tpchExtension: string,
  sf: ScaleFactor,
): Promise<Reference> {
  const duckdb = await openDuckdb([tpchExtension, httpfsPath(enginesDir)]);
  const { connection } = duckdb;
  await connection.run(s3Secret(s3AccessFromEnv(process.env)));
  const named = (nr: unknown) => `q${String(nr).padStart(2, '0')}`;
  const answers = await connection.runAndReadAll(
    `SELECT query_nr, answer FROM tpch_answers() WHERE scale_factor = ${Number(sf)}`,
  );
  const queries = await connection.runAndReadAll('SELECT query_nr, query FROM tpch_queries()');
  const readers: Record<Format, string> = {
    parquet: 'read_parquet',
    csv: 'read_csv_auto',
    json: 'read_json_auto',
  };
  return {
    answers: new Map(answers.getRows().map(([nr, text]) => [named(nr), String(text)])),
    queries: new Map(queries.getRows().map(([nr, text]) => [named(nr), String(text)])),
    readResult: async (files, format) => {
      const list = `[${files.map(quote).join(', ')}]`;
      const reader = await connection.runAndReadAll(`SELECT * FROM ${readers[format]}(${list})`);
      return { columns: reader.columnNames(), rows: reader.getRowsJson() };
    },
    close: duckdb.close,
  };
}
