import { once } from 'node:events';
import net from 'node:net';
import { ReflectorError, RelayFailed } from './errors';
import { readLine, writeLine } from './lines';
import type { ObserveReply, RelayReply } from './reflector';

export interface Endpoint {
  address: string;
  port: number;
}

/** What a worker learns from the reflector; `socket` stays open so the NAT keeps the mapping. */
export interface Observation {
  /** The address and port the reflector saw: what the worker publishes in its session item. */
  public: Endpoint;
  /** The local port the mapping belongs to: punching must start from it. */
  localPort: number;
  socket: net.Socket;
}

/**
 * Asks the reflector where this worker's connections appear to come from. The socket is bound
 * explicitly (libuv sets SO_REUSEADDR on every explicit bind, checked with strace), so a punch can
 * then connect from the same local port while this connection stays open and holds the mapping.
 */
export async function observe(
  reflector: Endpoint,
  options: { localPort?: number; timeoutMs?: number } = {},
): Promise<Observation> {
  const socket = await connect(reflector, options.localPort ?? 0, options.timeoutMs ?? 5000);
  writeLine(socket, { op: 'observe' });
  const reply = await readLine<ObserveReply>(socket, options.timeoutMs ?? 5000, 'observation');
  if ('error' in reply) {
    socket.destroy();
    throw new ReflectorError(`the reflector at ${show(reflector)} refused: ${reply.error}`);
  }
  socket.resume();
  socket.on('error', () => {}); // losing it later only loses the mapping's keep-alive, not the pair
  return {
    public: { address: reply.address, port: reply.port },
    localPort: socket.localPort as number,
    socket,
  };
}

/**
 * Joins the pair's transport through the reflector: both sides call this with the same `pair` and
 * their own `side`; the returned socket then carries the pair's bytes (one relay use is counted). It
 * comes paused, with any bytes past the handshake unshifted: its consumer (MuxSession) resumes it.
 */
export async function relayed(
  reflector: Endpoint,
  pair: string,
  side: string,
  timeoutMs: number,
): Promise<net.Socket> {
  try {
    const socket = await connect(reflector, 0, timeoutMs);
    writeLine(socket, { op: 'relay', pair, side });
    const reply = await readLine<RelayReply>(socket, timeoutMs, 'relay').catch((error) => {
      socket.destroy();
      throw error;
    });
    if ('error' in reply) {
      socket.destroy();
      throw new ReflectorError(reply.error);
    }
    return socket;
  } catch (error) {
    throw new RelayFailed(
      `pair ${pair} could not be relayed through ${show(reflector)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

async function connect(to: Endpoint, localPort: number, timeoutMs: number): Promise<net.Socket> {
  const socket = net.connect({
    host: to.address,
    port: to.port,
    localAddress: '0.0.0.0',
    localPort,
    allowHalfOpen: true,
  });
  const timer = setTimeout(
    () => socket.destroy(new Error(`no connection within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    await once(socket, 'connect');
    return socket;
  } catch (error) {
    throw new ReflectorError(`cannot reach the reflector at ${show(to)}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

export function show(endpoint: Endpoint): string {
  return `${endpoint.address}:${endpoint.port}`;
}
