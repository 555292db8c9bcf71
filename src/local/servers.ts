/**
 * The embedded default's AWS stand-ins, in this process: dynalite (DynamoDB on LevelDB) and s3rver
 * (S3 on the file system), both kept on disk under the metaq home and listening on loopback.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

export class HomeInUse extends Error {
  override name = 'HomeInUse' as const;
}

export async function startDynamo(home: string, port = 0): Promise<LocalServer> {
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

export async function startS3(home: string, buckets: string[], port = 0): Promise<LocalServer> {
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(home, 's3'),
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port: bound } = (await server.run()) as AddressInfo;
  return { endpoint: `http://127.0.0.1:${bound}`, close: () => server.close() };
}
