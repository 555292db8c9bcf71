/**
 * The three tables and two buckets of the embedded default, made when missing. Their keys are the
 * ones the CDK stack declares for AWS.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { settings } from '../config';
import { BY_DAY_INDEX } from '../history/store';

export function tableDefinitions(): CreateTableCommandInput[] {
  const { sessionsTable, queriesTable, catalogTable } = settings();
  return [
    {
      TableName: sessionsTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: queriesTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'queryId', AttributeType: 'S' },
        { AttributeName: 'day', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'queryId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: BY_DAY_INDEX,
          KeySchema: [
            { AttributeName: 'day', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: catalogTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
    },
  ];
}

export async function ensureTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint });
  try {
    const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
    for (const definition of tableDefinitions()) {
      if (!existing.has(definition.TableName ?? '')) await client.send(new CreateTableCommand(definition));
    }
  } finally {
    client.destroy();
  }
}
