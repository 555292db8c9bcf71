/**
 * Where the reflector service says it is: one item of the sessions table, written by the service
 * when it starts and again every REFRESH_MS (handlers/reflector.ts), read by Provision for a
 * distributed engine on Lambda. Its address changes with every task (a Fargate task gets a new
 * public IP), so workers read it like other session data and no Elastic IP is needed.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { settings } from '../config';
import { ReflectorUnavailable } from './errors';

/** A session id is an execution name, which Step Functions forbids `#` in: this key meets none. */
export const REFLECTOR_KEY = { pk: 'metaq#reflector', sk: 'reflector' } as const;

/** How often the service writes its item again, and the age past which Provision counts it gone. */
export const REFRESH_MS = 30_000;
export const STALE_MS = 3 * REFRESH_MS;

export interface ReflectorItem {
  address: string;
  port: number;
  /** When this task started: a newer task's item replaces an older one's, never the other way. */
  startedAt: number;
  refreshedAt: number;
}

/**
 * Writes the item; false when a reflector started later has written its own (during a deployment
 * ECS runs the new task beside the old one until the new one is up): the older one then stops
 * publishing, so workers are sent to the task that stays.
 */
export async function publishReflector(item: ReflectorItem): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: settings().sessionsTable,
        // The table's TTL removes the item of a service that is gone for good.
        Item: { ...REFLECTOR_KEY, ...item, expiresAt: Math.ceil(item.refreshedAt / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(pk) OR startedAt <= :startedAt',
        ExpressionAttributeValues: { ':startedAt': item.startedAt },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The reflector's `address:port`, for workers on Lambda to observe themselves through and relay by. */
export async function reflectorEndpoint(now = Date.now()): Promise<string> {
  const out = await dynamo()
    .send(new GetCommand({ TableName: settings().sessionsTable, Key: REFLECTOR_KEY, ConsistentRead: true }))
    .catch((error: unknown) => {
      throw new ReflectorUnavailable(`the reflector's item could not be read: ${error}`, { cause: error });
    });
  const item = out.Item as ReflectorItem | undefined;
  if (!item?.address || !item.port) {
    throw new ReflectorUnavailable(
      'the reflector has not published its address: deploy the stack with the reflector on (docs/overlay.md) and check its ECS service is running, or choose platform ecs',
    );
  }
  const age = now - item.refreshedAt;
  if (age > STALE_MS) {
    throw new ReflectorUnavailable(
      `the reflector last published ${item.address}:${item.port} ${Math.round(age / 1000)} s ago (it does every ${REFRESH_MS / 1000} s): check its ECS service is running, or choose platform ecs`,
    );
  }
  return `${item.address}:${item.port}`;
}
