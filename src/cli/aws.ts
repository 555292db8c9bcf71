/**
 * `metaq query|history|show --aws`: the same commands against a deployed stack. The query is one
 * execution of its state machine (Step Functions API); the history is its queries table (DynamoDB
 * API), named by METAQ_QUERIES_TABLE (default metaq-queries, the stack's default name).
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { runExecution, stateMachineArn, stopExecution } from '../aws/sfn-client';
import { reportOf } from '../history/report';
import { getRecord, listRecent } from '../history/store';
import type { QueryRecord, QueryReport } from '../history/types';
import { newQueryId } from '../local/run-query';
import type { Format } from '../plan/types';
import { progressPrinter } from './progress';
import { describeReport, type QueryOptions } from './query';
import { progressEventOf } from './remote-progress';
import { duration, table, truncate, usd } from './render';

export interface AwsOptions {
  stateMachineArn?: string;
  /** Between two DescribeExecution calls, in ms. */
  pollMs?: number;
}

export class LocalTableOnAws extends Error {
  override name = 'LocalTableOnAws' as const;
}

/** `--table name=s3://...[:format]`: on AWS a table is already in S3. */
export function awsTables(specs: string[]): Record<string, { location: string; format?: Format }> {
  const tables: Record<string, { location: string; format?: Format }> = {};
  for (const spec of specs) {
    const match = /^([^=]+)=(s3:\/\/.+?)(?::(parquet|csv|json))?$/.exec(spec);
    if (!match) {
      throw new LocalTableOnAws(
        `--table ${spec}: with --aws a table is an s3:// URL (upload it first, e.g. aws s3 cp --recursive), written name=s3://bucket/path/[:format]`,
      );
    }
    tables[match[1]] = match[3] ? { location: match[2], format: match[3] as Format } : { location: match[2] };
  }
  return tables;
}

export function awsQueryInput(sql: string, options: QueryOptions) {
  return {
    sql,
    engine: options.engine,
    workers: options.workers,
    spares: options.spares,
    memoryMb: options.memory,
    tables: awsTables(options.table ?? []),
    output:
      options.format || options.output ? { format: options.format, location: options.output } : undefined,
    limits: options.timeout ? { timeoutSeconds: options.timeout } : undefined,
  };
}

export async function awsQueryCommand(
  sql: string,
  options: QueryOptions & AwsOptions,
  client = new SFNClient({}),
): Promise<number> {
  const machine = stateMachineArn(options.stateMachineArn);
  const queryId = newQueryId();
  const print = options.json ? undefined : progressPrinter();
  let current: string | undefined;
  let release = () => {};
  try {
    const outcome = await runExecution(client, machine, queryId, awsQueryInput(sql, options), {
      pollMs: options.pollMs,
      onStart: (executionArn) => {
        if (!options.json) process.stderr.write(`started ${executionArn}\n`);
        release = stopOnInterrupt(client, executionArn);
      },
      onEvent: (event) => {
        const progress = progressEventOf(event, current);
        current = progress?.current ?? current;
        if (progress?.event) print?.(progress.event);
      },
    });
    const report = await outcomeReport(queryId, outcome);
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeReport(report)}\n`,
    );
    return report.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    release();
  }
}

/** The execution output is the report; when it failed, the history record says the most. */
async function outcomeReport(
  queryId: string,
  outcome: { status?: string; output?: string; error?: string; cause?: string },
): Promise<QueryReport> {
  if (outcome.status === 'SUCCEEDED' && outcome.output) return JSON.parse(outcome.output) as QueryReport;
  const record = await getRecord(queryId).catch(() => undefined);
  if (record && record.status !== 'RUNNING') return reportOf(record);
  return {
    queryId,
    status: 'FAILED',
    timings: {},
    workers: { launched: 0, admitted: 0, dismissed: 0, failed: 0 },
    error: {
      name: outcome.error ?? `Execution${outcome.status}`,
      message: outcome.cause ?? `the execution ended ${outcome.status}`,
    },
  };
}

/** Ctrl-C stops the execution; the stack's teardown-on-stop rule then releases its workers. */
function stopOnInterrupt(client: SFNClient, executionArn: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping ${executionArn}\n`);
    stopExecution(client, executionArn, `stopped by ${signal}`)
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function awsHistoryCommand(options: { limit: number; json?: boolean }): Promise<number> {
  const records = await listRecent(options.limit);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(records.map(line), null, 2)}\n`);
    return 0;
  }
  const rows = records.map((record) => {
    const l = line(record);
    return [
      l.queryId,
      l.createdAt.slice(0, 19).replace('T', ' '),
      l.status,
      l.engine ?? '-',
      l.workers,
      duration(l.totalMs),
      usd(l.costUsd),
      truncate(l.sql, 40),
    ];
  });
  process.stdout.write(
    records.length === 0
      ? 'no queries yet: metaq query --aws "SELECT 42"\n'
      : `${table(['query id', 'started (UTC)', 'status', 'engine', 'workers', 'total', 'cost', 'sql'], rows)}\n`,
  );
  return 0;
}

function line(record: QueryRecord) {
  return {
    queryId: record.queryId,
    createdAt: record.createdAt,
    status: record.status,
    engine: record.engine,
    workers: record.plan ? `${record.plan.workers}+${record.plan.spares}` : '-',
    totalMs: reportOf(record).timings.totalMs,
    costUsd: record.cost?.usd,
    schedule: record.schedule,
    sql: record.sql,
    error: record.error,
  };
}

export async function awsShowCommand(queryId: string, options: { json?: boolean }): Promise<number> {
  const record = await getRecord(queryId);
  if (!record) {
    process.stderr.write(`no query ${queryId} in the deployed stack: metaq history --aws lists them\n`);
    return 2;
  }
  const report = reportOf(record);
  const shown = {
    ...report,
    sql: record.sql,
    createdAt: record.createdAt,
    tags: record.tags,
    workerTimeline: record.workerTimeline,
  };
  process.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : `${describeReport(report)}\n`);
  return 0;
}
