/**
 * What a metaq process that died mid-query left behind, found when the next one starts the
 * runtime in the same home (the home is locked, so no live process is running those queries): the
 * executions it had marked running (running.ts) that are still RUNNING are torn down, their workers
 * stopped and their session closed, and recorded ABORTED with `OrchestratorLost`. Only those are
 * read, so a start costs nothing however long the history. (On AWS, Step Functions outlives its
 * callers.)
 */
import { getRecord } from '../history/store';
import { ABORTED_BY } from '../session/errors';
import { teardown } from '../session/teardown';
import { markEnded, runningMarks } from './running';

export async function recoverLost(): Promise<string[]> {
  const aborted: string[] = [];
  for (const queryId of runningMarks()) {
    if ((await getRecord(queryId))?.status === 'RUNNING') {
      await teardown(queryId, {
        Error: ABORTED_BY.orchestratorLost,
        Cause:
          'the metaq process running this query (metaq query or metaq serve) ended before it did; ' +
          'its workers were stopped when metaq next started in this home',
      });
      aborted.push(queryId);
    }
    markEnded(queryId);
  }
  return aborted;
}
