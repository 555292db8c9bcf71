/**
 * Suffix ranges for the local S3. `Range: bytes=-N` asks for an object's last N bytes, which is how
 * Trino (the AWS SDK for Java) reads a Parquet footer; s3rver answers it as bytes 0 to N, so a file
 * longer than N read as malformed ("Expected magic number: PAR1"). The range is made explicit from
 * the object's size before s3rver's GetObject reads it (the request's signature was checked by then).
 */
interface ObjectContext {
  params: { bucket: string; key: string };
  headers: Record<string, string | undefined>;
  store: { getMetadata(bucket: string, key: string): Promise<Record<string, string>> };
}

/** `bytes=<first>-<last>` for the last `suffix` bytes of an object of `size` bytes. */
export function explicitRange(suffix: number, size: number): string {
  return `bytes=${Math.max(0, size - suffix)}-${size - 1}`;
}

type GetObject = (ctx: ObjectContext) => Promise<void>;

/** s3rver's GetObject, with a suffix range made explicit first. */
export function serveSuffixRanges(getObject: GetObject): GetObject {
  return async (ctx) => {
    const suffix = /^bytes=-(\d+)$/.exec(ctx.headers.range ?? '')?.[1];
    if (suffix === undefined || Number(suffix) === 0) return getObject(ctx);
    let size: number;
    try {
      size = Number((await ctx.store.getMetadata(ctx.params.bucket, ctx.params.key))['content-length']);
    } catch {
      return getObject(ctx); // no such key: s3rver answers it
    }
    const asked = ctx.headers.range;
    ctx.headers.range = explicitRange(Number(suffix), size);
    try {
      await getObject(ctx);
    } finally {
      ctx.headers.range = asked;
    }
  };
}
