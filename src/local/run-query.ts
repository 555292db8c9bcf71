/**
 * One query through the local state machine, from start to the audit record it leaves, and its
 * state-by-state history kept as `metaq serve` keeps its own executions': whichever door started a
 * query (command line, server, schedule), the console and the Step Functions API tell it the same.
 */
import { randomBytes } from 'node:crypto';

import { failedReport, reportOf } from '../history/report';
import { getRecord, updateRecord } from '../history/store';
import type { QueryReport } from '../history/types';
import { type ArchivedExecution, archiveExecution } from '../serve/archive';
import { HistoryRecorder } from '../serve/history-events';
import { markEnded, markRunning } from './running';
import { type EventLog, startLocalExecution, stateResources } from './statemachine';

export function newQueryId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `q-${stamp}-${randomBytes(3).toString('hex')}`;
}

export interface RunOptions {
  queryId?: string;
  onEvent?: (event: EventLog) => void;
}

export async function runLocalQuery(input: unknown, options: RunOptions = {}): Promise<QueryReport> {
  const queryId = options.queryId ?? newQueryId();
  const startDate = Date.now();
  const history = new HistoryRecorder(stateResources(), startDate);
  markRunning(queryId);
  const execution = startLocalExecution(queryId, input);
  const watching = (async () => {
    for await (const event of execution.events) {
      history.record(event);
      options.onEvent?.(event);
    }
  })();
  let failure: { name: string; message: string } | undefined;
  try {
    await execution.result;
  } catch (error) {
    const cause = (error as { cause?: { name?: string; message?: string; cause?: string } }).cause;
    failure = {
      name: cause?.name ?? 'ExecutionFailed',
      message: String(cause?.cause ?? cause?.message ?? error),
    };
  }
  await watching.catch(() => undefined);
  const report = await outcome(queryId, failure);
  markEnded(queryId);
  keepHistory({
    name: queryId,
    status: failure ? 'FAILED' : 'SUCCEEDED',
    startDate,
    stopDate: Date.now(),
    input: JSON.stringify(input ?? {}),
    output: failure ? undefined : JSON.stringify(report),
    error: failure?.name,
    cause: failure?.message,
    events: history.events,
  });
  return report;
}

async function outcome(queryId: string, failure?: { name: string; message: string }): Promise<QueryReport> {
  const record = await getRecord(queryId);
  if (record && failure && record.status === 'RUNNING') {
    // Teardown itself failed: the record still says RUNNING; the execution's error is the outcome.
    await updateRecord(queryId, { status: 'FAILED', error: failure });
    return reportOf({ ...record, status: 'FAILED', error: failure });
  }
  if (record) return reportOf(record);
  return failedReport(
    queryId,
    failure ?? { name: 'ExecutionFailed', message: 'the execution left no history record' },
  );
}

function keepHistory(execution: ArchivedExecution): void {
  try {
    archiveExecution(execution);
  } catch (error) {
    // Only the state-by-state history is lost: the record in DynamoDB is the audit.
    process.stderr.write(`metaq: could not keep the history of ${execution.name}: ${error}\n`);
  }
}
