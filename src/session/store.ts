/**
 * Reads and writes of the session table. Admission uses conditional single-item writes (the local
 * DynamoDB has no transactions), and only the rendezvous handler admits, so no two writers race.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { settings } from '../config';
import type { Endpoint } from '../overlay/reflector-client';
import type { Plan } from '../plan/types';
import type { Ack, Command, SessionItem, WorkerItem } from './types';
import { workerKey } from './types';

const table = () => settings().sessionsTable;
/** Items outlive their query by a day, for auditing; DynamoDB's TTL (or the local sweep) removes them. */
const RETAIN_SECONDS = 24 * 3600;

export function expiresAt(plan: Plan, now: number): number {
  return Math.ceil(now / 1000) + plan.limits.timeoutSeconds + plan.limits.rendezvousSeconds + RETAIN_SECONDS;
}

export async function createSession(plan: Plan, now: number): Promise<void> {
  const item: SessionItem = {
    pk: plan.queryId,
    sk: 'session',
    status: 'open',
    plan,
    createdAt: now,
    expiresAt: expiresAt(plan, now),
  };
  await dynamo().send(new PutCommand({ TableName: table(), Item: item }));
}

export async function getSession(sessionId: string): Promise<SessionItem | undefined> {
  const out = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: sessionId, sk: 'session' }, ConsistentRead: true }),
  );
  return out.Item as SessionItem | undefined;
}

export async function closeSession(sessionId: string, now: number): Promise<void> {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: sessionId, sk: 'session' },
        UpdateExpression: 'SET #status = :closed, closedAt = if_not_exists(closedAt, :now)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':now': now },
      }),
    )
    .catch(ignoreConditionFailure);
}

export async function putLaunched(
  sessionId: string,
  index: number,
  now: number,
  expires: number,
): Promise<void> {
  const item: WorkerItem = {
    pk: sessionId,
    sk: workerKey(index),
    index,
    state: 'launched',
    launchedAt: now,
    expiresAt: expires,
  };
  await dynamo().send(new PutCommand({ TableName: table(), Item: item }));
}

export async function listWorkers(sessionId: string): Promise<WorkerItem[]> {
  const workers: WorkerItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :worker)',
        ExpressionAttributeValues: { ':pk': sessionId, ':worker': 'worker#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    workers.push(...((page.Items ?? []) as WorkerItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return workers.sort((a, b) => a.index - b.index);
}

export async function getWorker(sessionId: string, index: number): Promise<WorkerItem | undefined> {
  const out = await dynamo().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: sessionId, sk: workerKey(index) },
      ConsistentRead: true,
    }),
  );
  return out.Item as WorkerItem | undefined;
}

/** Sets attributes of a worker item that exists; false when the condition does not hold. */
async function updateWorker(
  sessionId: string,
  index: number,
  values: Record<string, unknown>,
  condition = 'attribute_exists(pk)',
  conditionValues: Record<string, unknown> = {},
): Promise<boolean> {
  const names = Object.fromEntries(Object.keys(values).map((key) => [`#${key}`, key]));
  const sets = Object.keys(values).map((key) => `#${key} = :${key}`);
  const attributeValues = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [`:${key}`, value]),
  );
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: sessionId, sk: workerKey(index) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: {
          ...names,
          ...(condition.includes('#state') ? { '#state': 'state' } : {}),
        },
        ExpressionAttributeValues: { ...attributeValues, ...conditionValues },
      }),
    );
    return true;
  } catch (error) {
    ignoreConditionFailure(error);
    return false;
  }
}

export function setHandle(sessionId: string, index: number, handle: WorkerItem['handle']): Promise<boolean> {
  return updateWorker(sessionId, index, { handle });
}

/** The worker's own registration; false when it was dismissed before it got here. */
export function registerReady(
  sessionId: string,
  index: number,
  address: string,
  ports: number[],
  now: number,
  publicEndpoint?: Endpoint,
) {
  return updateWorker(
    sessionId,
    index,
    {
      state: 'ready',
      readyAt: now,
      heartbeatAt: now,
      address,
      ports,
      ...(publicEndpoint && { public: publicEndpoint }),
    },
    '#state = :launched',
    {
      ':launched': 'launched',
    },
  );
}

export function heartbeat(sessionId: string, index: number, now: number): Promise<boolean> {
  return updateWorker(sessionId, index, { heartbeatAt: now });
}

export function admit(sessionId: string, index: number, rank: number, now: number): Promise<boolean> {
  return updateWorker(sessionId, index, { state: 'admitted', rank, admittedAt: now }, '#state = :ready', {
    ':ready': 'ready',
  });
}

export function dismiss(sessionId: string, index: number, now: number): Promise<boolean> {
  return updateWorker(
    sessionId,
    index,
    { state: 'dismissed', dismissedAt: now },
    '#state IN (:launched, :ready)',
    {
      ':launched': 'launched',
      ':ready': 'ready',
    },
  );
}

export function markStopped(sessionId: string, index: number, now: number): Promise<boolean> {
  return updateWorker(sessionId, index, { state: 'stopped', stoppedAt: now }, '#state <> :stopped', {
    ':stopped': 'stopped',
  });
}

/** The worker's process ended; only a worker not yet stopped by teardown counts as lost by it. */
export function markExited(
  sessionId: string,
  index: number,
  now: number,
  code: number | string,
): Promise<boolean> {
  return updateWorker(sessionId, index, { exitedAt: now, exitCode: code }, '#state <> :stopped', {
    ':stopped': 'stopped',
  });
}

export function sendCommand(sessionId: string, index: number, command: Command): Promise<boolean> {
  return updateWorker(sessionId, index, { command }, '#state = :admitted', { ':admitted': 'admitted' });
}

export function acknowledge(sessionId: string, index: number, ack: Ack): Promise<boolean> {
  return updateWorker(sessionId, index, { ack });
}

function ignoreConditionFailure(error: unknown): void {
  if (error instanceof ConditionalCheckFailedException) return;
  if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
  throw error;
}
