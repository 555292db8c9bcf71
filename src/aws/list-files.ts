/** The files under an s3:// folder URL (folder markers left out), sorted: what an engine wrote there. */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from './clients';
import { parseS3Url } from './s3-url';

export async function listFiles(folder: string): Promise<string[]> {
  const where = parseS3Url(folder);
  if (!where) return [];
  const prefix = where.key.endsWith('/') ? where.key : `${where.key}/`;
  const files: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: where.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key && !object.Key.endsWith('/')) files.push(`s3://${where.bucket}/${object.Key}`);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return files.sort();
}
