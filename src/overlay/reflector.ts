import { once } from 'node:events';
import net from 'node:net';
import { readLine, writeLine } from './lines';
import { resetConnection } from './reset';

/*
 * The reflector: tells each client the address and port it sees the client's connection come from
 * (the NAT's public mapping, which a UDP STUN server cannot tell for TCP), and joins a pair's two
 * connections when the pair cannot punch. It keeps no state beyond the pairs waiting to be joined.
 *
 * Protocol: the client sends one JSON line, `{"op":"observe"}` or `{"op":"relay","pair":K,"side":S}`;
 * the reflector answers one JSON line, `{"address","port"}` or `{"relayed":true}` (or `{"error"}`).
 * After `relayed`, the connection carries the pair's transport bytes unchanged.
 */

export type ReflectorRequest = { op: 'observe' } | { op: 'relay'; pair: string; side: string };
export type ObserveReply = { address: string; port: number } | { error: string };
export type RelayReply = { relayed: true } | { error: string };

export interface ReflectorOptions {
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** How long the first side of a pair waits for the second. @default 30 s */
  relayWaitMs?: number;
  /** How long a client may take to send its request. @default 5 s */
  requestTimeoutMs?: number;
}

export interface Reflector {
  readonly address: { address: string; port: number };
  /** Pairs joined through the relay since start: every relayed pair is counted, none is silent. */
  readonly relays: number;
  close(): Promise<void>;
}

export async function startReflector(options: ReflectorOptions = {}): Promise<Reflector> {
  const waiting = new Map<string, { side: string; socket: net.Socket; timer: NodeJS.Timeout }>();
  const sockets = new Set<net.Socket>();
  let relays = 0;

  function relay(socket: net.Socket, pair: string, side: string): void {
    const first = waiting.get(pair);
    if (!first) {
      const timer = setTimeout(() => {
        waiting.delete(pair);
        refuse(
          socket,
          `the other side of pair ${pair} did not come within ${options.relayWaitMs ?? 30000} ms`,
        );
      }, options.relayWaitMs ?? 30_000);
      waiting.set(pair, { side, socket, timer });
      socket.once('close', () => {
        if (waiting.get(pair)?.socket === socket) {
          clearTimeout(timer);
          waiting.delete(pair);
        }
      });
      return;
    }
    if (first.side === side) {
      refuse(socket, `side ${side} of pair ${pair} is already waiting`);
      return;
    }
    clearTimeout(first.timer);
    waiting.delete(pair);
    relays++;
    join(first.socket, socket);
  }

  const server = net.createServer({ allowHalfOpen: true }, async (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    try {
      const request = await readLine<ReflectorRequest>(socket, options.requestTimeoutMs ?? 5000, 'request');
      if (request.op === 'observe') {
        writeLine(socket, { address: plainAddress(socket.remoteAddress), port: socket.remotePort });
        socket.resume(); // the client keeps the connection open to keep its NAT mapping; we ignore it
      } else if (request.op === 'relay' && request.pair && request.side !== undefined) {
        relay(socket, String(request.pair), String(request.side));
      } else {
        refuse(socket, `unknown request ${JSON.stringify(request).slice(0, 80)}`);
      }
    } catch (error) {
      refuse(socket, (error as Error).message);
    }
  });
  server.listen({ host: options.host ?? '0.0.0.0', port: options.port ?? 0 });
  await once(server, 'listening');
  const { address, port } = server.address() as net.AddressInfo;

  return {
    address: { address, port },
    get relays() {
      return relays;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      for (const { timer } of waiting.values()) clearTimeout(timer);
      await new Promise((done) => server.close(done));
    },
  };
}

/** Splices two relayed connections: bytes and half-closes pass; a reset on one resets the other. */
function join(a: net.Socket, b: net.Socket): void {
  for (const socket of [a, b]) writeLine(socket, { relayed: true });
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => resetConnection(b));
  b.on('error', () => resetConnection(a));
  a.resume();
  b.resume();
}

function refuse(socket: net.Socket, error: string): void {
  if (!socket.destroyed) socket.end(`${JSON.stringify({ error })}\n`);
}

/** A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; peers dial the plain IPv4 form. */
function plainAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/, '');
}
