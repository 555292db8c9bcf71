/** The two s3rver modules src/local/s3-listing.ts reaches into (s3rver ships no types for them). */
declare module 's3rver/lib/controllers/bucket' {
  // biome-ignore lint/suspicious/noExplicitAny: s3rver's Koa context, untyped.
  export let getBucket: (ctx: any) => Promise<void>;
}

declare module 's3rver/lib/models/error' {
  class S3Error extends Error {
    constructor(code: string, message: string, detail?: Record<string, unknown>);
  }
  export = S3Error;
}

declare module 's3rver/lib/controllers/object' {
  // biome-ignore lint/suspicious/noExplicitAny: s3rver's Koa context, untyped.
  export let getObject: (ctx: any) => Promise<void>;
}
