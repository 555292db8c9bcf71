/**
 * Finished executions kept on disk under the metaq home, so that DescribeExecution and
 * GetExecutionHistory still answer for them after `metaq serve` restarts (as AWS keeps them 90 days).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../config';
import type { HistoryEvent } from './history-events';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What the API tells of one execution; dates are epoch milliseconds. */
export interface ExecutionSummary {
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ArchivedExecution extends ExecutionSummary {
  events: HistoryEvent[];
}

function folder(): string {
  return path.join(settings().home, 'executions');
}

export function archiveExecution(execution: ArchivedExecution): void {
  mkdirSync(folder(), { recursive: true });
  writeFileSync(path.join(folder(), `${execution.name}.json`), JSON.stringify(execution));
}

export function readArchived(name: string): ArchivedExecution | undefined {
  try {
    return JSON.parse(readFileSync(path.join(folder(), `${name}.json`), 'utf8')) as ArchivedExecution;
  } catch {
    return undefined;
  }
}
