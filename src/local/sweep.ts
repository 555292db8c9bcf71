/**
 * What a metaq process that died mid-query left behind, found when the next one starts the
 * runtime in the same home (the home is locked, so no live process is running those queries):
 * executions still RUNNING are torn down and recorded ABORTED with `OrchestratorLost`, and sessions
 * still open are closed with their workers stopped. (On AWS, Step Functions outlives its callers.)
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { settings } from '../config';
import { localPlatform } from '../platforms/local';
import { ABORTED_BY } from '../session/errors';
import { closeSession, listWorkers } from '../session/store';
import { teardown } from '../session/teardown';
import type { SessionItem } from '../session/types';

export interface Recovered {
  /** Executions that were RUNNING, now ABORTED. */
  aborted: string[];
  /** Other sessions that were still open, now closed. */
  closed: number;
}

export async function recoverLost(): Promise<Recovered> {
  const aborted = await runningExecutions();
  for (const queryId of aborted)
    await teardown(queryId, {
      Error: ABORTED_BY.orchestratorLost,
      Cause:
        'the metaq process running this query (metaq query or metaq serve) ended before it did; ' +
        'its workers were stopped when metaq next started in this home',
    });
  return { aborted, closed: await closeOpenSessions() };
}

async function runningExecutions(): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: settings().queriesTable,
        FilterExpression: '#status = :running',
        ProjectionExpression: 'queryId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'RUNNING' },
        ExclusiveStartKey: start,
      }),
    );
    ids.push(...(page.Items ?? []).map((item) => String(item.queryId)));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

/** Sessions open without a running execution: their record ended, their teardown did not. */
async function closeOpenSessions(): Promise<number> {
  const open = await dynamo().send(
    new ScanCommand({
      TableName: settings().sessionsTable,
      FilterExpression: 'sk = :session AND #status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':session': 'session', ':open': 'open' },
    }),
  );
  const sessions = ((open.Items ?? []) as SessionItem[]).filter((item) => item.plan.platform === 'local');
  for (const session of sessions) {
    const workers = await listWorkers(session.pk);
    await localPlatform.terminate(workers.map((worker) => ({ index: worker.index, handle: worker.handle })));
    await closeSession(session.pk, Date.now());
  }
  return sessions.length;
}
