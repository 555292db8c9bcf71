/**
 * ListObjectsV2 for the local S3 without DES. s3rver seals its continuation tokens with DES, which
 * Node's OpenSSL 3 has only in its legacy provider (a flag given at start): without it, every
 * listing longer than one page (Spark's, Drill's, a big table's) failed. Its ListObjects (v1)
 * pages by key with no cipher, so a v2 listing is asked of s3rver as v1 from the key the token
 * names and answered in v2's shape, with a token of our own: the key, base64url-encoded. A token
 * only has to be opaque to clients, and this one stays inside the bucket it was given for.
 */
import S3Error = require('s3rver/lib/models/error');

interface ListingContext {
  params: { bucket: string };
  query: Record<string, string | undefined>;
  body: unknown;
}

interface V1Listing {
  Name: string;
  Prefix: string;
  Marker?: string;
  NextMarker?: string;
  MaxKeys: number | string;
  Delimiter?: string;
  IsTruncated: boolean;
  Contents: { Key: string; Owner?: unknown }[];
  CommonPrefixes?: unknown;
  '@'?: unknown;
}

export function continuationToken(bucket: string, key: string): string {
  return Buffer.from(`${bucket}/${key}`, 'utf8').toString('base64url');
}

/** The key a token continues after, or an InvalidArgument error as S3 gives for a bad token. */
export function keyOfToken(bucket: string, token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(`${bucket}/`) || text.length === bucket.length + 1)
    throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
    });
  return text.slice(bucket.length + 1);
}

/** Rewrites a v1 listing of s3rver's in the shape and order of a v2 one. */
export function asV2(
  listing: V1Listing,
  request: { token?: string; startAfter?: string; fetchOwner: boolean },
): Record<string, unknown> {
  const contents = request.fetchOwner
    ? listing.Contents
    : listing.Contents.map(({ Owner: _owner, ...rest }) => rest);
  const last = listing.Contents.at(-1)?.Key;
  return {
    '@': listing['@'],
    Name: listing.Name,
    Prefix: listing.Prefix,
    StartAfter: request.token ? undefined : request.startAfter,
    ContinuationToken: request.token,
    NextContinuationToken: listing.IsTruncated && last ? continuationToken(listing.Name, last) : undefined,
    KeyCount: listing.Contents.length,
    MaxKeys: listing.MaxKeys,
    Delimiter: listing.Delimiter,
    IsTruncated: listing.IsTruncated,
    Contents: contents,
    CommonPrefixes: listing.CommonPrefixes,
  };
}

type GetBucket = (ctx: ListingContext) => Promise<void>;

/** s3rver's GetBucket, with ListObjectsV2 routed through its v1 listing. */
export function listWithoutDes(getBucket: GetBucket): GetBucket {
  return async (ctx) => {
    const query = ctx.query;
    if (query['list-type'] !== '2') return getBucket(ctx);
    if ('marker' in query)
      throw new S3Error('InvalidArgument', 'Marker unsupported with REST.GET.BUCKET in list-type=2', {
        ArgumentName: 'marker',
      });
    const token = query['continuation-token'] || undefined;
    const startAfter = token ? keyOfToken(ctx.params.bucket, token) : query['start-after'];
    const {
      'list-type': _type,
      'continuation-token': _token,
      'start-after': _after,
      'fetch-owner': fetchOwner,
      ...rest
    } = query;
    // The request's signature was checked before the controller runs: its query may change now.
    ctx.query = { ...rest, ...(startAfter ? { marker: startAfter } : {}) };
    try {
      await getBucket(ctx);
    } finally {
      ctx.query = query;
    }
    const body = ctx.body as { ListBucketResult?: V1Listing };
    if (body?.ListBucketResult)
      ctx.body = {
        ListBucketResult: asV2(body.ListBucketResult, {
          token,
          startAfter,
          fetchOwner: fetchOwner === 'true',
        }),
      };
  };
}
