/**
 * Sessions left open by a metaq process that died mid-query: stop their workers and close them.
 * (On AWS, DynamoDB's TTL and the teardown-on-stop rule do this.)
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { settings } from '../config';
import { localPlatform } from '../platforms/local';
import { closeSession, listWorkers } from '../session/store';
import type { SessionItem } from '../session/types';

export async function sweepOrphans(): Promise<number> {
  const open = await dynamo().send(
    new ScanCommand({
      TableName: settings().sessionsTable,
      FilterExpression: 'sk = :session AND #status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':session': 'session', ':open': 'open' },
    }),
  );
  const sessions = (open.Items ?? []) as SessionItem[];
  for (const session of sessions.filter((item) => item.plan.platform === 'local')) {
    const workers = await listWorkers(session.pk);
    await localPlatform.terminate(workers.map((worker) => ({ index: worker.index, handle: worker.handle })));
    await closeSession(session.pk, Date.now());
  }
  return sessions.length;
}
