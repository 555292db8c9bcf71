/**
 * An object written again with bytes before or after a kept stretch of it, small (one request) and
 * larger than a part (a multipart upload read in parts), onto itself or another key. Real s3rver.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../src/aws/clients';
import { rewriteObject } from '../../src/aws/rewrite-object';
import { settings } from '../../src/config';
import type { LocalRuntime } from '../../src/local/runtime';
import { startTestRuntime } from '../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
}, 120_000);
afterAll(() => runtime.stop());

const bytesOf = (length: number, seed: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * seed) % 251));

async function put(key: string, body: Buffer): Promise<string> {
  await s3().send(new PutObjectCommand({ Bucket: settings().dataBucket, Key: key, Body: body }));
  return `s3://${settings().dataBucket}/${key}`;
}

async function get(url: string): Promise<Buffer> {
  const key = url.replace(`s3://${settings().dataBucket}/`, '');
  const object = await s3().send(new GetObjectCommand({ Bucket: settings().dataBucket, Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
}

it.each([
  ['small', 100_000],
  ['larger than a part', 20 * 1024 * 1024 + 17],
])(
  '%s: a head before it, written to another key',
  async (_name, size) => {
    const body = bytesOf(size, 7);
    const file = await put(`rewrite/${size}-source`, body);
    const target = `s3://${settings().dataBucket}/rewrite/${size}-headed`;
    await rewriteObject(file, target, { head: Buffer.from('a,b\n'), keep: size });
    expect((await get(target)).equals(Buffer.concat([Buffer.from('a,b\n'), body]))).toBe(true);
    expect((await get(file)).equals(body)).toBe(true);
  },
  120_000,
);

it.each([
  ['small', 100_000],
  ['larger than a part', 17 * 1024 * 1024 + 5],
])(
  '%s: its end replaced, onto itself',
  async (_name, size) => {
    const body = bytesOf(size, 13);
    const file = await put(`rewrite/${size}-footer`, body);
    const tail = Buffer.from('a new footer, longer than the old one');
    await rewriteObject(file, file, { keep: size - 8, tail });
    expect((await get(file)).equals(Buffer.concat([body.subarray(0, size - 8), tail]))).toBe(true);
  },
  120_000,
);
