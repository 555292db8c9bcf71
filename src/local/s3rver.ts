/**
 * s3rver, the embedded default's S3, as a request handler: loaded by servers.ts at the local S3's
 * first request, since loading it (Koa, winston, busboy, its XML parser) is 0.1 s that commands
 * reading only records never need. Its fixes (s3-listing.ts, s3-ranges.ts, aws-chunked.ts) are
 * installed here, in this one place.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import S3rver from 's3rver';
import { decodeAwsChunked } from './aws-chunked';

import bucketController = require('s3rver/lib/controllers/bucket');
import objectController = require('s3rver/lib/controllers/object');

import { listWithoutDes } from './s3-listing';
import { serveSuffixRanges } from './s3-ranges';

export interface S3Handler {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** What s3rver's own server does when it closes. */
  close(): void;
}

/** The parts of s3rver (a Koa application) its typings leave out. */
interface S3rverApp {
  middleware: unknown[];
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  configureBuckets(): Promise<void>;
  logger: { exceptions: { unhandle(): void }; close(): void };
}

let fixed = false;

/**
 * s3rver answering as S3 does where metaq's engines need it: its router calls the controllers'
 * functions by name at each request, after the signature check, so they are replaced once per
 * process.
 */
function fixS3rver(): void {
  if (fixed) return;
  fixed = true;
  bucketController.getBucket = listWithoutDes(bucketController.getBucket);
  objectController.getObject = serveSuffixRanges(objectController.getObject);
}

/** s3rver over `<home>/s3`, its buckets made, as `S3rver.run()` would before it listens. */
export async function s3rverHandler(home: string, buckets: string[]): Promise<S3Handler> {
  fixS3rver();
  const app = new S3rver({
    silent: true,
    directory: path.join(home, 's3'),
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  }) as unknown as S3rverApp;
  // First of all its middleware: uploads framed aws-chunked reach s3rver's store as their bytes.
  app.middleware.unshift(decodeAwsChunked);
  await app.configureBuckets();
  const handle = app.callback();
  return {
    handle,
    close: () => {
      app.logger.exceptions.unhandle();
      app.logger.close();
    },
  };
}
