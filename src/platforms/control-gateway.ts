/**
 * How isolated workers reach the control plane: the local DynamoDB and S3 listen on the host's
 * 127.0.0.1, which no other namespace can reach. The orchestrator serves each of them on a Unix
 * socket (a file, so not bound to a network namespace), and the public namespace's process
 * (isolated-public.ts) listens on the public bridge's address and carries each connection to it.
 * Nothing is added to the host's network: no veth, address or route to collide between sessions.
 */
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PUBLIC_ADDRESS } from './isolated-network';

/** The variables that point the AWS SDK (workers and engines alike) at the local servers. */
const CONTROL_ENDPOINTS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3'];

/** One control-plane port, served on the public bridge from a Unix socket. */
export interface GatewayRoute {
  port: number;
  socket: string;
}

export interface ControlGateway {
  routes: GatewayRoute[];
  /** The workers' endpoint variables, rewritten to the public bridge's address. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function openControlGateway(dir: string, env = process.env): Promise<ControlGateway> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const servers: net.Server[] = [];
  const routes = new Map<number, GatewayRoute>();
  const rewritten: Record<string, string> = {};
  const close = async () => {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const variable of CONTROL_ENDPOINTS) {
      const url = env[variable] ? new URL(env[variable] as string) : undefined;
      if (!url || !isLoopback(url.hostname)) continue;
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      if (!routes.has(port)) {
        const socket = path.join(dir, `${port}.sock`);
        servers.push(await serveUnix(socket, { host: url.hostname, port }));
        routes.set(port, { port, socket });
      }
      url.hostname = PUBLIC_ADDRESS;
      rewritten[variable] = url.toString().replace(/\/$/, '');
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { routes: [...routes.values()], env: rewritten, close };
}

const isLoopback = (host: string) => host === 'localhost' || host.startsWith('127.');

function serveUnix(socket: string, to: { host: string; port: number }): Promise<net.Server> {
  const server = net.createServer((incoming) => pipeBoth(incoming, net.connect(to)));
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen(socket, () => resolve(server));
  });
}

/** Joins two connections both ways; a failure of either ends both. */
export function pipeBoth(a: net.Socket, b: net.Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end).on('close', end);
  b.on('error', end).on('close', end);
}
