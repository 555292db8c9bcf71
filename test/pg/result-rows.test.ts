/**
 * Result files read back for the client, from a mocked S3: chunk by chunk, DuckDB's types as
 * PostgreSQL OIDs, values in text format, and nothing left in the scratch folder.
 */
import { createReadStream, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { mockClient } from 'aws-sdk-client-mock';
import { openResultRows } from '../../src/pg/result-rows';
import type { ResultSummary } from '../../src/state';

const s3 = mockClient(S3Client);
const folder = mkdtempSync(path.join(os.tmpdir(), 'metaq-pg-rows-'));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'metaq-pg-scratch-'));
let duckdb: DuckDBInstance;

beforeAll(async () => {
  duckdb = await DuckDBInstance.create(':memory:');
  const connection = await duckdb.connect();
  await connection.run(
    `COPY (SELECT i AS id, i * 1.5 AS score, (i % 3 = 0) AS third, DATE '2024-01-01' + i::INT AS day,
       CASE WHEN i % 2 = 0 THEN 'even' END AS label, (i / 100)::DECIMAL(10,2) AS amount
     FROM range(5000) t(i)) TO '${folder}/part-0.parquet' (FORMAT parquet)`,
  );
  connection.closeSync();
});
afterAll(() => duckdb.closeSync());
afterEach(() => s3.reset());

function summary(files: string[]): ResultSummary {
  return {
    location: 's3://metaq-results/results/q/',
    format: 'parquet',
    rows: 5000,
    bytes: 0,
    files,
    manifest: 's3://metaq-results/results/q/manifest.json',
    columns: [{ name: 'id', type: 'BIGINT' }],
    preview: [],
  };
}

describe('openResultRows', () => {
  it('pages 5000 rows in chunks, with PostgreSQL types and text', async () => {
    s3.on(GetObjectCommand).callsFake(() => ({
      Body: createReadStream(path.join(folder, 'part-0.parquet')),
    }));
    const rows = await openResultRows(
      duckdb,
      summary(['s3://metaq-results/results/q/part-0.parquet']),
      scratch,
    );
    expect(rows.fields.map((field) => [field.name, field.typeOid])).toEqual([
      ['id', 20],
      ['score', 1700],
      ['third', 16],
      ['day', 1082],
      ['label', 25],
      ['amount', 1700],
    ]);
    const pages: (string | null)[][][] = [];
    for await (const page of rows.pages) pages.push(page);
    await rows.close();
    expect(pages.length).toBeGreaterThan(1);
    expect(Math.max(...pages.map((page) => page.length))).toBeLessThanOrEqual(2048);
    const all = pages.flat();
    expect(all).toHaveLength(5000);
    expect(all[0]).toEqual(['0', '0.0', 't', '2024-01-01', 'even', '0.00']);
    expect(all[4999]).toEqual(['4999', '7498.5', 'f', '2037-09-08', null, '49.99']);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('a result without files: the columns its engine reported, no rows', async () => {
    const rows = await openResultRows(duckdb, summary([]), scratch);
    expect(rows.fields).toEqual([{ name: 'id', typeOid: 20, typeSize: 8 }]);
    for await (const _page of rows.pages) throw new Error('no page expected');
    await rows.close();
  });

  it('a file that cannot be read: ResultUnreadable, its cause kept, the scratch folder cleaned', async () => {
    s3.on(GetObjectCommand).rejects(new Error('NoSuchKey'));
    await expect(
      openResultRows(duckdb, summary(['s3://metaq-results/results/q/part-0.parquet']), scratch),
    ).rejects.toMatchObject({
      name: 'ResultUnreadable',
      cause: expect.objectContaining({ message: 'NoSuchKey' }),
    });
    expect(readdirSync(scratch)).toEqual([]);
  });
});
