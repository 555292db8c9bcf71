/** The command line contract, run as a user runs it: `node bin/metaq.js ...` in a fresh METAQ_HOME. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { liveWorkers, tempDir } from '../support/runtime';

const bin = path.resolve(__dirname, '../../bin/metaq.js');
const home = tempDir('metaq-cli-');

function metaq(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: home,
    env: { ...process.env, METAQ_HOME: path.join(home, '.metaq') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('metaq (command line)', () => {
  const ids: string[] = [];

  it('query --json prints exactly one JSON document: the execution output', () => {
    const run = metaq('query', 'SELECT 42 AS answer', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      status: 'SUCCEEDED',
      result: { rows: 1, preview: [{ answer: 42 }], format: 'parquet' },
    });
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['queryId', 'status', 'plan', 'result', 'timings', 'workers', 'cost']),
    );
    expect(Object.keys(report.timings)).toEqual(
      expect.arrayContaining([
        'optimizeMs',
        'provisionMs',
        'rendezvousMs',
        'startMs',
        'queryMs',
        'collectMs',
        'teardownMs',
        'totalMs',
      ]),
    );
    ids.push(report.queryId);
  });

  it('tables add uploads a local file into the local S3 and the query reads it', () => {
    const csv = path.join(home, 'people.csv');
    writeFileSync(csv, 'name,age\nada,36\nalan,41\ngrace,85\n');
    const added = metaq('tables', 'add', 'people', csv);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/people: csv, 1 file\(s\)/);
    expect(metaq('tables', 'ls').stdout).toMatch(
      /people.*csv.*s3:\/\/metaq-data\/tables\/people\/people\.csv/,
    );

    const run = metaq(
      'query',
      'SELECT name FROM people WHERE age > 40 ORDER BY name',
      '--format',
      'json',
      '--json',
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.result.preview).toEqual([{ name: 'alan' }, { name: 'grace' }]);
    expect(report.result.files[0]).toMatch(/part-0\.json$/);
    ids.push(report.queryId);
  });

  it('a failed query: status FAILED with the error, and a non-zero exit code', () => {
    const run = metaq('query', 'SELECT * FROM nowhere', '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('FAILED');
    expect(report.error).toMatchObject({
      name: 'InvalidQueryInput',
      message: expect.stringMatching(/nowhere/),
    });
    ids.push(report.queryId);
  });

  it('without --json: progress on stderr, the rows as a table and a one-line summary', () => {
    const run = metaq('query', 'SELECT 6 * 7 AS answer');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/✓ Rendezvous/);
    expect(run.stderr).toMatch(/✓ Teardown/);
    expect(run.stdout).toMatch(/│ answer │/);
    expect(run.stdout).toMatch(/│ 42 +│/);
    expect(run.stdout).toMatch(/1 row\(s\) · .* total · engine start .* · \$/);
    ids.push(/query id (\S+)/.exec(run.stdout)?.[1] ?? '');
  });

  it('history lists what ran, newest first; show gives one query', () => {
    const history = JSON.parse(metaq('history', '--json').stdout);
    expect(history.map((entry: { queryId: string }) => entry.queryId)).toEqual([...ids].reverse());
    expect(history[1]).toMatchObject({ status: 'FAILED', error: { name: 'InvalidQueryInput' } });
    expect(metaq('history', '--limit', '2').stdout).toContain(ids[3]);

    const shown = JSON.parse(metaq('show', ids[0], '--json').stdout);
    expect(shown).toMatchObject({
      queryId: ids[0],
      status: 'SUCCEEDED',
      sql: 'SELECT 42 AS answer',
      workers: { launched: 1, admitted: 1 },
    });
    expect(metaq('show', ids[2]).stdout).toMatch(/error: InvalidQueryInput: sql: .*nowhere/);
    expect(metaq('show', 'q-none').code).toBe(2);
  });

  it('an option the parser refuses: exit 2, naming the option, and nothing runs', () => {
    for (const args of [
      ['--workers', 'abc'],
      ['--format', 'xml'],
    ]) {
      const run = metaq('query', 'SELECT 1', ...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`option '${args[0]} <[a-z]+>' argument '${args[1]}' is invalid`));
      expect(run.stdout).toBe('');
    }
  });

  it('--timeout 0 is refused by the optimizer, not taken for the default', () => {
    const run = metaq('query', 'SELECT 1', '--timeout', '0', '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.error).toMatchObject({
      name: 'InvalidQueryInput',
      message: expect.stringMatching(
        /^limits\.timeoutSeconds: .*got 0.*Choose limits\.timeoutSeconds from 1/,
      ),
    });
    ids.push(report.queryId);
  });

  it('--table with a local file that is not there says so: exit 2', () => {
    const run = metaq('query', 'SELECT * FROM t', '--table', 't=./nope.csv');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--table t=\.\/nope\.csv: there is no file or folder \.\/nope\.csv/);
  });

  it('leaves no worker behind', () => {
    expect(liveWorkers(...ids)).toEqual([]);
  });
});
