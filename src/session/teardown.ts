/**
 * Teardown, which always runs: stop every worker ever launched for the session (admitted,
 * dismissed, still starting), close the session, and write the outcome into the history.
 */

import { reportOf, timingsOf } from '../history/report';
import { getRecord, invocationEnded, phaseStarted, updateRecord } from '../history/store';
import type { QueryReport, QueryStatus, WorkerCounts, WorkerTimeline } from '../history/types';
import { estimateCost } from '../plan/cost';
import type { Plan } from '../plan/types';
import { localLedger } from '../platforms/capacity';
import { platformFor } from '../platforms/registry';
import type { CaughtError } from '../state';
import { isAbort } from './errors';
import { isLost } from './liveness';
import { closeSession, getSession, listWorkers, markStopped } from './store';
import type { WorkerItem } from './types';

export async function teardown(queryId: string, error?: CaughtError): Promise<QueryReport> {
  const startedAt = Date.now();
  await phaseStarted(queryId, 'teardown', startedAt);
  const session = await getSession(queryId);
  let workers: WorkerItem[];
  try {
    workers = session ? await releaseWorkers(session.plan, await listWorkers(queryId)) : [];
  } finally {
    // Its workers are gone (or beyond reach): the next execution waiting for the machine may launch.
    localLedger.release(queryId);
  }
  if (session) await closeSession(queryId, Date.now());
  const releasedAt = Date.now();
  await invocationEnded(queryId, 'teardown', { startedAt, endedAt: releasedAt, endsPhase: true });
  const record = await getRecord(queryId);
  if (!record) throw new Error(`no history record for query ${queryId}`);
  const plan = session?.plan ?? record.plan;
  const invocations = record.invocations;
  // Each handler invocation (retries included) is one state transition; two Choices and the end add three.
  const transitions = invocations + 3;
  const failure = error ? describe(error) : undefined;
  const outcome = {
    status: statusOf(failure?.name),
    error: failure,
    timings: timingsOf(record),
    workers: counts(workers),
    workerTimeline: workers.map(timeline),
    cost: estimateCost(
      workers.map((worker) => usage(worker, plan, releasedAt)),
      // Teardown's own work after releasing the workers (writing this record) is not counted.
      { invocations, ms: record.handlerMs ?? 0 },
      transitions,
    ),
    releasedAt: new Date(releasedAt).toISOString(),
  };
  await updateRecord(queryId, outcome);
  return reportOf({ ...record, ...outcome });
}

function statusOf(errorName: string | undefined): QueryStatus {
  if (errorName === undefined) return 'SUCCEEDED';
  return isAbort(errorName) ? 'ABORTED' : 'FAILED';
}

async function releaseWorkers(plan: Plan, workers: WorkerItem[]): Promise<WorkerItem[]> {
  const platform = await platformFor(plan.platform);
  const now = Date.now();
  // The stop is written first: on Lambda it is the only way to end a worker.
  for (const worker of workers)
    if (worker.state !== 'stopped') await markStopped(plan.queryId, worker.index, now);
  await platform.terminate(workers.map((worker) => ({ index: worker.index, handle: worker.handle })));
  return workers;
}

function counts(workers: WorkerItem[]): WorkerCounts {
  const now = Date.now();
  return {
    launched: workers.length,
    admitted: workers.filter((worker) => worker.admittedAt !== undefined).length,
    dismissed: workers.filter((worker) => worker.dismissedAt !== undefined).length,
    // Never ready, or admitted and silent by the end: crashed or killed.
    failed: workers.filter(
      (worker) =>
        (worker.readyAt === undefined && worker.dismissedAt === undefined) ||
        (worker.admittedAt !== undefined && worker.state !== 'stopped' && isLost(worker, now)),
    ).length,
  };
}

function timeline(worker: WorkerItem): WorkerTimeline {
  const { index, launchedAt, readyAt, admittedAt, dismissedAt, rank } = worker;
  return {
    index,
    launchedAt,
    readyAt,
    admittedAt,
    dismissedAt,
    rank,
    stoppedAt: worker.stoppedAt ?? Date.now(),
  };
}

function usage(worker: WorkerItem, plan: Plan | undefined, releasedAt: number) {
  const end = worker.dismissedAt ?? worker.stoppedAt ?? releasedAt;
  return { memoryMb: plan?.memoryMb ?? 1024, ms: Math.max(0, end - worker.launchedAt) };
}

/** On AWS a Lambda error's Cause is a JSON document; locally it is the message itself. */
export function describe(error: CaughtError): { name: string; message: string } {
  try {
    const cause = JSON.parse(error.Cause ?? '') as { errorMessage?: string };
    if (cause.errorMessage) return { name: error.Error, message: cause.errorMessage };
  } catch {
    // Not JSON: the cause is the message.
  }
  return { name: error.Error, message: error.Cause ?? error.Error };
}
