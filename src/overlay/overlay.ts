import { forwardPeer, memberAlias, type PeerForwarding, serveMember } from './forward';
import { MuxSession } from './mux';
import type { Endpoint, Observation } from './reflector-client';
import { openPairTransport, type TransportKind } from './transport';

/** A member as its session item describes it once admitted: index, public endpoint, engine ports. */
export interface OverlayMember {
  index: number;
  /** Where the reflector saw the member's worker: its NAT's public address and port. */
  public: Endpoint;
  ports: number[];
}

export interface JoinOptions {
  /** Names the pairs at the relay: unique per query. */
  sessionId: string;
  self: OverlayMember;
  peers: OverlayMember[];
  /** This worker's observation, made when it registered; its socket keeps the NAT mapping. */
  observation: Observation;
  reflector: Endpoint;
  mode: 'punched' | 'relayed';
  /** Epoch ms, the same on every worker: punching stops here, relaying gets `relayMs` more. */
  punchDeadline: number;
  relayMs?: number;
}

/** This worker's part of the query's network: one transport per peer, forwarded both ways. */
export interface Overlay {
  /** How each peer (by member index) is reached; the relayed ones go into the query's record. */
  transports: Record<number, TransportKind>;
  /** Closes every listener, stream and transport, and the reflector connection. */
  close(): Promise<void>;
}

/**
 * Connects this worker to every peer at once (pairs punch concurrently), then stands in for each
 * peer's engine ports on the peer's alias and serves the peers' connections to this member's engine.
 * If any pair fails, everything already opened is closed before the error (naming the pair) is thrown.
 */
export async function joinOverlay(options: JoinOptions): Promise<Overlay> {
  const sessions: MuxSession[] = [];
  const forwardings: PeerForwarding[] = [];
  const transports: Record<number, TransportKind> = {};
  const close = async () => {
    await Promise.all(forwardings.map((forwarding) => forwarding.close()));
    for (const session of sessions) session.close();
    options.observation.socket.destroy();
  };
  const accept = serveMember({ host: memberAlias(options.self.index), ports: options.self.ports });
  const results = await Promise.allSettled(
    options.peers.map(async (peer) => {
      const transport = await openPairTransport({
        mode: options.mode,
        pair: pairName(options.sessionId, options.self.index, peer.index),
        side: options.self.index,
        reflector: options.reflector,
        localPort: options.observation.localPort,
        peer: peer.public,
        punchDeadline: options.punchDeadline,
        relayMs: options.relayMs,
      });
      const session = new MuxSession(transport.socket, { accept });
      sessions.push(session);
      forwardings.push(await forwardPeer(session, { alias: memberAlias(peer.index), ports: peer.ports }));
      transports[peer.index] = transport.kind;
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }
  return { transports, close };
}

/** The same on both sides of a pair: the session and the two member indexes, lower first. */
export function pairName(sessionId: string, a: number, b: number): string {
  return `${sessionId}/${Math.min(a, b)}-${Math.max(a, b)}`;
}
