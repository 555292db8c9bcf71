/**
 * The local S3 lists more than one page (ListObjectsV2 with continuation tokens) in a Node without
 * OpenSSL's legacy provider, as `metaq` now runs: s3rver's own tokens needed DES. Real s3rver, real
 * AWS SDK, in this test process (jest runs without --openssl-legacy-provider).
 */
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { asV2, continuationToken, keyOfToken } from '../../src/local/s3-listing';
import type { LocalServer } from '../../src/local/servers';
import { startTestS3 } from '../support/s3';

let server: LocalServer;
let client: S3Client;
const keys = Array.from({ length: 1203 }, (_, i) => `t/${String(i).padStart(5, '0')}.parquet`);

beforeAll(async () => {
  ({ server, client } = await startTestS3('listing'));
  for (let i = 0; i < keys.length; i += 50)
    await Promise.all(
      keys
        .slice(i, i + 50)
        .map((Key) => client.send(new PutObjectCommand({ Bucket: 'listing', Key, Body: 'x' }))),
    );
}, 120_000);
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

it('runs without the legacy provider, which DES needs', () => {
  expect(process.execArgv.join(' ') + (process.env.NODE_OPTIONS ?? '')).not.toContain('legacy');
});

it('lists 1,203 keys in pages of at most 1,000, each key once, in order', async () => {
  const pages: string[][] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 't/', ContinuationToken: token }),
    );
    pages.push((page.Contents ?? []).map((object) => object.Key ?? ''));
    expect(page.KeyCount).toBe(page.Contents?.length);
    expect(page.Contents?.[0].Owner).toBeUndefined();
    token = page.NextContinuationToken;
    expect(Boolean(token)).toBe(Boolean(page.IsTruncated));
  } while (token);
  expect(pages.map((page) => page.length)).toEqual([1000, 203]);
  expect(pages.flat()).toEqual(keys);
});

it('pages by MaxKeys and StartAfter, and with a delimiter', async () => {
  const first = await client.send(
    new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2, StartAfter: keys[10] }),
  );
  expect(first.Contents?.map((object) => object.Key)).toEqual([keys[11], keys[12]]);
  expect(first.StartAfter).toBe(keys[10]);
  const second = await client.send(
    new ListObjectsV2Command({
      Bucket: 'listing',
      MaxKeys: 2,
      ContinuationToken: first.NextContinuationToken,
    }),
  );
  expect(second.Contents?.map((object) => object.Key)).toEqual([keys[13], keys[14]]);
  const folders = await client.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
  expect(folders.CommonPrefixes).toEqual([{ Prefix: 't/' }]);
});

it('refuses a token made for another bucket, as S3 does', async () => {
  await expect(
    client.send(
      new ListObjectsV2Command({ Bucket: 'listing', ContinuationToken: continuationToken('other', 'k') }),
    ),
  ).rejects.toThrow(/continuation token provided is incorrect/);
  expect(() => keyOfToken('listing', continuationToken('listing', ''))).toThrow();
  expect(keyOfToken('listing', continuationToken('listing', 'a/b é'))).toBe('a/b é');
});

it('keeps the owner when asked for it', () => {
  const listing = {
    Name: 'b',
    Prefix: '',
    MaxKeys: 1000,
    IsTruncated: false,
    Contents: [{ Key: 'k', Owner: { ID: '1' } }],
  };
  expect(asV2(listing, { fetchOwner: true }).Contents).toEqual([{ Key: 'k', Owner: { ID: '1' } }]);
  expect(asV2(listing, { fetchOwner: false }).Contents).toEqual([{ Key: 'k' }]);
});
