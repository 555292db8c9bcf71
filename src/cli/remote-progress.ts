/**
 * The server's history events read back as the local runner's event log, so that a query through
 * `metaq serve` prints the same progress lines as one on the embedded runtime.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EventLog } from '../local/statemachine';

export type ProgressEvent = EventLog;

/** The event for the printer, if any, and the state now running (LambdaFunctionFailed names none). */
export function progressEventOf(
  event: HistoryEvent,
  current: string | undefined,
): { current?: string; event?: ProgressEvent } | undefined {
  const type = event.type ?? '';
  const timestamp = event.timestamp?.getTime() ?? Date.now();
  const stateType = type.replace(/State(Entered|Exited)$/, '');
  if (type.endsWith('StateEntered') && event.stateEnteredEventDetails) {
    const { name, input } = event.stateEnteredEventDetails;
    const state = { name, type: stateType, input: parse(input) };
    return { current: name, event: { type: 'StateEntered', timestamp, state } as ProgressEvent };
  }
  if (type.endsWith('StateExited') && event.stateExitedEventDetails) {
    const { name, output } = event.stateExitedEventDetails;
    const state = { name, type: stateType, input: null, output: parse(output) };
    return { current, event: { type: 'StateExited', timestamp, state } as ProgressEvent };
  }
  if (type === 'LambdaFunctionFailed' && current) {
    const { error, cause } = event.lambdaFunctionFailedEventDetails ?? {};
    const state = { name: current, type: 'Task', input: null };
    return {
      current,
      event: { type: 'StateFailed', timestamp, state, Error: error, Cause: cause } as ProgressEvent,
    };
  }
  return undefined;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
