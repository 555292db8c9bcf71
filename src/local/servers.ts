/**
 * The embedded default's AWS stand-ins, in this process: dynalite (DynamoDB on LevelDB) and s3rver
 * (S3 on the file system, s3-server.ts), both kept on disk under the metaq home and listening on loopback.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import dynalite from 'dynalite';
import type { LocalServer } from './s3-server';

export { type LocalS3, type LocalServer, startS3 } from './s3-server';

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
