/**
 * A schedule's output bucket on the local S3. On AWS the stack makes the buckets; locally the
 * embedded S3 has only metaq's own, so a report's bucket is made on its first run.
 */
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients';
import { parseS3Url } from '../aws/s3-url';

export async function ensureLocalBucket(location: string): Promise<void> {
  const where = parseS3Url(location);
  if (!where) return;
  try {
    await s3().send(new HeadBucketCommand({ Bucket: where.bucket }));
  } catch {
    await s3()
      .send(new CreateBucketCommand({ Bucket: where.bucket }))
      .catch((error: Error) => {
        if (!/BucketAlready/.test(error.name)) throw error;
      });
  }
}
