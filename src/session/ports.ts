/** Free TCP ports, reserved by a worker at registration for the engine it may run. */
import { createServer, type Server } from 'node:net';

export function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  return bindAll(Array<number>(count).fill(0), host);
}

/** Where isolated workers' port ranges start: below Linux's ephemeral ports (32768 and up). */
const ISOLATED_BASE = 20_000;

/**
 * An isolated worker's ports: a range of its own by launch index. Workers in different namespaces
 * could otherwise pick the same number, and each worker's overlay listens on every peer's alias
 * with the peer's ports: an engine that binds 0.0.0.0 would collide with such a listener.
 * Checked on every address, as the engine may bind 0.0.0.0.
 */
export function isolatedPorts(index: number, count: number): Promise<number[]> {
  return bindAll(isolatedRange(index, count), '0.0.0.0');
}

export function isolatedRange(index: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => ISOLATED_BASE + index * count + i);
}

/** Binds every port at once (0: any free one), then releases them: the ports that were bound. */
async function bindAll(ports: number[], host: string): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
      servers.push(server);
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
