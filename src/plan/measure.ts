/** How big a table is: the files under its location, their count and total size. */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients';
import { isFolder, parseS3Url } from '../aws/s3-url';
import { InvalidQueryInput } from './errors';
import type { Format } from './types';

export interface TableSize {
  bytes: number;
  files: number;
}

/** S3's refusals of a listing (no such bucket, access denied, a bad name) as the field's error. */
function unreadable(field: string, location: string, error: Error): Error {
  const known: Record<string, string> = {
    NoSuchBucket: 'Check the bucket name, or create the bucket first',
    AccessDenied: "Grant metaq s3:ListBucket on the bucket (on AWS: the stack's metaq:dataBuckets)",
    InvalidBucketName: 'Use a valid bucket name: lower-case letters, digits, dots and hyphens',
  };
  const fix = known[error.name];
  if (!fix) return error;
  return new InvalidQueryInput(field, `cannot list ${location}: ${error.name}: ${error.message}`, fix, {
    cause: error,
  });
}

export async function measureTable(field: string, location: string, format: Format): Promise<TableSize> {
  const where = parseS3Url(location);
  if (!where)
    throw new InvalidQueryInput(field, `"${location}" is not an s3:// URL`, 'Use s3://bucket/path/');
  const size: TableSize = { bytes: 0, files: 0 };
  let token: string | undefined;
  do {
    const page = await s3()
      .send(new ListObjectsV2Command({ Bucket: where.bucket, Prefix: where.key, ContinuationToken: token }))
      .catch((error: Error) => {
        throw unreadable(field, location, error);
      });
    for (const object of page.Contents ?? []) {
      if (!isFolder(location) && object.Key !== where.key) continue;
      if (object.Key?.endsWith('/')) continue;
      size.bytes += object.Size ?? 0;
      size.files += 1;
    }
    token = page.NextContinuationToken;
  } while (token);
  if (size.files === 0) {
    throw new InvalidQueryInput(
      field,
      `no ${format} files at ${location}`,
      'Check the location (a folder ends with /) or upload the data first',
    );
  }
  return size;
}
