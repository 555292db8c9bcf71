/**
 * One statement from a client as one metaq execution, started and awaited the way `metaq serve`'s
 * Step Functions API starts one (Executions.start): the same state machine, history record,
 * result in S3 and teardown as any other query. The outcome is read from the history record, as
 * `metaq query` reads it.
 */
import { failedReport, reportOf } from '../history/report';
import { getRecord } from '../history/store';
import type { QueryReport } from '../history/types';
import { newQueryId } from '../local/run-query';
import type { Executions } from '../serve/executions';

export interface StatementRun {
  queryId: string;
  /** Settles with the report once the execution has ended and its workers are released. */
  report: Promise<QueryReport>;
  /** Stops it (the client cancelled or went away): StopExecution, which tears its workers down. */
  stop(error: string, cause: string): Promise<void>;
}

export async function startStatement(
  executions: Executions,
  input: Record<string, unknown>,
): Promise<StatementRun> {
  const execution = await executions.start(newQueryId(), JSON.stringify(input));
  const report = execution.finished.then(async () => {
    const record = await getRecord(execution.name);
    if (record) return reportOf(record);
    return failedReport(execution.name, {
      name: execution.error ?? 'ExecutionFailed',
      message: execution.cause ?? 'the execution left no history record',
    });
  });
  return {
    queryId: execution.name,
    report,
    stop: async (error, cause) => {
      await executions.stop(execution.name, { error, cause });
    },
  };
}
