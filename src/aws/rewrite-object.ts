/**
 * An S3 object written again with new bytes before or after a kept stretch of it: a CSV header put
 * before a file, a Parquet footer put in place of the old one. Small objects in one request, larger
 * ones as a multipart upload read in parts, so that a worker never holds a whole result.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { s3 } from './clients';
import { parseS3Url } from './s3-url';

/** A part of a multipart upload: S3 takes parts of 5 MB and more (the last one aside). */
const PART_BYTES = 8 * 1024 * 1024;

export function s3Location(url: string): { bucket: string; key: string } {
  const location = parseS3Url(url);
  if (!location) throw new Error(`not an s3 URL: ${url}`);
  return location;
}

export async function objectSize(url: string): Promise<number> {
  const { bucket, key } = s3Location(url);
  return (await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
}

/** Bytes [start, end) of an object. */
export async function objectBytes(url: string, start: number, end: number): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array();
  const { bucket, key } = s3Location(url);
  const object = await s3().send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` }),
  );
  return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
}

export interface Rewrite {
  /** Written before the kept bytes. */
  head?: Uint8Array;
  /** How many of the object's first bytes are kept. */
  keep: number;
  /** Written after them. */
  tail?: Uint8Array;
}

/** Writes `target` (which may be `file` itself) as head + file's first `keep` bytes + tail. */
export async function rewriteObject(file: string, target: string, rewrite: Rewrite): Promise<void> {
  const { head = new Uint8Array(), keep, tail = new Uint8Array() } = rewrite;
  const to = s3Location(target);
  if (keep <= PART_BYTES) {
    const body = Buffer.concat([head, await objectBytes(file, 0, keep), tail]);
    await s3().send(new PutObjectCommand({ Bucket: to.bucket, Key: to.key, Body: body }));
    return;
  }
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key }));
  const parts: { ETag?: string; PartNumber: number }[] = [];
  for (let start = 0, number = 1; start < keep; start += PART_BYTES, number++) {
    const end = Math.min(keep, start + PART_BYTES);
    const chunk = await objectBytes(file, start, end);
    const body = Buffer.concat([
      number === 1 ? head : new Uint8Array(),
      chunk,
      end === keep ? tail : new Uint8Array(),
    ]);
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
