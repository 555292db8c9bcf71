import { once } from 'node:events';
import net from 'node:net';
import type { MuxSession } from './mux';
import type { MuxStream } from './mux-stream';
import { resetConnection } from './reset';

/** The loopback alias of a member: any 127/8 address is local on Linux, so no interface is set up. */
export function memberAlias(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 253) {
    throw new RangeError(`member index ${index} has no loopback alias (0 to 253)`);
  }
  return `127.77.0.${index + 1}`;
}

/** A peer member as this worker sees it: its alias and the ports its engine declares. */
export interface PeerMember {
  alias: string;
  ports: number[];
}

/** The listeners that stand in, on this worker, for one peer member's engine ports. */
export interface PeerForwarding {
  close(): Promise<void>;
}

/**
 * Listens on the peer's alias for each of its ports and carries every accepted connection as one
 * stream of the pair's session, whose target is the port.
 */
export async function forwardPeer(session: MuxSession, peer: PeerMember): Promise<PeerForwarding> {
  const servers = peer.ports.map((port) =>
    net.createServer({ allowHalfOpen: true }, (socket) => carry(session, socket, port)),
  );
  try {
    await Promise.all(servers.map((server, i) => listen(server, peer.alias, peer.ports[i])));
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
  return { close: () => closeAll(servers) };
}

/**
 * The other half, for the session's `accept`: connects each stream from the peer to this member's
 * engine at `host`, but only on the ports its engine declares, so a peer cannot reach anything else.
 */
export function serveMember(member: { host: string; ports: number[] }): (stream: MuxStream) => void {
  const allowed = new Set(member.ports.map(String));
  return (stream) => {
    if (!allowed.has(stream.target)) {
      stream.reset(
        `port ${stream.target} is not one of the member's engine ports (${member.ports.join(', ')})`,
      );
      return;
    }
    const socket = net.connect({ host: member.host, port: Number(stream.target), allowHalfOpen: true });
    splice(socket, stream);
  };
}

function carry(session: MuxSession, socket: net.Socket, port: number): void {
  if (session.closed) {
    resetConnection(socket);
    return;
  }
  splice(socket, session.open(String(port)));
}

/**
 * Joins a TCP connection and a stream so that each behaves like the far end of the other: bytes and
 * half-closes pass through; a failure on one side resets the other (an engine then sees ECONNRESET,
 * as it would on a real network, rather than a connection that hangs).
 */
export function splice(socket: net.Socket, stream: MuxStream): void {
  socket.pipe(stream);
  stream.pipe(socket);
  socket.on('error', (error) => stream.reset(error.message));
  socket.on('close', () => {
    if (!(socket.readableEnded && socket.writableFinished)) stream.reset('the connection closed');
  });
  stream.on('error', () => resetConnection(socket));
  stream.on('close', () => {
    if (!socket.destroyed && !(socket.writableFinished && socket.readableEnded)) resetConnection(socket);
  });
}

async function listen(server: net.Server, host: string, port: number): Promise<void> {
  server.listen({ host, port });
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error)),
  ]);
}

async function closeAll(servers: net.Server[]): Promise<void> {
  await Promise.all(
    servers.filter((server) => server.listening).map((server) => new Promise((done) => server.close(done))),
  );
}
