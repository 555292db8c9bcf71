/**
 * A worker's own folder on its host: `<tmp>/metaq/<queryId>/worker-<n>/`, the engine's files and,
 * in `logs/`, its processes' logs. Nothing of a finished query stays there: the worker removes its
 * folder when it ends, and the local platform, at teardown, keeps the logs under
 * `$METAQ_HOME/logs/<queryId>/worker-<n>/` and removes the rest, also of a worker that crashed.
 */
import { cpSync, existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const sessionFolder = (sessionId: string) => path.join(os.tmpdir(), 'metaq', sessionId);

export const workerFolder = (sessionId: string, index: number) =>
  path.join(sessionFolder(sessionId), `worker-${index}`);

const LOGS = 'logs';

/** Everything of the folder, its `logs/` too unless `keepLogs` (then the platform keeps them); the session's folder once empty. */
export function removeWorkerFolder(folder: string, { keepLogs }: { keepLogs: boolean }): void {
  if (existsSync(folder)) {
    for (const entry of readdirSync(folder))
      if (!(keepLogs && entry === LOGS)) rmSync(path.join(folder, entry), { recursive: true, force: true });
    if (!keepLogs) rmSync(folder, { recursive: true, force: true });
  }
  // The session's folder goes with its last worker.
  try {
    rmdirSync(path.dirname(folder));
  } catch {
    // Other workers' folders are still there, or it is gone already.
  }
}

/** Moves the worker's engine logs to `logsHome/worker-<n>/`, then removes its folder (a dismissed spare's at rendezvous, every one at teardown). */
export function releaseWorkerFolder(sessionId: string, index: number, logsHome: string): void {
  const folder = workerFolder(sessionId, index);
  const logs = path.join(folder, LOGS);
  if (existsSync(logs) && readdirSync(logs).length > 0)
    cpSync(logs, path.join(logsHome, path.basename(folder)), { recursive: true });
  removeWorkerFolder(folder, { keepLogs: false });
}
