/** `GET /queries/{id}` of the HTTP API: the query's history record, as `metaq show --json` prints it. */
import { reportOf } from '../../src/history/report';
import { getRecord } from '../../src/history/store';

export interface RecordRequest {
  pathParameters?: { id?: string } | null;
}

export interface RecordResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export async function queryRecord(event: RecordRequest): Promise<RecordResponse> {
  const id = event.pathParameters?.id ?? '';
  const record = id ? await getRecord(id) : undefined;
  const headers = { 'content-type': 'application/json' };
  if (!record) {
    return {
      statusCode: 404,
      headers,
      body: JSON.stringify({ message: `no query ${id}: POST /queries starts one` }),
    };
  }
  const body = { ...reportOf(record), sql: record.sql, createdAt: record.createdAt, tags: record.tags };
  return { statusCode: 200, headers, body: JSON.stringify(body) };
}
