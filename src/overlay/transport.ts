import type net from 'node:net';
import { PunchFailed } from './errors';
import { punch } from './punch';
import { type Endpoint, relayed } from './reflector-client';

/** How a pair's one transport connection was made; `relayed` is counted in the query's record. */
export type TransportKind = 'punched' | 'relayed';

export interface PairTransportOptions {
  /** `punched` falls back to `relayed` when the pair cannot punch; `relayed` does not try. */
  mode: 'punched' | 'relayed';
  /** Unique per query and pair, the same on both sides, e.g. "<sessionId>/0-2". */
  pair: string;
  /** This worker's member index: the relay tells the pair's two sides apart by it. */
  side: number;
  reflector: Endpoint;
  /** From this worker's observation: the local port its NAT mapped. */
  localPort: number;
  /** The peer's public endpoint, from its session item. */
  peer: Endpoint;
  /** Epoch ms: punching stops here; relaying gets `relayMs` more. */
  punchDeadline: number;
  /** @default 10 s */
  relayMs?: number;
}

export interface PairTransport {
  kind: TransportKind;
  socket: net.Socket;
  /** Why a `punched` pair was relayed: the PunchFailed message, for the query's record. */
  punchFailure?: string;
}

/**
 * Opens the pair's transport. Both sides run this at the same time with the same deadline, so both
 * punch, and when punching fails both reach the relay within its wait.
 */
export async function openPairTransport(options: PairTransportOptions): Promise<PairTransport> {
  let punchFailure: string | undefined;
  if (options.mode === 'punched') {
    try {
      return ready('punched', await punch({ ...options, deadline: options.punchDeadline }));
    } catch (error) {
      if (!(error instanceof PunchFailed)) throw error;
      punchFailure = error.message;
    }
  }
  const socket = await relayed(
    options.reflector,
    options.pair,
    String(options.side),
    options.relayMs ?? 10_000,
  );
  return { ...ready('relayed', socket), punchFailure };
}

/** Frames are small and interleaved: Nagle would hold each behind the last unacknowledged one. */
function ready(kind: TransportKind, socket: net.Socket): PairTransport {
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 10_000);
  return { kind, socket };
}
