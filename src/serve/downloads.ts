/**
 * A result file through the server: only the files the query's record lists, read from the results
 * bucket and sent as an attachment, so the console needs no S3 credentials of its own.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients';
import { parseS3Url } from '../aws/s3-url';
import { settings } from '../config';
import { getRecord } from '../history/store';
import { downloadsOf } from './console-api';

const types: Record<string, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** The local S3 keeps objects as files, where a `..` in a key climbs out of the bucket (tried: it did). */
const dotSegment = /(^|\/)\.\.?(\/|$)/;

/** Sends the file, or answers false when the query has no such result file. */
export async function sendResultFile(name: string, file: string, response: ServerResponse): Promise<boolean> {
  const download = downloadsOf(await getRecord(name)).find((one) => one.file === file);
  const where = download && parseS3Url(download.url);
  // Only from the results bucket, whatever a record lists.
  if (!where || where.bucket !== settings().resultsBucket || dotSegment.test(where.key)) return false;
  const object = await s3()
    .send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }))
    // Listed, but gone since (deleted, expired): nothing to send, as for a file never listed.
    .catch((error) => (error?.name === 'NoSuchKey' ? undefined : Promise.reject(error)));
  if (!object) return false;
  const extension = file.slice(file.lastIndexOf('.') + 1);
  response.writeHead(200, {
    'content-type': types[extension] ?? 'application/octet-stream',
    'content-disposition': `attachment; filename="${name}-${file}"`,
    ...(object.ContentLength === undefined ? {} : { 'content-length': object.ContentLength }),
  });
  await new Promise<void>((resolve, reject) =>
    (object.Body as Readable).on('error', reject).pipe(response).on('finish', resolve).on('error', reject),
  );
  return true;
}
