/**
 * The local S3 answers a suffix range (`bytes=-N`: the last N bytes, how Trino reads a Parquet
 * footer) as S3 does; s3rver alone answered bytes 0 to N. Real s3rver, real AWS SDK.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { explicitRange } from '../../src/local/s3-ranges';
import type { LocalServer } from '../../src/local/servers';
import { startTestS3 } from '../support/s3';

let server: LocalServer;
let client: S3Client;
const body = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));

beforeAll(async () => {
  ({ server, client } = await startTestS3('ranges'));
  await client.send(new PutObjectCommand({ Bucket: 'ranges', Key: 'f.parquet', Body: body }));
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

async function read(range: string) {
  const answer = await client.send(
    new GetObjectCommand({ Bucket: 'ranges', Key: 'f.parquet', Range: range }),
  );
  return {
    bytes: Buffer.from(await (answer.Body?.transformToByteArray() ?? [])),
    range: answer.ContentRange,
  };
}

it.each([
  ['bytes=-8', 99_992, 100_000],
  ['bytes=-49152', 50_848, 100_000],
  ['bytes=-200000', 0, 100_000],
  ['bytes=10-19', 10, 20],
  ['bytes=99990-', 99_990, 100_000],
])('%s gives the bytes S3 gives', async (range, from, to) => {
  const answer = await read(range);
  expect(answer.bytes.equals(body.subarray(from, to))).toBe(true);
  expect(answer.range).toBe(`bytes ${from}-${to - 1}/100000`);
});

it('makes a suffix explicit from the size', () => {
  expect(explicitRange(8, 100)).toBe('bytes=92-99');
  expect(explicitRange(500, 100)).toBe('bytes=0-99');
});
