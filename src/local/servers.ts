/**
 * The embedded default's AWS stand-ins, in this process: dynalite (DynamoDB on LevelDB) and s3rver
 * (S3 on the file system), both kept on disk under the metaq home and listening on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import dynalite from 'dynalite';
import type { S3Handler } from './s3rver';

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

export interface LocalS3 extends LocalServer {
  /** Loads s3rver now instead of at the first request (metaq query: while its worker starts). */
  load(): Promise<void>;
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

/**
 * The local S3 listens at once (its endpoint goes into every worker's environment) and loads s3rver
 * (s3rver.ts) at its first request or `load()`: `metaq history`, `show` and `tables ls` never do.
 * A request that arrives while it loads waits; its body stays unread until s3rver reads it.
 */
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
