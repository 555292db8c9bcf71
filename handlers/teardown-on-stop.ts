/** The teardown-on-stop rule's target: an execution ended (ABORTED, TIMED_OUT, FAILED) without Teardown. */
import {
  type ExecutionStatusDetail,
  type StopOutcome,
  stopAbandonedSession,
} from '../src/session/stop-abandoned';

export interface ExecutionStatusChange {
  source: 'aws.states';
  'detail-type': 'Step Functions Execution Status Change';
  detail: ExecutionStatusDetail;
}

export async function handler(event: ExecutionStatusChange): Promise<StopOutcome> {
  return stopAbandonedSession(event.detail);
}
