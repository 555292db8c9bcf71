/**
 * The PostgreSQL protocol server beside `metaq serve`'s HTTP server, in front of the same
 * executions. With a password (METAQ_PG_PASSWORD) clients authenticate with SCRAM-SHA-256 and the
 * server listens where `metaq serve` does; without one anyone who can connect is let in, so it
 * listens on loopback only, whatever host was asked for.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Executions } from '../serve/executions';
import { CancelKeys } from './cancel-keys';
import { TlsMisconfigured } from './errors';
import { scramVerifier } from './scram';
import { PgSession } from './session';

export interface PgServerOptions {
  executions: Executions;
  port: number;
  /** Where to listen when a password is set; without one, 127.0.0.1. */
  host: string;
  password?: string;
  /** PEM files: with both, clients may ask for TLS (sslmode=require and up). */
  tls?: { cert?: string; key?: string };
  /** The serve home: result files are copied under it while they are read. */
  home: string;
  log: (line: string) => void;
}

export interface RunningPgServer {
  host: string;
  port: number;
  /** Said at start: which authentication and where, so that a user is not surprised by either. */
  notice: string;
  close(): Promise<void>;
}

export async function startPgServer(options: PgServerOptions): Promise<RunningPgServer> {
  const host = options.password ? options.host : '127.0.0.1';
  const scratch = path.join(options.home, 'pg');
  mkdirSync(scratch, { recursive: true });
  const duckdb = lazyDuckdb();
  const sockets = new Set<Socket>();
  const tls = secureContext(options.tls);
  const context = {
    executions: options.executions,
    tls,
    verifier: options.password ? scramVerifier(options.password) : undefined,
    duckdb: duckdb.get,
    cancelKeys: new CancelKeys(),
    scratch,
    metaqVersion: metaqVersion(),
    log: options.log,
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    new PgSession(socket, context);
  });
  const port = await listen(server, options.port, host);
  return {
    host,
    port,
    notice: [
      options.password
        ? `PostgreSQL protocol on ${host}:${port}, SCRAM-SHA-256 with METAQ_PG_PASSWORD`
        : `PostgreSQL protocol on ${host}:${port} without a password (METAQ_PG_PASSWORD is not set): loopback only`,
      tls ? 'TLS offered (METAQ_PG_TLS_CERT)' : 'no TLS (METAQ_PG_TLS_CERT and METAQ_PG_TLS_KEY are not set)',
    ].join('; '),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      duckdb.close();
    },
  };
}

/** The certificate and key, read once at start: a mistake in either is said now, not at a client's first connection. */
function secureContext(files: PgServerOptions['tls']): SecureContext | undefined {
  if (!files?.cert && !files?.key) return undefined;
  if (!files.cert || !files.key)
    throw new TlsMisconfigured(
      `TLS needs both METAQ_PG_TLS_CERT and METAQ_PG_TLS_KEY (PEM files); only ${files.cert ? 'the certificate' : 'the key'} is set`,
    );
  try {
    return createSecureContext({ cert: readFileSync(files.cert), key: readFileSync(files.key) });
  } catch (error) {
    throw new TlsMisconfigured(
      `the TLS certificate ${files.cert} and key ${files.key} cannot be used: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** One DuckDB for reading results back, made on the first query that needs it. */
function lazyDuckdb() {
  let instance: Promise<DuckDBInstance> | undefined;
  return {
    get: () => {
      instance ??= DuckDBInstance.create(':memory:', { threads: '1' });
      return instance;
    },
    close: () => {
      instance?.then((made) => made.closeSync()).catch(() => undefined);
    },
  };
}

function metaqVersion(): string {
  const manifest = path.resolve(__dirname, '../../package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
