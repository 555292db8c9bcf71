/** One query through the local state machine, from start to the audit record it leaves. */
import { randomBytes } from 'node:crypto';

import { failedReport, reportOf } from '../history/report';
import { getRecord, updateRecord } from '../history/store';
import type { QueryReport } from '../history/types';
import { type EventLog, startLocalExecution } from './statemachine';

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
  const execution = startLocalExecution(queryId, input);
  const watching = (async () => {
    for await (const event of execution.events) options.onEvent?.(event);
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
