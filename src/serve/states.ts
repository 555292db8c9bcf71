/**
 * The workflow's states for the console, in the definition's order, each marked from the
 * execution's history: done, running (the current one), waiting (for the local capacity), failed,
 * aborted, or not reached.
 */
import type { ExecutionStatus } from './archive';
import type { HistoryEvent } from './history-events';

export type StateMark = 'done' | 'running' | 'waiting' | 'failed' | 'aborted' | 'not-reached';

export interface MarkedState {
  name: string;
  type: string;
  mark: StateMark;
  /** Lambda invocations of a Task state (retries and Submit's loop included). */
  invocations: number;
  error?: { error?: string; cause?: string };
}

interface Details {
  name?: string;
  error?: string;
  cause?: string;
}

export function markStates(
  states: Record<string, { Type: string }>,
  events: HistoryEvent[],
  status: ExecutionStatus,
): MarkedState[] {
  const marked = new Map<string, MarkedState>(
    Object.entries(states).map(([name, state]) => [
      name,
      { name, type: state.Type, mark: 'not-reached', invocations: 0 },
    ]),
  );
  let current: MarkedState | undefined;
  for (const event of events) {
    const details = (detailsOf(event) ?? {}) as Details;
    if (event.type.endsWith('StateEntered') && details.name) {
      current = marked.get(details.name);
      if (current) {
        current.mark = current.type === 'Fail' ? 'failed' : 'running';
        current.error = undefined;
      }
    } else if (event.type.endsWith('StateExited') && current) {
      if (current.mark === 'running' || current.mark === 'waiting') current.mark = 'done';
      if (current.error?.error === 'WaitingForCapacity') current.error = undefined;
    } else if (event.type === 'LambdaFunctionScheduled' && current) {
      current.invocations++;
      if (current.mark !== 'waiting') current.mark = 'running';
    } else if (event.type === 'LambdaFunctionFailed' && current && details.error === 'WaitingForCapacity') {
      // Retried until the execution has its share of the machine: waiting, not failed.
      current.mark = 'waiting';
      current.error = { error: details.error, cause: details.cause };
    } else if (event.type === 'LambdaFunctionFailed' && current && details.error !== 'NotReadyYet') {
      // A failure that is retried becomes 'running' again at the next LambdaFunctionScheduled.
      current.mark = 'failed';
      current.error = { error: details.error, cause: details.cause };
    } else if (event.type === 'TaskStateAborted' && current) {
      current.mark = 'aborted';
    } else if (event.type === 'ExecutionFailed' && current?.type === 'Fail') {
      current.error = { error: details.error, cause: details.cause };
    }
  }
  // A run that ended elsewhere (stopped, timed out) leaves no state running.
  if (status !== 'RUNNING')
    for (const state of marked.values())
      if (state.mark === 'running' || state.mark === 'waiting') state.mark = 'aborted';
  return [...marked.values()];
}

function detailsOf(event: HistoryEvent): unknown {
  const key = Object.keys(event).find((name) => name.endsWith('EventDetails'));
  return key ? event[key] : undefined;
}
