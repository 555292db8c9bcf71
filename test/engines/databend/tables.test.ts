/** The SQL metaq writes around a Databend query: stages, table declarations and the result's COPY. */
import { connection, databendType, declareTable, resultTarget } from '../../../src/engines/databend/tables';
import type { S3Access } from '../../../src/engines/types';

const local: S3Access = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9000/',
  accessKeyId: 'KEY',
  secretAccessKey: "se'cret\\",
  pathStyle: true,
};
const aws: S3Access = {
  region: 'eu-west-1',
  accessKeyId: 'AK',
  secretAccessKey: 'SK',
  sessionToken: 'TOK',
  pathStyle: false,
};
const localConnection =
  "CONNECTION = (endpoint_url = 'http://127.0.0.1:9000', region = 'us-east-1', access_key_id = 'KEY', secret_access_key = 'se\\'cret\\\\', enable_virtual_host_style = 'false')";

describe('databendType', () => {
  it.each([
    ['BIGINT', 'BIGINT NULL'],
    ['decimal(15, 2)', 'DECIMAL(15, 2) NULL'],
    ['DATE', 'DATE NULL'],
    ['TIMESTAMP', 'TIMESTAMP NULL'],
    ['VARCHAR', 'VARCHAR NULL'],
    ['BOOLEAN', 'BOOLEAN NULL'],
    ['UBIGINT', 'BIGINT UNSIGNED NULL'],
  ])('%s → %s', (duckdb, databend) => {
    expect(databendType(duckdb)).toBe(databend);
  });

  it('a type it cannot declare is an error naming it', () => {
    expect(() => databendType('STRUCT(a INTEGER)')).toThrow(/no type for DuckDB's STRUCT\(a INTEGER\)/);
  });
});

describe('connection', () => {
  it('a local S3: its endpoint, path style, the credentials as escaped literals', () => {
    expect(connection(local)).toBe(localConnection);
  });

  it("AWS: the region's endpoint, virtual hosts and the session token", () => {
    expect(connection(aws)).toBe(
      "CONNECTION = (endpoint_url = 'https://s3.eu-west-1.amazonaws.com', region = 'eu-west-1', access_key_id = 'AK', secret_access_key = 'SK', session_token = 'TOK', enable_virtual_host_style = 'true')",
    );
  });
});

describe('declareTable', () => {
  const columns = [
    { name: 'o_orderkey', type: 'BIGINT' },
    { name: 'we`ird', type: 'DATE' },
  ];

  it('a Parquet folder: a view over every Parquet file of its stage, named in lower case', () => {
    expect(declareTable('Orders', { location: 's3://lab/orders/', format: 'parquet' }, 2, local)).toEqual([
      `CREATE OR REPLACE STAGE metaq_in_2 URL = 's3://lab/orders/' ${localConnection}`,
      "CREATE VIEW `orders` AS SELECT * FROM @metaq_in_2 (FILE_FORMAT => 'parquet', PATTERN => '.*[.]parquet')",
    ]);
  });

  it('one Parquet file: the stage is its folder, and the view reads that file alone', () => {
    const [stage, view] = declareTable(
      'o',
      { location: 's3://lab/t/o.parquet', format: 'parquet' },
      0,
      local,
    );
    expect(stage).toMatch(/^CREATE OR REPLACE STAGE metaq_in_0 URL = 's3:\/\/lab\/t\/' /);
    expect(view).toMatch(/FILES => \('o\.parquet'\)\)$/);
  });

  it('a CSV file: a table with the catalog’s columns, loaded by position after the header', () => {
    const [, table, copy] = declareTable(
      'orders',
      { location: 's3://lab/o.csv', format: 'csv', columns },
      1,
      aws,
    );
    expect(table).toBe('CREATE TABLE `orders` (`o_orderkey` BIGINT NULL, `we``ird` DATE NULL)');
    expect(copy).toBe(
      "COPY INTO `orders` FROM @metaq_in_1 FILES = ('o.csv') FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1)",
    );
  });

  it('a JSON folder: every JSON file, by field name', () => {
    const [, , copy] = declareTable('orders', { location: 's3://lab/o/', format: 'json', columns }, 1, local);
    expect(copy).toBe(
      "COPY INTO `orders` FROM @metaq_in_1 PATTERN = '.*[.]json.*' FILE_FORMAT = (TYPE = NDJSON)",
    );
  });

  it('a CSV table without known columns names the fix', () => {
    expect(() => declareTable('orders', { location: 's3://lab/o/', format: 'csv' }, 0, local)).toThrow(
      /table orders has no known columns: register it again/,
    );
  });
});

describe('resultTarget', () => {
  it('one file in the output folder, through a stage of its own, in the requested format', () => {
    expect(resultTarget('s3://lab/out/q1/', 'parquet', local)).toEqual({
      stage: `CREATE OR REPLACE STAGE metaq_out URL = 's3://lab/out/q1/' ${localConnection}`,
      copy: 'COPY INTO @metaq_out FROM (SELECT * FROM metaq_run.result) FILE_FORMAT = (TYPE = PARQUET) SINGLE = TRUE DETAILED_OUTPUT = TRUE',
      folder: 's3://lab/out/q1/',
    });
  });

  it('CSV: the folder only, since the host script writes it', () => {
    expect(resultTarget('s3://lab/out/q1/', 'csv', local)).toEqual({ folder: 's3://lab/out/q1/' });
  });

  it('a location without its final slash is still a folder', () => {
    expect(resultTarget('s3://lab/out/q1', 'json', local).folder).toBe('s3://lab/out/q1/');
    expect(resultTarget('s3://lab/out/q1', 'json', local).copy).toContain('(TYPE = NDJSON)');
  });
});
