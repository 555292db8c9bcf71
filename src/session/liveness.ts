/** A member that stopped sending heartbeats is lost: the query cannot finish without it. */
import { settings } from '../config';
import { WorkerLost } from './errors';
import type { WorkerItem } from './types';

export function heartbeatTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return settings(env).heartbeatTimeoutMs;
}

export function isLost(worker: WorkerItem, now: number, timeoutMs = heartbeatTimeoutMs()): boolean {
  if (worker.state === 'stopped' || worker.state === 'dismissed' || worker.exitedAt !== undefined)
    return true;
  return now - (worker.heartbeatAt ?? worker.launchedAt) > timeoutMs;
}

export function assertAlive(workers: WorkerItem[], now: number, doing: string): void {
  const lost = workers.filter((worker) => isLost(worker, now));
  if (lost.length === 0) return;
  const which = lost.map((worker) => worker.index).join(', ');
  const how = lost.map((worker) =>
    worker.exitedAt !== undefined
      ? `exited with ${worker.exitCode}`
      : `no heartbeat for ${heartbeatTimeoutMs() / 1000} s`,
  );
  throw new WorkerLost(
    `worker ${which} stopped answering while ${doing} (${how.join('; ')}): it crashed or was killed; see its log`,
  );
}
