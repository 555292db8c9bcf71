/**
 * What the console reads besides the Step Functions API: the audit records joined to the
 * executions, one execution with everything the page shows, the catalog and the schedules.
 */
import { reportOf } from '../history/report';
import { getRecord, listRecent } from '../history/store';
import type { QueryRecord, WorkerTimeline } from '../history/types';
import { localDefinition } from '../local/statemachine';
import { listTables } from '../plan/catalog';
import { engineNames } from '../plan/types';
import { listWorkers } from '../session/store';
import type { Executions } from './executions';
import type { ScheduledRun, Scheduler } from './scheduler';
import { markStates } from './states';

export interface ConsoleContext {
  executions: Executions;
  scheduler: Scheduler;
  endpoints: { api: string; s3: string; dynamodb: string };
  schedulesFolder: string;
}

export async function executionRows(context: ConsoleContext, limit: number) {
  return (await context.executions.listWithRecords(limit)).map(({ summary, record }) => {
    const report = record ? reportOf(record) : undefined;
    return {
      name: summary.name,
      status: summary.status,
      // Waiting for the local capacity: an open `wait` phase in the record.
      waiting:
        summary.status === 'RUNNING' &&
        record?.phaseStarts.wait !== undefined &&
        record.phaseEnds.wait === undefined,
      startDate: summary.startDate,
      stopDate: summary.stopDate,
      engine: record?.plan?.engine ?? record?.engine,
      workers: record?.plan ? `${record.plan.workers}+${record.plan.spares}` : undefined,
      durationMs: report?.timings.totalMs ?? (summary.stopDate ?? Date.now()) - summary.startDate,
      costUsd: record?.cost?.usd,
      schedule: record?.schedule,
      sql: record?.sql ?? sqlOf(summary.input),
      error: summary.error,
    };
  });
}

export async function executionPage(context: ConsoleContext, name: string) {
  const summary = await context.executions.describe(name);
  const events = await context.executions.history(name);
  const record = await getRecord(name);
  const states = localDefinition().States as Record<string, { Type: string }>;
  return {
    execution: summary,
    record,
    report: record ? reportOf(record) : undefined,
    states: markStates(states, events, summary.status),
    workers: record?.workerTimeline ?? (await liveWorkers(name)),
    downloads: downloadsOf(record),
    events,
  };
}

/** Before Teardown writes the timeline into the record, the session table has it. */
async function liveWorkers(name: string): Promise<WorkerTimeline[]> {
  const workers = await listWorkers(name).catch(() => []);
  return workers.map(({ index, launchedAt, readyAt, admittedAt, dismissedAt, stoppedAt, rank }) => ({
    index,
    launchedAt,
    readyAt,
    admittedAt,
    dismissedAt,
    stoppedAt,
    rank,
  }));
}

/** The result's files, served through this server (`/results/<name>/<file>`). */
export function downloadsOf(record: QueryRecord | undefined): { file: string; url: string; href: string }[] {
  const result = record?.result;
  if (!result) return [];
  return [...result.files, result.manifest].map((url) => {
    const file = url.slice(url.lastIndexOf('/') + 1);
    return { file, url, href: `/results/${encodeURIComponent(record.queryId)}/${encodeURIComponent(file)}` };
  });
}

export async function schedulesPage(context: ConsoleContext) {
  const recent = await listRecent(200);
  return {
    folder: context.schedulesFolder,
    schedules: context.scheduler.status(3).map(({ schedule, nextRuns, lastRun }) => ({
      name: schedule.name,
      description: schedule.description,
      expression: schedule.expression,
      timezone: schedule.timezone,
      enabled: schedule.enabled,
      output: schedule.output,
      nextRuns,
      lastRun: lastRunOf(schedule.name, lastRun, recent),
    })),
  };
}

function lastRunOf(schedule: string, started: ScheduledRun | undefined, recent: QueryRecord[]) {
  const record = started
    ? recent.find((one) => one.queryId === started.name)
    : recent.find((one) => one.schedule === schedule);
  if (!started && !record) return undefined;
  return {
    name: started?.name ?? record?.queryId,
    at: started?.at ?? record?.createdAt,
    status: record?.status ?? 'RUNNING',
  };
}

export async function tablesPage() {
  return { tables: await listTables() };
}

export function infoPage(context: ConsoleContext) {
  return { endpoints: context.endpoints, engines: ['auto', ...engineNames] };
}

function sqlOf(input: string): string {
  try {
    const sql = (JSON.parse(input) as { sql?: unknown }).sql;
    return typeof sql === 'string' ? sql : '';
  } catch {
    return '';
  }
}
