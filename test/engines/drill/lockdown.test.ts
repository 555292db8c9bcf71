/**
 * User SQL stays inside its query on Drill, tried through metaq as a user would: Drill plans each
 * query (EXPLAIN, views expanded), and a scan of anything but the query's tables is refused
 * (QueryRefused) before the query runs. The queries are written so that the optimizer's parser
 * cannot read them (FETCH FIRST, TABLE(...)): Drill's own gate decides.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../../src/config';
import { installDrill } from '../../../src/engines/drill/install';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { uploadTable } from '../../../src/local/upload';
import {
  expectNothingLeft,
  expectUnprivileged,
  queryProcesses,
  startTestRuntime,
  tempDir,
  watchHungQuery,
  workerUserFiles,
} from '../../support/runtime';

let runtime: LocalRuntime;
let tables: Record<string, { location: string; format: 'csv' }>;
let secretKey: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  installDrill(settings().enginesDir, () => undefined);
  const folder = tempDir('metaq-drill-lockdown-');
  writeFileSync(path.join(folder, 'options.csv'), 'name,value\nalpha,1\nbeta,2\n');
  writeFileSync(path.join(folder, 'secret.csv'), 'who,what\nsomeone,else\n');
  // `options` is the query's table; `secret` is another object in the same bucket.
  const options = await uploadTable('options', path.join(folder, 'options.csv'));
  const secret = await uploadTable('secret', path.join(folder, 'secret.csv'));
  tables = { options: { location: `${options.location}options.csv`, format: 'csv' } };
  secretKey = `${secret.location.replace(/^s3:\/\/[^/]+\//, '')}secret.csv`;
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

const run = (sql: string) => runLocalQuery({ sql, engine: 'drill', workers: 1, spares: 0, tables });

describe('refused by Drill’s own plan before the query runs', () => {
  it.each([
    [
      'its system options, beside a table of the same name',
      'SELECT * FROM sys.`options` FETCH FIRST 1 ROWS ONLY',
      /refuses sys\.options/,
    ],
    [
      'INFORMATION_SCHEMA',
      'SELECT * FROM INFORMATION_SCHEMA.`TABLES` FETCH FIRST 1 ROWS ONLY',
      /refuses information_schema/,
    ],
    [
      'another object of the table’s bucket, through a table function',
      () => `SELECT * FROM TABLE(s3_0.root.\`${secretKey}\`(type => 'text', extractHeader => true))`,
      /refuses s3:\/\/metaq-data\/tables\/secret\/secret\.csv/,
    ],
  ])(
    '%s',
    async (_, sql, message) => {
      const report = await run(typeof sql === 'function' ? sql() : sql);
      expect(report.error?.name).toBe('QueryRefused');
      expect(report.error?.message).toMatch(/^drill reads only the query's tables \(options\)/);
      expect(report.error?.message).toMatch(message);
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    300_000,
  );

  it('the classpath plugin is closed: Drill does not know it', async () => {
    const report = await run('SELECT * FROM cp.`employee.json` FETCH FIRST 1 ROWS ONLY');
    expect(report.error?.name).toBe('QueryFailed');
    expect(report.error?.message).toMatch(/cp/);
  }, 300_000);
});

it('its own table through a table function is still its own: answered', async () => {
  const before = new Set(workerUserFiles());
  const key = tables.options.location.replace(/^s3:\/\/[^/]+\//, '');
  const report = await run(
    `SELECT name FROM TABLE(s3_0.root.\`${key}\`(type => 'text', extractHeader => true)) ORDER BY name FETCH FIRST 5 ROWS ONLY`,
  );
  expect(report.error).toBeUndefined();
  expect(report.result?.preview).toEqual([{ name: 'alpha' }, { name: 'beta' }]);
  expectNothingLeft(report.queryId, before);
}, 300_000);

it('Drill’s processes run without root and without the credentials in their environment', async () => {
  const { engine, processes } = await watchHungQuery({
    sql: 'SELECT count(*) AS n FROM options',
    engine: 'drill',
    workers: 2,
    tables,
    limits: { timeoutSeconds: 10 },
  });
  // ZooKeeper and a drillbit on the head, a drillbit on the other member.
  expect(engine.length).toBeGreaterThanOrEqual(3);
  expectUnprivileged(processes);
}, 300_000);
