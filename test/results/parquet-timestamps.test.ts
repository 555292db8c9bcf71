/**
 * A Parquet footer read and written back byte for byte, and a UTC timestamp column made zoneless:
 * files written by DuckDB, read back by DuckDB (an independent reader) with the footer changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { zonelessTimestamps } from '../../src/results/parquet-timestamps';
import { readStruct, writeStruct } from '../../src/results/thrift-compact';
import { tempDir } from '../support/runtime';

const scratch = tempDir('metaq-parquet-');

async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A file's body and footer, apart. */
function split(file: string) {
  const bytes = readFileSync(file);
  const length = bytes.readUInt32LE(bytes.length - 8);
  const start = bytes.length - 8 - length;
  return { body: bytes.subarray(0, start), footer: bytes.subarray(start, bytes.length - 8) };
}

function withFooter(body: Uint8Array, footer: Uint8Array, name: string): string {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(footer.length, 0);
  trailer.write('PAR1', 4, 'latin1');
  const file = path.join(scratch, name);
  writeFileSync(file, Buffer.concat([body, footer, trailer]));
  return file;
}

const typesOf = (file: string) =>
  duckdb(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM '${file}')`);

let written: string;
beforeAll(async () => {
  written = path.join(scratch, 'utc.parquet');
  await duckdb(`COPY (SELECT 1 AS k, TIMESTAMPTZ '2024-01-31 13:45:07.25+00' AS ts,
      TIMESTAMPTZ '1995-03-10 00:00:00+00' AS instant, 'x' AS s) TO '${written}' (FORMAT parquet)`);
});

it('reads a footer and writes it back byte for byte', () => {
  const { footer } = split(written);
  const { struct, end } = readStruct(footer);
  expect(end).toBe(footer.length);
  expect(Buffer.from(writeStruct(struct)).equals(footer)).toBe(true);
});

it('makes the named UTC timestamp zoneless, keeping its wall-clock value, and no other column', async () => {
  const { body, footer } = split(written);
  const changed = zonelessTimestamps(footer, new Set(['ts']));
  expect(changed).toBeDefined();
  const file = withFooter(body, changed as Uint8Array, 'zoneless.parquet');
  expect(await typesOf(file)).toEqual([
    { name: 'k', type: 'INTEGER' },
    { name: 'ts', type: 'TIMESTAMP' },
    { name: 'instant', type: 'TIMESTAMP WITH TIME ZONE' },
    { name: 's', type: 'VARCHAR' },
  ]);
  expect(await duckdb(`SELECT k, CAST(ts AS VARCHAR) AS ts, s FROM '${file}'`)).toEqual([
    { k: 1, ts: '2024-01-31 13:45:07.25', s: 'x' },
  ]);
});

it('changes nothing when no named column is a UTC timestamp', () => {
  const { footer } = split(written);
  expect(zonelessTimestamps(footer, new Set(['k', 's', 'missing']))).toBeUndefined();
  const once = zonelessTimestamps(footer, new Set(['ts'])) as Uint8Array;
  expect(zonelessTimestamps(once, new Set(['ts']))).toBeUndefined();
});
