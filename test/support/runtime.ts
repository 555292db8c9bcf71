/** A fresh embedded runtime (real dynalite, s3rver, workers) in a temporary METAQ_HOME per test file. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settings } from '../../src/config';
import { installDuckdb } from '../../src/engines/duckdb/install';
import { newQueryId, runLocalQuery } from '../../src/local/run-query';
import { type LocalRuntime, startRuntime } from '../../src/local/runtime';
import { sessionFolder } from '../../src/platforms/worker-folder';
import { workerUser } from '../../src/platforms/worker-user';
import { isWorkerPart, metaqWorkers, queryProcesses, workersOf } from '../../src/session/query-processes';

export async function startTestRuntime(): Promise<LocalRuntime> {
  process.env.METAQ_HOME = mkdtempSync(path.join(os.tmpdir(), 'metaq-test-'));
  installDuckdb(settings().enginesDir, () => undefined);
  return startRuntime();
}

/**
 * The live workers of the given queries (by the session id each worker inherits), or else of this
 * test's METAQ_HOME: other metaq runs on the machine are not this test's business.
 */
export function liveWorkers(...queryIds: string[]): number[] {
  if (queryIds.length === 0) return workersOf(process.env.METAQ_HOME ?? '');
  const sessions = new Set(queryIds.map((id) => `METAQ_SESSION_ID=${id}`));
  return metaqWorkers((environment) => environment.some((entry) => sessions.has(entry)));
}

// Moved to src (the chaos campaign counts with them too); the tests import them from here.
export { queryProcesses, workersOf };

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface SeenProcess {
  pid: number;
  uid: number;
  name: string;
  /** A metaq worker (node), also in its first moments, before it is called metaq-worker. */
  worker: boolean;
  environment: string[];
}

/** Every process of a query seen while `running` runs (sampled every 250 ms): uid, name, environment. */
export async function watchQueryProcesses(
  queryId: string,
  running: Promise<unknown>,
): Promise<SeenProcess[]> {
  let done = false;
  void running.finally(() => {
    done = true;
  });
  const seen = new Map<number, SeenProcess>();
  while (!done) {
    for (const pid of queryProcesses(queryId)) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '';
        seen.set(pid, {
          pid,
          uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]),
          name,
          worker: name === 'metaq-worker' || isWorkerPart(readlinkSync(`/proc/${pid}/exe`)),
          environment: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'),
        });
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return [...seen.values()];
}

/** The names of the processes whose environment holds AWS credentials. */
export function withCredentials(processes: SeenProcess[]): string[] {
  return processes
    .filter((process) =>
      process.environment.some((entry) =>
        /^AWS_(SECRET_ACCESS_KEY|ACCESS_KEY_ID|SESSION_TOKEN)=/.test(entry),
      ),
    )
    .map((process) => process.name);
}

/**
 * What the workers' user owns in the places any user may write (/tmp, /var/tmp, /dev/shm), when
 * workers run as a user of their own (metaq run by root): a finished query must leave none of it.
 */
export function workerUserFiles(): string[] {
  const user = workerUser();
  if (!user) return [];
  return ['/tmp', '/var/tmp', '/dev/shm', path.join(os.tmpdir(), 'metaq')].flatMap((folder) => {
    try {
      return readdirSync(folder)
        .map((entry) => path.join(folder, entry))
        .filter((entry) => statSync(entry, { throwIfNoEntry: false })?.uid === user.uid);
    } catch {
      return [];
    }
  });
}

/** Nothing of the query left on disk: its workers' folders are gone, and no file of theirs appeared. */
export function expectNothingLeft(queryId: string, before: Set<string>): void {
  expect(existsSync(sessionFolder(queryId))).toBe(false);
  expect(workerUserFiles().filter((file) => !before.has(file))).toEqual([]);
}

/**
 * Runs a query that hangs once its engine is up (METAQ_CHAOS hang-on-run) until its time limit,
 * and returns every process of it seen meanwhile, with the report (a QueryTimeout).
 */
export async function watchHungQuery(input: Record<string, unknown>) {
  const before = new Set(workerUserFiles());
  // Every worker hangs: which one becomes the head is a race.
  const launched = Number(input.workers ?? 1) + Number(input.spares ?? 0);
  process.env.METAQ_CHAOS = Array.from({ length: launched }, (_, index) => `${index}:hang-on-run`).join(',');
  const queryId = newQueryId();
  const running = runLocalQuery({ spares: 0, ...input }, { queryId });
  const processes = await watchQueryProcesses(queryId, running);
  delete process.env.METAQ_CHAOS;
  const report = await running;
  // The whole error on a mismatch: a start that failed instead says why (CI once saw EngineStartFailed).
  expect(report.error).toMatchObject({ name: 'QueryTimeout' });
  expectNothingLeft(queryId, before);
  return { report, engine: processes.filter((process) => !process.worker), processes };
}

/** No process ran as root (when metaq does), and no engine process had credentials in its environment. */
export function expectUnprivileged(processes: SeenProcess[]): void {
  if (os.userInfo().uid === 0) expect(processes.filter((process) => process.uid === 0)).toEqual([]);
  expect(withCredentials(processes.filter((process) => !process.worker))).toEqual([]);
}
