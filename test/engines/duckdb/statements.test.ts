import { DuckDBInstance } from '@duckdb/node-api';
import { settings } from '../../../src/config';
import { httpfsPath } from '../../../src/engines/duckdb/extensions';
import {
  copyResult,
  lockDown,
  materialise,
  s3Secret,
  tableView,
} from '../../../src/engines/duckdb/statements';
import { tempDir } from '../../support/runtime';

describe('DuckDB statements', () => {
  it('lock a real DuckDB down: no file outside the query data, no credentials in the settings', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'SECRET-FROM-THE-ENVIRONMENT';
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`LOAD '${httpfsPath(settings().enginesDir)}'`);
    for (const statement of lockDown({
      readable: ['s3://data/a/'],
      memoryMb: 512,
      spillDir: tempDir('spill-'),
    }))
      await connection.run(statement);
    await expect(connection.run("SELECT * FROM read_text('/proc/self/environ')")).rejects.toThrow(
      /disabled by configuration/,
    );
    const secret = await connection.runAndReadAll("SELECT current_setting('s3_secret_access_key')");
    expect(secret.getRowsJS()).toEqual([['']]);
    await expect(connection.run("SET s3_secret_access_key = 'x'")).rejects.toThrow(/locked/);
    connection.closeSync();
    instance.closeSync();
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('reads a folder of Parquet with a recursive glob and one CSV file as it is', () => {
    expect(tableView('lineitem', { location: 's3://data/tpch/lineitem/', format: 'parquet' })).toBe(
      `CREATE OR REPLACE VIEW "lineitem" AS SELECT * FROM read_parquet('s3://data/tpch/lineitem/**/*.parquet')`,
    );
    expect(tableView('o', { location: "s3://data/it's.csv", format: 'csv' })).toBe(
      `CREATE OR REPLACE VIEW "o" AS SELECT * FROM read_csv('s3://data/it''s.csv', header = true)`,
    );
  });

  it('locks the configuration after allowing only the query data, folders and files apart', () => {
    const readable = ['s3://data/a/', 's3://data/b.csv', 's3://results/q/'];
    expect(lockDown({ readable, memoryMb: 1024, spillDir: '/tmp/w/spill', threads: 2 })).toEqual([
      "SET memory_limit = '768MB'",
      'SET threads = 2',
      "SET temp_directory = '/tmp/w/spill'",
      "SET s3_access_key_id = ''",
      "SET s3_secret_access_key = ''",
      "SET s3_session_token = ''",
      "SET allowed_directories = ['s3://data/a/', 's3://results/q/']",
      "SET allowed_paths = ['s3://data/b.csv']",
      'SET enable_external_access = false',
      'SET lock_configuration = true',
    ]);
  });

  it('points S3 at a local endpoint with path-style URLs', () => {
    const secret = s3Secret({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      accessKeyId: 'K',
      secretAccessKey: 'S',
      pathStyle: true,
    });
    expect(secret).toBe(
      "CREATE OR REPLACE SECRET metaq_s3 (TYPE s3, REGION 'us-east-1', KEY_ID 'K', SECRET 'S', ENDPOINT '127.0.0.1:4569', USE_SSL false, URL_STYLE 'path')",
    );
  });

  it('materialises the query once, without its trailing semicolon, and copies it in the asked format', () => {
    expect(materialise('SELECT 1;  ')).toBe('CREATE TEMP TABLE __metaq_result AS SELECT 1');
    expect(copyResult('s3://r/q/', 'csv')).toEqual({
      statement: "COPY __metaq_result TO 's3://r/q/part-0.csv' (FORMAT csv, HEADER true)",
      file: 's3://r/q/part-0.csv',
    });
  });
});
