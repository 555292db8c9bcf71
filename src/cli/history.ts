/** `metaq history` and `metaq show`: what ran, from the audit records. */
import { reportOf } from '../history/report';
import { getRecord, listRecent } from '../history/store';
import type { QueryRecord } from '../history/types';
import { withServeOrRuntime } from './remote';
import { bytes, duration, table, truncate, usd } from './render';

export async function historyCommand(options: { limit: number; json?: boolean }): Promise<number> {
  return withServeOrRuntime(async () =>
    printHistory(await listRecent(options.limit), options, 'metaq query "SELECT 42"'),
  );
}

export async function showCommand(queryId: string, options: { json?: boolean }): Promise<number> {
  return withServeOrRuntime(async () =>
    printRecord(queryId, await getRecord(queryId), options, 'metaq history lists the queries that ran'),
  );
}

/** The history table (or JSON lines), wherever the records came from: local, serve or AWS. */
export function printHistory(
  records: QueryRecord[],
  options: { json?: boolean },
  firstQuery: string,
): number {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(records.map(summary), null, 2)}\n`);
    return 0;
  }
  if (records.length === 0) {
    process.stdout.write(`no queries yet: ${firstQuery}\n`);
    return 0;
  }
  const rows = records.map((record) => {
    const line = summary(record);
    const started = line.createdAt.slice(0, 19).replace('T', ' ');
    return [
      line.queryId,
      started,
      line.status,
      line.engine ?? '-',
      line.workers,
      duration(line.totalMs),
      usd(line.costUsd),
      truncate(line.sql, 40),
    ];
  });
  const head = ['query id', 'started (UTC)', 'status', 'engine', 'workers', 'total', 'cost', 'sql'];
  process.stdout.write(`${table(head, rows)}\n`);
  return 0;
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

/** One query's record (exit 2 when there is none), wherever it came from. */
export function printRecord(
  queryId: string,
  record: QueryRecord | undefined,
  options: { json?: boolean },
  hint: string,
): number {
  if (!record) {
    process.stderr.write(`no query ${queryId}: ${hint}\n`);
    return 2;
  }
  if (options.json) {
    const { sql, createdAt, tags, workerTimeline, overlay } = record;
    process.stdout.write(
      `${JSON.stringify({ ...reportOf(record), sql, createdAt, tags, workerTimeline, overlay }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${describeRecord(record)}\n`);
  }
  return 0;
}

const pairs = (list: string[]) => [...list].sort().join(' ') || 'none';

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
    `cost: ${usd(report.cost?.usd)} (workers ${report.cost?.breakdown.gbSeconds ?? 0} GB-s, handlers ${report.cost?.breakdown.handlerGbSeconds ?? 0} GB-s)`,
    // Isolated workers: how each pair reached the other; a relayed pair's bytes pass the reflector.
    ...(record.overlay
      ? [`overlay: punched ${pairs(record.overlay.punched)}, relayed ${pairs(record.overlay.relayed)}`]
      : []),
  ];
  if (report.result)
    lines.push(
      `result: ${report.result.rows} row(s), ${bytes(report.result.bytes)} of ${report.result.format} at ${report.result.location}`,
    );
  if (report.error) lines.push(`error: ${report.error.name}: ${report.error.message}`);
  return lines.join('\n');
}
