/** The catalog table: table name → location, format and size. */
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { settings } from '../config';
import type { Format, TableRef } from './types';

export interface CatalogEntry extends TableRef {
  name: string;
  bytes: number;
  files: number;
  addedAt: string;
}

export async function putTable(entry: CatalogEntry): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: settings().catalogTable, Item: entry }));
}

export async function getTable(name: string): Promise<CatalogEntry | undefined> {
  const out = await dynamo().send(
    new GetCommand({
      TableName: settings().catalogTable,
      Key: { name: name.toLowerCase() },
      ConsistentRead: true,
    }),
  );
  return out.Item as CatalogEntry | undefined;
}

export async function listTables(): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({ TableName: settings().catalogTable, ExclusiveStartKey: start }),
    );
    entries.push(...((page.Items ?? []) as CatalogEntry[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** The format a file name implies, if any. */
export function formatOf(path: string): Format | undefined {
  const match = /\.(parquet|csv|json|jsonl|ndjson)(\.gz)?$/i.exec(path);
  if (!match) return undefined;
  const ext = match[1].toLowerCase();
  return ext === 'parquet' ? 'parquet' : ext === 'csv' ? 'csv' : 'json';
}
