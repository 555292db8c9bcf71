/**
 * `metaq query|history|show --aws`: the same commands against a deployed stack. The query is one
 * execution of its state machine (Step Functions API); the history is its queries table (DynamoDB
 * API), named by METAQ_QUERIES_TABLE (default metaq-queries, the stack's default name).
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { runExecution, stateMachineArn, stopExecution } from '../aws/sfn-client';
import { reportOf } from '../history/report';
import { getRecord, listRecent } from '../history/store';
import type { QueryReport } from '../history/types';
import { newQueryId } from '../local/run-query';
import type { Format } from '../plan/types';
import { printHistory, printRecord } from './history';
import { onInterrupt } from './interrupt';
import { progressPrinter } from './progress';
import { describeReport, type QueryOptions } from './query';
import { progressEventOf } from './remote-progress';

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
  return onInterrupt(`stopping ${executionArn}`, (signal) =>
    stopExecution(client, executionArn, `stopped by ${signal}`),
  );
}

export async function awsHistoryCommand(options: { limit: number; json?: boolean }): Promise<number> {
  return printHistory(await listRecent(options.limit), options, 'metaq query --aws "SELECT 42"');
}

export async function awsShowCommand(queryId: string, options: { json?: boolean }): Promise<number> {
  return printRecord(
    queryId,
    await getRecord(queryId),
    options,
    'metaq history --aws lists the queries of the deployed stack',
  );
}
