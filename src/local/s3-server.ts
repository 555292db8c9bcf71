/**
 * The embedded default's S3: s3rver (S3 on the file system) under the metaq home, listening on
 * loopback. A module of its own so that what needs only S3 (an image's class-data training) does
 * not load dynalite's native LevelDB with it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Handler } from './s3rver';

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

export interface LocalS3 extends LocalServer {
  /** Loads s3rver now instead of at the first request (metaq query: while its worker starts). */
  load(): Promise<void>;
}

export async function startS3(home: string, buckets: string[], port = 0): Promise<LocalS3> {
  let loading: Promise<S3Handler> | undefined;
  const load = () => {
    loading ??= (require('./s3rver') as typeof import('./s3rver')).s3rverHandler(home, buckets);
    return loading;
  };
  const server = createServer((request, response) => {
    load().then(
      (s3) => s3.handle(request, response),
      (error: Error) => {
        response.statusCode = 500;
        response.end(`the local S3 could not start: ${error.message}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', resolve),
  );
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    load: async () => {
      await load();
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (loading) (await loading.catch(() => undefined))?.close();
    },
  };
}
