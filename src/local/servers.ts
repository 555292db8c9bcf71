/**
 * The embedded default's AWS stand-ins, in this process: dynalite (DynamoDB on LevelDB) and s3rver
 * (S3 on the file system), both kept on disk under the metaq home and listening on loopback.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { decodeAwsChunked } from './aws-chunked';

import bucketController = require('s3rver/lib/controllers/bucket');
import objectController = require('s3rver/lib/controllers/object');

import { listWithoutDes } from './s3-listing';
import { serveSuffixRanges } from './s3-ranges';

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

export class HomeInUse extends Error {
  override name = 'HomeInUse' as const;
}

export async function startDynamo(home: string, port = 0): Promise<LocalServer> {
  await assertUnlocked(path.join(home, 'dynamodb'));
  const server: Server = dynalite({
    path: path.join(home, 'dynamodb'),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', resolve),
  );
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * dynalite opens its LevelDB lazily, so a home in use by another process would only fail on the
 * first request: open it once here to say so up front.
 */
async function assertUnlocked(folder: string): Promise<void> {
  const db = new ClassicLevel(folder);
  try {
    await db.open();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'LEVEL_LOCKED') {
      throw new HomeInUse(
        `another metaq process is using ${path.dirname(folder)} (metaq serve, or another query): ` +
          'wait for it, use the running serve, or set METAQ_HOME to another folder',
        { cause: error },
      );
    }
    throw error;
  } finally {
    await db.close();
  }
}

let fixed = false;

/**
 * s3rver answering as S3 does where metaq's engines need it (s3-listing.ts, s3-ranges.ts): its
 * router calls the controllers' functions by name at each request, after the signature check, so
 * they are replaced once per process.
 */
function fixS3rver(): void {
  if (fixed) return;
  fixed = true;
  bucketController.getBucket = listWithoutDes(bucketController.getBucket);
  objectController.getObject = serveSuffixRanges(objectController.getObject);
}

export async function startS3(home: string, buckets: string[], port = 0): Promise<LocalServer> {
  fixS3rver();
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(home, 's3'),
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  // First of all its middleware: uploads framed aws-chunked reach s3rver's store as their bytes.
  // s3rver is a Koa application; its typings leave that out.
  (server as unknown as { middleware: unknown[] }).middleware.unshift(decodeAwsChunked);
  const { port: bound } = (await server.run()) as AddressInfo;
  return { endpoint: `http://127.0.0.1:${bound}`, close: () => server.close() };
}
