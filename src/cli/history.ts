/** `metaq history` and `metaq show`: what ran, from the audit records. */
import { reportOf } from '../history/report';
import { getRecord, listRecent } from '../history/store';
import type { QueryRecord } from '../history/types';
import { withServeOrRuntime } from './remote';
import { bytes, duration, table, truncate, usd } from './render';

export async function historyCommand(options: { limit: number; json?: boolean }): Promise<number> {
  return withServeOrRuntime(async () => {
    const records = await listRecent(options.limit);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(records.map(summary), null, 2)}\n`);
      return 0;
    }
    if (records.length === 0) {
      process.stdout.write('no queries yet: metaq query "SELECT 42"\n');
      return 0;
    }
    const rows = records.map((record) => {
      const line = summary(record);
      return [
        line.queryId,
        line.createdAt.slice(0, 19).replace('T', ' '),
        line.status,
        line.engine ?? '-',
        line.workers,
        duration(line.totalMs),
        usd(line.costUsd),
        truncate(line.sql, 40),
      ];
    });
    process.stdout.write(
      `${table(['query id', 'started (UTC)', 'status', 'engine', 'workers', 'total', 'cost', 'sql'], rows)}\n`,
    );
    return 0;
  });
}

function summary(record: QueryRecord) {
  const report = reportOf(record);
  return {
    queryId: record.queryId,
    createdAt: record.createdAt,
    status: record.status,
    engine: record.engine,
    workers: record.plan ? `${record.plan.workers}+${record.plan.spares}` : '-',
    totalMs: report.timings.totalMs,
    costUsd: record.cost?.usd,
    schedule: record.schedule,
    sql: record.sql,
    error: record.error,
  };
}

export async function showCommand(queryId: string, options: { json?: boolean }): Promise<number> {
  return withServeOrRuntime(async () => {
    const record = await getRecord(queryId);
    if (!record) {
      process.stderr.write(`no query ${queryId}: metaq history lists the queries that ran\n`);
      return 2;
    }
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ ...reportOf(record), sql: record.sql, createdAt: record.createdAt, tags: record.tags, workerTimeline: record.workerTimeline }, null, 2)}\n`,
      );
      return 0;
    }
    process.stdout.write(`${describeRecord(record)}\n`);
    return 0;
  });
}

function describeRecord(record: QueryRecord): string {
  const report = reportOf(record);
  const plan = record.plan;
  const lines = [
    `query ${record.queryId}: ${record.status}, started ${record.createdAt}`,
    `sql: ${record.sql}`,
    plan
      ? `plan: ${plan.engine} on ${plan.platform}, ${plan.workers} worker(s) + ${plan.spares} spare(s), ${plan.memoryMb} MB each`
      : 'plan: none (the input was refused)',
    ...(plan?.reasons ?? []).map((reason) => `  - ${reason}`),
    `timings: ${Object.entries(report.timings)
      .map(([phase, ms]) => `${phase.replace(/Ms$/, '')} ${duration(ms)}`)
      .join(', ')}`,
    `workers: ${report.workers.launched} launched, ${report.workers.admitted} admitted, ${report.workers.dismissed} dismissed, ${report.workers.failed} failed`,
    `cost: ${usd(report.cost?.usd)} (${report.cost?.breakdown.gbSeconds ?? 0} GB-s)`,
  ];
  if (report.result)
    lines.push(
      `result: ${report.result.rows} row(s), ${bytes(report.result.bytes)} of ${report.result.format} at ${report.result.location}`,
    );
  if (report.error) lines.push(`error: ${report.error.name}: ${report.error.message}`);
  return lines.join('\n');
}
