/**
 * The execution history as GetExecutionHistory gives it, written from the local run's event log as
 * it happens. Task states call plain Lambda ARNs, so their events are the Lambda ones AWS writes for
 * them (LambdaFunctionScheduled/Started/Succeeded/Failed); the payloads are on the state events.
 */
import type { EventLog } from '../local/statemachine';

/** One event, in the JSON shape of the API: timestamps are epoch seconds. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface StopReason {
  error?: string;
  cause?: string;
}

const stateEventPrefix: Record<string, string> = {
  Task: 'Task',
  Choice: 'Choice',
  Pass: 'Pass',
  Wait: 'Wait',
  Succeed: 'Succeed',
  Fail: 'Fail',
  Map: 'Map',
  Parallel: 'Parallel',
};

export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];
  /** The error and cause given to StopExecution, for the ExecutionAborted event. */
  stopReason: StopReason = {};
  /** The Task state whose Lambda function is running, if any (for TaskStateAborted). */
  private activeTask: string | undefined;
  private failedTask: string | undefined;

  constructor(
    private readonly resources: (state: string) => string | undefined,
    /** When StartExecution accepted the execution: its startDate, and so its first event's time. */
    private readonly startDate: number,
  ) {}

  add(type: string, at: number, details: Record<string, unknown> = {}): HistoryEvent {
    const id = this.events.length + 1;
    const event = { id, previousEventId: id - 1, timestamp: at / 1000, type, ...details };
    this.events.push(event);
    return event;
  }

  record(log: EventLog): void {
    const at = log.timestamp;
    switch (log.type) {
      case 'ExecutionStarted':
        this.add('ExecutionStarted', this.startDate, {
          executionStartedEventDetails: { input: json(log.input), inputDetails: { truncated: false } },
        });
        return;
      case 'StateEntered': {
        const { name, type, input } = log.state;
        this.add(`${stateEventPrefix[type]}StateEntered`, at, {
          stateEnteredEventDetails: { name, input: json(input), inputDetails: { truncated: false } },
        });
        if (type === 'Task') this.schedule(name, at);
        return;
      }
      case 'StateRetried':
        this.schedule(log.state.name, at);
        return;
      case 'StateFailed':
        if (log.state.type !== 'Task') return;
        this.add('LambdaFunctionFailed', at, {
          lambdaFunctionFailedEventDetails: { error: log.Error, cause: text(log.Cause) },
        });
        this.activeTask = undefined;
        this.failedTask = log.state.name;
        return;
      case 'StateExited': {
        const { name, type, output } = log.state;
        if (type === 'Task' && this.failedTask !== name) this.add('LambdaFunctionSucceeded', at);
        this.activeTask = undefined;
        this.failedTask = undefined;
        // A Fail state ends the execution; AWS writes no exit for it.
        if (type === 'Fail') return;
        this.add(`${stateEventPrefix[type]}StateExited`, at, {
          stateExitedEventDetails: { name, output: json(output), outputDetails: { truncated: false } },
        });
        return;
      }
      case 'ExecutionSucceeded':
        this.add('ExecutionSucceeded', at, {
          executionSucceededEventDetails: { output: json(log.output), outputDetails: { truncated: false } },
        });
        return;
      case 'ExecutionFailed':
        this.add('ExecutionFailed', at, {
          executionFailedEventDetails: { error: log.Error, cause: text(log.Cause) },
        });
        return;
      case 'ExecutionAborted':
        if (this.activeTask) this.add('TaskStateAborted', at);
        this.add('ExecutionAborted', at, { executionAbortedEventDetails: defined(this.stopReason) });
        return;
      case 'ExecutionTimeout':
        if (this.activeTask) this.add('TaskStateAborted', at);
        this.add('ExecutionTimedOut', at, { executionTimedOutEventDetails: { error: 'States.Timeout' } });
        return;
      default:
        return;
    }
  }

  private schedule(state: string, at: number): void {
    const resource = this.resources(state);
    this.add('LambdaFunctionScheduled', at, {
      lambdaFunctionScheduledEventDetails: resource ? { resource } : {},
    });
    this.add('LambdaFunctionStarted', at);
    this.activeTask = state;
    this.failedTask = undefined;
  }
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : value instanceof Error ? value.message : JSON.stringify(value);
}

function defined(reason: StopReason): StopReason {
  return Object.fromEntries(Object.entries(reason).filter(([, value]) => value !== undefined));
}
