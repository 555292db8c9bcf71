/**
 * One execution run by `metaq serve`: the local state machine, its history as it happens, and its
 * end. A stop (or the state machine's time limit) ends the run where it is, so the Teardown state
 * never comes: the teardown is called here instead, so that no worker outlives a stopped execution.
 */
import { getRecord, openRecord, updateRecord } from '../history/store';
import { markEnded, markRunning } from '../local/running';
import { type LocalExecution, startLocalExecution } from '../local/statemachine';
import { teardown } from '../session/teardown';
import type { CaughtError } from '../state';
import { type ArchivedExecution, archiveExecution, type ExecutionStatus } from './archive';
import { HistoryRecorder, type StopReason } from './history-events';

export class RunningExecution {
  readonly startDate: number;
  status: ExecutionStatus = 'RUNNING';
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  readonly history: HistoryRecorder;
  /** Settles when the execution has ended, everything it launched is released and it is archived. */
  readonly finished: Promise<void>;
  private readonly local: LocalExecution;
  private released?: Promise<void>;

  constructor(
    readonly name: string,
    readonly input: string,
    resources: (state: string) => string | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.startDate = Date.now();
    this.history = new HistoryRecorder(resources, this.startDate);
    markRunning(name);
    this.local = startLocalExecution(name, JSON.parse(input));
    this.finished = this.run();
  }

  /** StopExecution: ends the run at once and returns once its workers are gone. */
  async stop(reason: StopReason): Promise<number> {
    if (this.status === 'RUNNING') {
      this.end('ABORTED', reason);
      this.history.stopReason = reason;
      this.local.abort();
      const detail = [reason.error, reason.cause].filter(Boolean).join(': ');
      await this.release({
        Error: 'ExecutionAborted',
        Cause: `the execution was stopped (StopExecution)${detail ? `: ${detail}` : ''}`,
      });
    }
    return this.stopDate ?? Date.now();
  }

  summary(): ArchivedExecution {
    const { name, status, startDate, stopDate, input, output, error, cause } = this;
    return { name, status, startDate, stopDate, input, output, error, cause, events: this.history.events };
  }

  private async run(): Promise<void> {
    const watching = (async () => {
      for await (const event of this.local.events) this.history.record(event);
    })();
    try {
      const output = await this.local.result;
      this.end('SUCCEEDED', { output: JSON.stringify(output ?? null) });
    } catch (error) {
      if (this.status !== 'RUNNING') {
        // Stopped: stop() released it.
      } else if ((error as Error).name === 'ExecutionTimeoutError') {
        this.end('TIMED_OUT', { error: 'States.Timeout' });
        this.local.abort();
        await this.release({ Error: 'States.Timeout', Cause: 'the execution ran past its TimeoutSeconds' });
      } else {
        const failure = failureOf(error);
        this.end('FAILED', { error: failure.name, cause: failure.message });
        await this.settleRecord(failure).catch((problem) =>
          this.log(`could not record the failure of ${this.name}: ${problem}`),
        );
      }
    }
    await watching.catch(() => undefined);
    await this.released;
    markEnded(this.name);
    try {
      archiveExecution(this.summary());
    } catch (error) {
      // Only the record of a restart is lost: the history record in DynamoDB is the audit.
      this.log(`could not archive ${this.name}: ${error}`);
    }
  }

  private end(status: ExecutionStatus, details: { output?: string; error?: string; cause?: string }): void {
    this.status = status;
    this.stopDate = Date.now();
    Object.assign(this, details);
  }

  /**
   * Teardown now; and again once the handler that was running has returned, since it may have
   * launched workers after the first (teardown is idempotent). Only the first is waited for.
   */
  private release(caught: CaughtError): Promise<void> {
    const first = this.tearDown(caught);
    this.released = first.then(() => this.local.idle()).then(() => this.tearDown(caught));
    return first;
  }

  private async tearDown(caught: CaughtError): Promise<void> {
    try {
      // Stopped before Optimize opened the audit record: open it, so that the stop is on record too.
      if (!(await getRecord(this.name)))
        await openRecord(this.name, JSON.parse(this.input), new Date(this.startDate));
      await teardown(this.name, caught);
    } catch (error) {
      this.log(`teardown of ${this.name} after ${caught.Error} failed: ${error}`);
    }
  }

  /** Teardown itself failed: the record still says RUNNING; the execution's error is the outcome. */
  private async settleRecord(failure: { name: string; message: string }): Promise<void> {
    const record = await getRecord(this.name).catch(() => undefined);
    if (record?.status === 'RUNNING') await updateRecord(this.name, { status: 'FAILED', error: failure });
  }
}

/** The Fail state's error and cause, as the library reports them. */
export function failureOf(error: unknown): { name: string; message: string } {
  const cause = (error as { cause?: { name?: string; message?: string; cause?: unknown } }).cause;
  return {
    name: cause?.name ?? 'ExecutionFailed',
    message: String(cause?.cause ?? cause?.message ?? error),
  };
}
