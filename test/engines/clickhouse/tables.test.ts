/** The SQL metaq writes around a ClickHouse query: table declarations and the result's target. */
import { clickhouseType, declareTable, httpUrl, resultTarget } from '../../../src/engines/clickhouse/tables';
import type { S3Access } from '../../../src/engines/types';

const local: S3Access = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9000/',
  accessKeyId: 'KEY',
  secretAccessKey: "se'cret\\",
  pathStyle: true,
};
const aws: S3Access = { region: 'eu-west-1', pathStyle: false };

describe('clickhouseType', () => {
  it.each([
    ['BIGINT', 'Nullable(Int64)'],
    ['decimal(15, 2)', 'Nullable(Decimal(15, 2))'],
    ['DATE', 'Nullable(Date32)'],
    ['TIMESTAMP', 'Nullable(DateTime64(6))'],
    ['VARCHAR', 'Nullable(String)'],
    ['BOOLEAN', 'Nullable(Bool)'],
  ])('%s → %s', (duckdb, clickhouse) => {
    expect(clickhouseType(duckdb)).toBe(clickhouse);
  });

  it('a type it cannot declare is an error naming it', () => {
    expect(() => clickhouseType('STRUCT(a INTEGER)')).toThrow(/no type for DuckDB's STRUCT\(a INTEGER\)/);
  });
});

describe('httpUrl', () => {
  it('path style on a local S3, each key part encoded', () => {
    expect(httpUrl('s3://lab/a b/x.parquet', local)).toBe('http://127.0.0.1:9000/lab/a%20b/x.parquet');
  });
  it('virtual-hosted on AWS', () => {
    expect(httpUrl('s3://lab/t/', aws)).toBe('https://lab.s3.eu-west-1.amazonaws.com/t/');
  });
});

describe('declareTable', () => {
  const columns = [
    { name: 'o_orderkey', type: 'BIGINT' },
    { name: 'we`ird', type: 'DATE' },
  ];

  it('a folder reads every file of its format; credentials are escaped literals', () => {
    const sql = declareTable('orders', { location: 's3://lab/orders/', format: 'parquet', columns }, local);
    expect(sql).toBe(
      "CREATE TABLE metaq.`orders` (`o_orderkey` Nullable(Int64), `we\\`ird` Nullable(Date32)) ENGINE = S3('http://127.0.0.1:9000/lab/orders/**.parquet', 'KEY', 'se\\'cret\\\\', 'Parquet')",
    );
  });

  it('one CSV file, with its header', () => {
    const sql = declareTable('orders', { location: 's3://lab/o.csv', format: 'csv', columns }, aws);
    expect(sql).toMatch(/S3\('https:\/\/lab\.s3\.eu-west-1\.amazonaws\.com\/o\.csv', 'CSVWithNames'\)$/);
  });

  it('a table without known columns names the fix', () => {
    expect(() => declareTable('orders', { location: 's3://lab/o/', format: 'csv' }, local)).toThrow(
      /table orders has no known columns: register it again/,
    );
  });
});

it('the result is one file at the output location, in the requested format', () => {
  expect(resultTarget('s3://lab/out/q1/', 'json', local)).toEqual({
    file: 's3://lab/out/q1/part-0.json',
    writeTo: "s3('http://127.0.0.1:9000/lab/out/q1/part-0.json', 'KEY', 'se\\'cret\\\\', 'JSONEachRow')",
  });
});
