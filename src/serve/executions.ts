/**
 * Every execution this server knows: the ones it runs (in memory), the ones it ran before a
 * restart (archived on disk) and the ones the history records without either (run by `metaq query`
 * on the embedded runtime). Names are honoured as AWS honours them.
 */
import { reportOf } from '../history/report';
import { getRecord, listRecent } from '../history/store';
import type { QueryRecord } from '../history/types';
import { newQueryId } from '../local/run-query';
import { stateResources } from '../local/statemachine';
import { type ExecutionSummary, readArchived } from './archive';
import { checkExecutionName, executionArn } from './arns';
import { ExecutionAlreadyExists, ExecutionDoesNotExist } from './errors';
import { RunningExecution } from './execution';
import type { HistoryEvent, StopReason } from './history-events';

export class Executions {
  private readonly running = new Map<string, RunningExecution>();
  private readonly starting = new Set<string>();
  private readonly resources = stateResources();

  constructor(private readonly log: (line: string) => void = () => undefined) {}

  /** StartExecution. The same name and input while it runs gives the same execution back. */
  async start(name: string | undefined, input: string): Promise<RunningExecution> {
    const chosen = name ?? newQueryId();
    checkExecutionName(chosen);
    const known = this.running.get(chosen);
    if (known?.status === 'RUNNING' && sameJson(known.input, input)) return known;
    if (known || this.starting.has(chosen)) throw alreadyExists(chosen);
    this.starting.add(chosen);
    try {
      if (readArchived(chosen) || (await getRecord(chosen))) throw alreadyExists(chosen);
      const execution = new RunningExecution(chosen, input, this.resources, this.log);
      this.running.set(chosen, execution);
      return execution;
    } finally {
      this.starting.delete(chosen);
    }
  }

  get(name: string): RunningExecution | undefined {
    return this.running.get(name);
  }

  async describe(name: string): Promise<ExecutionSummary> {
    const known = this.running.get(name)?.summary() ?? readArchived(name);
    if (known) return known;
    const record = await getRecord(name);
    if (!record) throw doesNotExist(name);
    return fromRecord(record);
  }

  /** The events of the run; an execution this server did not run has only its start and its end. */
  async history(name: string): Promise<HistoryEvent[]> {
    const known = this.running.get(name)?.summary() ?? readArchived(name);
    if (known) return known.events;
    return eventsOf(await this.describe(name));
  }

  /** Newest first: what runs here, merged with the history's records. */
  async list(limit: number): Promise<ExecutionSummary[]> {
    return (await this.listWithRecords(limit)).map(({ summary }) => summary);
  }

  /** The same, each with its audit record when it has one (the console shows both). */
  async listWithRecords(limit: number): Promise<{ summary: ExecutionSummary; record?: QueryRecord }[]> {
    const byName = new Map<string, { summary: ExecutionSummary; record?: QueryRecord }>();
    for (const record of await listRecent(limit + this.running.size))
      byName.set(record.queryId, { summary: readArchived(record.queryId) ?? fromRecord(record), record });
    for (const [name, execution] of this.running)
      byName.set(name, { summary: execution.summary(), record: byName.get(name)?.record });
    return [...byName.values()].sort((a, b) => b.summary.startDate - a.summary.startDate).slice(0, limit);
  }

  async stop(name: string, reason: StopReason): Promise<number> {
    const running = this.running.get(name);
    if (running) return running.stop(reason);
    const done = await this.describe(name);
    return done.stopDate ?? Date.now();
  }

  /**
   * On shutdown: stop what runs, so that its workers are torn down while the runtime is still up.
   * The second teardown (after the Task in flight returns) is waited for a while only: a waiting
   * handler can poll for most of a minute, and a worker launched that late exits by itself once
   * the runtime is gone.
   */
  async close(graceMs = 10_000): Promise<void> {
    const running = [...this.running.values()];
    await Promise.all(
      running.map((execution) =>
        execution.stop({ error: 'ServeStopped', cause: 'metaq serve was stopped while the execution ran' }),
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((execution) => execution.finished)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }
}

function alreadyExists(name: string): ExecutionAlreadyExists {
  return new ExecutionAlreadyExists(`Execution Already Exists: '${executionArn(name)}'`);
}

function doesNotExist(name: string): ExecutionDoesNotExist {
  return new ExecutionDoesNotExist(`Execution Does Not Exist: '${executionArn(name)}'`);
}

function sameJson(a: string, b: string): boolean {
  return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}

/** An execution known only from its audit record. */
export function fromRecord(record: QueryRecord): ExecutionSummary {
  const status =
    record.status === 'SUCCEEDED' || record.status === 'FAILED'
      ? record.status
      : // Stopped, or still RUNNING with no process running it (that process died).
        'ABORTED';
  const stopped = record.releasedAt ?? record.updatedAt;
  return {
    name: record.queryId,
    status,
    startDate: Date.parse(record.createdAt),
    stopDate: stopped ? Date.parse(stopped) : undefined,
    input: JSON.stringify(record.input ?? {}),
    output: status === 'SUCCEEDED' ? JSON.stringify(reportOf(record)) : undefined,
    error: status === 'SUCCEEDED' ? undefined : record.error?.name,
    cause: status === 'SUCCEEDED' ? undefined : record.error?.message,
  };
}

function eventsOf(summary: ExecutionSummary): HistoryEvent[] {
  const start = {
    id: 1,
    previousEventId: 0,
    timestamp: summary.startDate / 1000,
    type: 'ExecutionStarted',
    executionStartedEventDetails: { input: summary.input, inputDetails: { truncated: false } },
  };
  const at = (summary.stopDate ?? summary.startDate) / 1000;
  const end = { id: 2, previousEventId: 1, timestamp: at };
  if (summary.status === 'SUCCEEDED')
    return [
      start,
      { ...end, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: summary.output } },
    ];
  if (summary.status === 'FAILED')
    return [
      start,
      {
        ...end,
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: summary.error, cause: summary.cause },
      },
    ];
  return [start, { ...end, type: 'ExecutionAborted', executionAbortedEventDetails: {} }];
}
