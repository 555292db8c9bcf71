/** A local S3 of its own for a test (s3rver with metaq's fixes), and an AWS SDK client for it. */
import { S3Client } from '@aws-sdk/client-s3';
import { type LocalServer, startS3 } from '../../src/local/servers';
import { tempDir } from './runtime';

export async function startTestS3(bucket: string): Promise<{ server: LocalServer; client: S3Client }> {
  const server = await startS3(tempDir(`metaq-s3-${bucket}-`), [bucket]);
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return { server, client };
}
