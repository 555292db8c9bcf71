/**
 * The process that runs a query (`metaq query`) is killed mid-query, as the machine's OOM killer
 * or a `kill -9` would: the next metaq started in the same home finds the execution still RUNNING,
 * stops what is left of it and records it ABORTED with `OrchestratorLost`, its workers counted.
 * Killed while an engine starts, its workers end the engine's processes with themselves.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { queryProcesses, tempDir, workersOf } from '../support/runtime';

const bin = path.resolve(__dirname, '../../bin/metaq.js');
const home = path.join(tempDir('metaq-lost-'), '.metaq');
const env = { ...process.env, METAQ_HOME: home };
let running: ChildProcess | undefined;

// A test that failed before its kill leaves no query behind.
afterAll(() => {
  if (running?.exitCode === null) running.kill('SIGKILL');
});

function metaq(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 120_000 });
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('a query whose metaq process was killed is ABORTED (OrchestratorLost) at the next start, nothing left running', async () => {
  // The workers hang in the query, so the query is mid-run when its process is killed.
  running = spawn(process.execPath, [bin, 'query', 'SELECT 42 AS answer', '--spares', '1', '--json'], {
    env: { ...env, METAQ_CHAOS: '0:hang-on-run,1:hang-on-run' },
    stdio: 'ignore',
  });
  const ended = new Promise((resolve) => running?.on('exit', resolve));
  // Two launched; the spare is dismissed once the other is ready, which is then sent the query.
  await until(() => workersOf(home).length > 0, 'a worker of the query');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  running.kill('SIGKILL');
  await ended;

  const shown = metaq('history', '--json');
  expect(shown.status).toBe(0);
  expect(shown.stderr).toMatch(
    /1 query left running by a metaq process that died, now ABORTED \(OrchestratorLost\)/,
  );
  const [record] = JSON.parse(shown.stdout);
  expect(record).toMatchObject({ status: 'ABORTED' });

  const show = metaq('show', record.queryId, '--json');
  expect(show.status).toBe(0);
  const report = JSON.parse(show.stdout);
  expect(report).toMatchObject({
    status: 'ABORTED',
    error: { name: 'OrchestratorLost' },
    workers: { launched: 2 },
  });
  expect(report.error.message).toMatch(/ended before it did/);
  await until(() => queryProcesses(record.queryId).length === 0, 'the query to end', 10_000);

  // Recovered once: the next start finds nothing to recover.
  const again = metaq('history', '--json');
  expect(again.stderr).not.toMatch(/ABORTED/);
  expect(JSON.parse(again.stdout)[0]).toMatchObject({ queryId: record.queryId, status: 'ABORTED' });
}, 180_000);

/** The query a worker process belongs to, from its environment. */
function sessionOf(pid: number): string | undefined {
  try {
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return environment.find((entry) => entry.startsWith('METAQ_SESSION_ID='))?.split('=')[1];
  } catch {
    return undefined; // gone already
  }
}

it('killed while Drill starts: its workers end Drill’s processes (ZooKeeper, drillbit) as they exit', async () => {
  const home = path.join(tempDir('metaq-lost-start-'), '.metaq');
  running = spawn(process.execPath, [bin, 'query', 'SELECT 1 AS one', '--engine', 'drill', '--spares', '0'], {
    env: { ...process.env, METAQ_HOME: home },
    stdio: 'ignore',
  });
  const ended = new Promise((resolve) => running?.on('exit', resolve));
  let queryId: string | undefined;
  await until(
    () => {
      queryId ??= workersOf(home).map(sessionOf).find(Boolean);
      // The worker and at least one engine process: the start is under way.
      return queryId !== undefined && queryProcesses(queryId).length >= 2;
    },
    'a Drill process of the query',
    120_000,
  );
  running.kill('SIGKILL');
  await ended;
  // Nobody runs `metaq` again here: the workers find their control plane gone and end alone.
  await until(
    () => queryProcesses(queryId as string).length === 0,
    'every process of the query to end',
    60_000,
  );
}, 240_000);
