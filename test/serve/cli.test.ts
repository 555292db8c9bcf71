/**
 * The command line beside a running `metaq serve`: query, history and show go through it (the
 * query is one of its executions), with the same output as on the embedded runtime.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { bin, type ServeProcess, sfn, startServeProcess, tempDir, workersOf } from './support';

const report = {
  name: 'morning-answer',
  expression: 'cron(0 6 * * ? *)',
  timezone: 'Europe/Zurich',
  input: { sql: 'SELECT 42 AS answer' },
  output: { location: 's3://metaq-reports/morning/{date}/' },
};

let serve: ServeProcess;
beforeAll(async () => {
  const cwd = tempDir();
  mkdirSync(path.join(cwd, 'schedules'));
  writeFileSync(path.join(cwd, 'schedules', 'morning-answer.json'), JSON.stringify(report));
  serve = await startServeProcess([], cwd);
});
afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

function metaq(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: serve.cwd,
    env: { ...process.env, METAQ_HOME: serve.home },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('metaq query, history and show with a running metaq serve', () => {
  let queryId: string;

  it('query --json runs as an execution of the server and prints the execution output', async () => {
    const run = metaq('query', 'SELECT 42 AS answer', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ status: 'SUCCEEDED', result: { rows: 1, preview: [{ answer: 42 }] } });
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['queryId', 'status', 'plan', 'result', 'timings', 'workers', 'cost']),
    );
    queryId = report.queryId;
    const client = sfn(serve);
    const listed = await client.send(
      new ListExecutionsCommand({
        stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query',
      }),
    );
    client.destroy();
    expect(listed.executions?.map((execution) => execution.name)).toContain(queryId);
  });

  it('query without --json: the same progress lines, table and summary', () => {
    const run = metaq('query', 'SELECT 6 * 7 AS answer');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/✓ Rendezvous/);
    expect(run.stderr).toMatch(/✓ Teardown/);
    expect(run.stdout).toMatch(/│ 42 +│/);
    expect(run.stdout).toMatch(/1 row\(s\) · .* total · engine start .* · \$/);
  });

  it('a failed query: exit code 1, the failed state on stderr, the error in the report', () => {
    const run = metaq('query', 'SELECT no_such_column FROM range(3)');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ Submit +QueryFailed: .*no_such_column/);
    expect(run.stdout).toMatch(/FAILED QueryFailed: .*no_such_column/);
  });

  it('history and show read the records through the server', () => {
    const history = JSON.parse(metaq('history', '--json').stdout);
    expect(history.map((entry: { queryId: string }) => entry.queryId)).toContain(queryId);
    const shown = JSON.parse(metaq('show', queryId, '--json').stdout);
    expect(shown).toMatchObject({ queryId, status: 'SUCCEEDED', sql: 'SELECT 42 AS answer' });
    expect(metaq('show', 'q-none').code).toBe(2);
  });

  it('a second metaq serve for the same home is refused', () => {
    const second = spawnSync(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd: serve.cwd,
      env: { ...process.env, METAQ_HOME: serve.home },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(
      /ServeAlreadyRunning: metaq serve already runs for .* at http:\/\/127\.0\.0\.1:/,
    );
  });

  it('schedules ls asks the server for its schedules and their next runs', () => {
    const run = metaq('schedules', 'ls');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /morning-answer .*cron\(0 6 \* \* \? \*\) .*Europe\/Zurich .*yes .*\d{4}-\d\d-\d\d 06:00/,
    );
    expect(run.stdout).toMatch(/schedules of metaq serve at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('leaves no worker behind', () => {
    expect(workersOf(serve.home)).toEqual([]);
  });
});

describe('metaq schedules ls without a server', () => {
  it("reads the folder itself: next runs in the schedule's time zone", () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'reports'));
    writeFileSync(path.join(cwd, 'reports', 'morning-answer.json'), JSON.stringify(report));
    const run = spawnSync(process.execPath, [bin, 'schedules', 'ls', '--schedules', 'reports', '--json'], {
      cwd,
      env: { ...process.env, METAQ_HOME: path.join(cwd, '.metaq') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const [listed] = JSON.parse(run.stdout);
    expect(listed).toMatchObject({ name: 'morning-answer', enabled: true, timezone: 'Europe/Zurich' });
    expect(listed.nextRuns).toHaveLength(3);
    for (const at of listed.nextRuns)
      expect(new Date(at).toLocaleString('sv-SE', { timeZone: 'Europe/Zurich' })).toMatch(/ 06:00:00$/);
  });

  it('refuses a bad schedule file, naming it and the field', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'schedules'));
    writeFileSync(
      path.join(cwd, 'schedules', 'bad.json'),
      JSON.stringify({ ...report, expression: 'every day' }),
    );
    const run = spawnSync(process.execPath, [bin, 'schedules', 'ls'], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/InvalidSchedule: .*bad\.json: expression: /);
  });
});
