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

export async function measureTable(field: string, location: string, format: Format): Promise<TableSize> {
  const where = parseS3Url(location);
  if (!where)
    throw new InvalidQueryInput(field, `"${location}" is not an s3:// URL`, 'Use s3://bucket/path/');
  const size: TableSize = { bytes: 0, files: 0 };
  let token: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: where.bucket, Prefix: where.key, ContinuationToken: token }),
    );
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
