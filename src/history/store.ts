/** Reads and writes of the `queries` table. */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { settings } from '../config';
import { MAX_SQL_BYTES } from '../plan/input';
import type { Phase, QueryRecord } from './types';

const table = () => settings().queriesTable;
export const BY_DAY_INDEX = 'byDay';

/** Past this, the input is not kept in the record (Optimize refuses it; the item holds 400 KB). */
const MAX_KEPT_INPUT_BYTES = 120_000;

export async function openRecord(queryId: string, given: unknown, startedAt: Date): Promise<void> {
  const bytes = Buffer.byteLength(JSON.stringify(given ?? null));
  const input = bytes > MAX_KEPT_INPUT_BYTES ? { notKept: `the input was ${bytes} bytes long` } : given;
  const raw = (given ?? {}) as { sql?: unknown; tags?: Record<string, string> };
  const tags = raw.tags && typeof raw.tags === 'object' ? raw.tags : {};
  const record: QueryRecord = {
    queryId,
    day: startedAt.toISOString().slice(0, 10),
    createdAt: startedAt.toISOString(),
    status: 'RUNNING',
    // What fits (a refused text is kept in part); characters of up to 4 bytes stay under 400 KB.
    sql: typeof raw.sql === 'string' ? raw.sql.slice(0, MAX_SQL_BYTES) : '',
    input,
    tags,
    schedule: typeof tags.schedule === 'string' ? tags.schedule : undefined,
    phaseStarts: {},
    phaseEnds: {},
    invocations: 0,
    updatedAt: new Date().toISOString(),
  };
  const put = (item: QueryRecord) =>
    dynamo()
      .send(
        new PutCommand({
          TableName: table(),
          Item: item,
          ConditionExpression: 'attribute_not_exists(queryId)',
        }),
      )
      .catch((error) => {
        if (error?.name !== 'ConditionalCheckFailedException') throw error;
      });
  // The input is not validated yet: one DynamoDB cannot hold (a number beyond its range, as
  // {"spares": 1e200}) is left out, so that the record is made and Optimize names the bad field.
  // (Any refusal: the SDK's own marshalling refuses some numbers before DynamoDB sees them. A table
  // that cannot be reached refuses the second put too, which then fails the state as before.)
  await put(record).catch((error) =>
    put({
      ...record,
      input: { notKept: `DynamoDB refused it: ${error?.message}` },
      tags: {},
      schedule: undefined,
    }),
  );
}

/** Sets top-level attributes of a record. */
export async function updateRecord(queryId: string, values: Partial<QueryRecord>): Promise<void> {
  const entries = Object.entries({ ...values, updatedAt: new Date().toISOString() }).filter(
    ([, value]) => value !== undefined,
  );
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { queryId },
      UpdateExpression: `SET ${entries.map(([key]) => `#${key} = :${key}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([key]) => [`#${key}`, key])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([key, value]) => [`:${key}`, value])),
    }),
  );
}

/** The first invocation of a phase sets its start; every invocation is counted. */
export async function phaseStarted(queryId: string, phase: Phase, at: number): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { queryId },
      UpdateExpression:
        'SET phaseStarts.#phase = if_not_exists(phaseStarts.#phase, :at) ADD invocations :one',
      ExpressionAttributeNames: { '#phase': phase },
      ExpressionAttributeValues: { ':at': at, ':one': 1 },
    }),
  );
}

/** The start or end of a phase no handler invocation stands for (waiting for capacity): not counted as one. */
export async function markPhase(
  queryId: string,
  phase: Phase,
  edge: 'phaseStarts' | 'phaseEnds',
  at: number,
): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { queryId },
      UpdateExpression: `SET ${edge}.#phase = if_not_exists(${edge}.#phase, :at)`,
      ExpressionAttributeNames: { '#phase': phase },
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

/**
 * One handler invocation is over: its run time is added to the record's `handlerMs` (the handlers'
 * Lambda time in the cost) and, when it ended its phase, the phase's end is set.
 */
export async function invocationEnded(
  queryId: string,
  phase: Phase,
  invocation: { startedAt: number; endedAt: number; endsPhase: boolean },
): Promise<void> {
  const { startedAt, endedAt, endsPhase } = invocation;
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { queryId },
      UpdateExpression: `${endsPhase ? 'SET phaseEnds.#phase = :at ' : ''}ADD handlerMs :ms`,
      ExpressionAttributeNames: endsPhase ? { '#phase': phase } : undefined,
      ExpressionAttributeValues: { ...(endsPhase ? { ':at': endedAt } : {}), ':ms': endedAt - startedAt },
    }),
  );
}

export async function getRecord(queryId: string): Promise<QueryRecord | undefined> {
  const out = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { queryId }, ConsistentRead: true }),
  );
  return out.Item as QueryRecord | undefined;
}

/** The newest records, walking the by-day index back from today. */
export async function listRecent(limit: number, now = new Date(), maxDays = 90): Promise<QueryRecord[]> {
  const records: QueryRecord[] = [];
  for (let back = 0; back < maxDays && records.length < limit; back++) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: table(),
          IndexName: BY_DAY_INDEX,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
          ScanIndexForward: false,
          Limit: limit - records.length,
          ExclusiveStartKey: start,
        }),
      );
      records.push(...((page.Items ?? []) as QueryRecord[]));
      start = records.length < limit ? page.LastEvaluatedKey : undefined;
    } while (start);
  }
  return records;
}
