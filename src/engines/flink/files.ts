/**
 * Flink names its files `part-<uuid>-task-<n>-file-<m>`, with no extension, and its CSV writer
 * writes no header line. Each file is given metaq's name, `part-<n>.<ext>` in Flink's order, and a
 * CSV file its header (the other engines' CSV has one, and readers take the first line as names):
 * small files in one request, larger ones as a multipart upload read in parts, so that a worker
 * never holds a whole result.
 */
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients';
import { listFiles } from '../../aws/list-files';
import { parseS3Url } from '../../aws/s3-url';
import type { Format } from '../../plan/types';
import type { Column } from '../types';

/** A part of a multipart upload: S3 takes parts of 5 MB and more (the last one aside). */
const PART_BYTES = 8 * 1024 * 1024;

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export const csvHeader = (columns: Column[]) =>
  `${columns.map((column) => csvField(column.name)).join(',')}\n`;

/** Flink's files in the output folder, in its order (task, then file). */
export function flinkFiles(files: string[]): string[] {
  const order = (file: string) => {
    const match = /task-(\d+)-file-(\d+)$/.exec(file);
    return match ? [Number(match[1]), Number(match[2])] : [Number.MAX_SAFE_INTEGER, 0];
  };
  return files
    .filter((file) => /\/part-[^/]*$/.test(file) && !/\.(parquet|csv|json)$/.test(file))
    .sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0] - y[0] || x[1] - y[1];
    });
}

export async function nameResultFiles(folder: string, format: Format, columns: Column[]): Promise<string[]> {
  const written = flinkFiles(await listFiles(folder));
  const named: string[] = [];
  for (const [i, file] of written.entries()) {
    const target = `${folder.endsWith('/') ? folder : `${folder}/`}part-${i}.${format}`;
    if (format === 'csv') await withHeader(file, target, csvHeader(columns));
    else await copy(file, target);
    const from = where(file);
    await s3().send(new DeleteObjectCommand({ Bucket: from.bucket, Key: from.key }));
    named.push(target);
  }
  return named;
}

function where(url: string) {
  const location = parseS3Url(url);
  if (!location) throw new Error(`not an s3 URL: ${url}`);
  return location;
}

async function copy(file: string, target: string): Promise<void> {
  const [from, to] = [where(file), where(target)];
  await s3().send(
    new CopyObjectCommand({
      Bucket: to.bucket,
      Key: to.key,
      CopySource: `${from.bucket}/${encodeURI(from.key)}`,
    }),
  );
}

async function bytes(file: string, range?: string): Promise<Uint8Array> {
  const from = where(file);
  const object = await s3().send(new GetObjectCommand({ Bucket: from.bucket, Key: from.key, Range: range }));
  return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
}

async function withHeader(file: string, target: string, header: string): Promise<void> {
  const [from, to] = [where(file), where(target)];
  const size =
    (await s3().send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key }))).ContentLength ?? 0;
  const head = Buffer.from(header);
  if (size <= PART_BYTES) {
    const body = Buffer.concat([head, await bytes(file)]);
    await s3().send(new PutObjectCommand({ Bucket: to.bucket, Key: to.key, Body: body }));
    return;
  }
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key }));
  const parts: { ETag?: string; PartNumber: number }[] = [];
  for (let start = 0, number = 1; start < size; start += PART_BYTES, number++) {
    const chunk = await bytes(file, `bytes=${start}-${Math.min(size, start + PART_BYTES) - 1}`);
    const body = number === 1 ? Buffer.concat([head, chunk]) : Buffer.from(chunk);
    const part = await s3().send(
      new UploadPartCommand({ Bucket: to.bucket, Key: to.key, UploadId, PartNumber: number, Body: body }),
    );
    parts.push({ ETag: part.ETag, PartNumber: number });
  }
  await s3().send(
    new CompleteMultipartUploadCommand({
      Bucket: to.bucket,
      Key: to.key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}
