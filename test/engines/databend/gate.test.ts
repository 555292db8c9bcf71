/**
 * Databend's gate on its own, with the engine started directly (no worker, no S3 reads): what the
 * optimizer refuses first is tried here too, since the engine must not rely on it (a second
 * statement, a stage made in the query), beside what passes. One Databend process for all.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../../src/config';
import { engine } from '../../../src/engines/registry';
import type { RunningEngine } from '../../../src/engines/types';
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Plan } from '../../../src/plan/types';
import { startTestRuntime, tempDir } from '../../support/runtime';

let runtime: LocalRuntime;
let databend: RunningEngine;
const workDir = tempDir('metaq-databend-gate-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  const { enginesDir } = settings();
  await engine('databend').install.install(enginesDir, () => undefined);
  const member = { index: 0, rank: 0, address: '127.0.0.1', ports: [] };
  databend = await engine('databend').start({
    plan: { tables: {}, config: {}, memoryMb: 1024 } as unknown as Plan,
    member,
    members: [member],
    workDir,
    enginesDir,
    startTimeoutMs: 60_000,
    s3: {
      region: 'us-east-1',
      endpoint: runtime.s3Endpoint,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      pathStyle: true,
    },
  });
}, 300_000);
afterAll(async () => {
  await databend?.stop();
  await runtime?.stop();
});

const run = (sql: string) =>
  databend.run({ sql, output: { location: 's3://metaq-results/gate/', format: 'json' }, previewRows: 5 });

describe('refused before anything runs', () => {
  it.each([
    ['a second statement', "SELECT 1; CREATE STAGE mine URL = 's3://metaq-data/'", /more than one statement/],
    [
      'a second statement after a comment',
      'SELECT 1 /* ; */; DROP DATABASE metaq_run',
      /more than one statement/,
    ],
    ['a stage made in the query', "CREATE STAGE mine URL = 's3://metaq-data/'", /runs one SELECT query/],
    ['a COPY', 'COPY INTO @metaq_out FROM (SELECT 1) FILE_FORMAT = (TYPE = CSV)', /runs one SELECT query/],
    ['a setting', 'SET max_threads = 64', /runs one SELECT query/],
    ['a stage in a subquery', 'SELECT 1 AS a WHERE 1 IN (SELECT $1 FROM @metaq_out)', /stage or location/],
    ['a URI in a join', "SELECT * FROM numbers(1) JOIN 'fs:///etc/' ON 1 = 1", /stage or location Uri/],
    [
      'a system table in a CTE',
      'WITH s AS (SELECT * FROM system.settings) SELECT * FROM s',
      /refuses system\.settings/,
    ],
    ['a quoted system table', 'SELECT * FROM "system"."settings"', /refuses "system"\."settings"/],
    [
      'a lateral table function',
      "SELECT * FROM numbers(1), LATERAL list_stage(location => '@x')",
      /list_stage/,
    ],
    ['a hint', 'SELECT /*+ SET_VAR(max_threads=64) */ 1', /optimizer hints/],
  ])('%s', async (_, sql, message) => {
    await expect(run(sql)).rejects.toMatchObject({
      name: 'QueryRefused',
      message: expect.stringMatching(message),
    });
  });
});

describe('let through', () => {
  it.each([
    [
      'a table function that makes rows',
      'SELECT number FROM numbers(3) ORDER BY number',
      [{ number: 0 }, { number: 1 }, { number: 2 }],
    ],
    [
      'a hint-like string and a semicolon in a string',
      "SELECT '/*+ x */; DROP' AS s;",
      [{ s: '/*+ x */; DROP' }],
    ],
    ['a dollar-quoted string, and a comment at the end', 'SELECT $$a;b$$ AS s -- the end', [{ s: 'a;b' }]],
  ])('%s', async (_, sql, preview) => {
    const outcome = await run(sql);
    expect(outcome.preview).toEqual(preview);
    expect(outcome.rows).toBe(preview.length);
  });

  it("keeps its data in the worker's folder", () => {
    expect(existsSync(path.join(workDir, '.databend'))).toBe(true);
  });
});
