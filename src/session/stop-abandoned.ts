/**
 * Teardown for an execution that ended without reaching its Teardown state: stopped (console, API),
 * timed out, or failed outside a Catch. EventBridge reports the status change; this runs the same,
 * idempotent teardown for the execution's session (its name is the queryId and the sessionId).
 */
import { getRecord } from '../history/store';
import type { QueryReport } from '../history/types';
import type { CaughtError } from '../state';
import { getSession } from './store';
import { teardown } from './teardown';

/** The `detail` of a "Step Functions Execution Status Change" event. */
export interface ExecutionStatusDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  startDate?: number;
  stopDate?: number | null;
  error?: string | null;
  cause?: string | null;
}

export interface StopOutcome {
  queryId: string;
  /** torn down: the workers were stopped now; released: Teardown had run; not started: no record. */
  action: 'torn down' | 'released' | 'not started';
  report?: QueryReport;
}

export function stopError(detail: ExecutionStatusDetail): CaughtError {
  switch (detail.status) {
    case 'ABORTED':
      return {
        Error: 'ExecutionAborted',
        Cause: detail.cause ?? 'the execution was stopped before its Teardown state ran',
      };
    case 'TIMED_OUT':
      return {
        Error: 'ExecutionTimedOut',
        Cause:
          detail.cause ??
          'the execution ran longer than its TimeoutSeconds; raise it in the ASL or lower limits.timeoutSeconds',
      };
    default:
      return {
        Error: detail.error ?? 'ExecutionFailed',
        Cause: detail.cause ?? 'the execution failed outside a Catch',
      };
  }
}

export async function stopAbandonedSession(detail: ExecutionStatusDetail): Promise<StopOutcome> {
  const queryId = detail.name;
  const [record, session] = await Promise.all([getRecord(queryId), getSession(queryId)]);
  // Stopped before Optimize wrote the record: nothing was launched.
  if (!record) return { queryId, action: 'not started' };
  // A failure caught by the workflow went through Teardown before the execution failed.
  if (record.releasedAt && (!session || session.status === 'closed')) return { queryId, action: 'released' };
  return { queryId, action: 'torn down', report: await teardown(queryId, stopError(detail)) };
}
