import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { PunchFailed } from './errors';
import { type Endpoint, show } from './reflector-client';

export interface PunchOptions {
  /** Names the pair in errors, e.g. "member 0 – member 2". */
  pair: string;
  /** The local port the reflector saw (Observation.localPort): its NAT mapping is reused. */
  localPort: number;
  /** The peer's public address and port, from its session item. */
  peer: Endpoint;
  /** Epoch ms after which the pair gives up (the rendezvous limit, less what relaying needs). */
  deadline: number;
  /** One connect attempt's limit: long enough for the kernel's SYN retry at 1 s. @default 2500 */
  attemptMs?: number;
}

/**
 * TCP simultaneous open through two NATs that drop inbound connections: both workers connect to
 * each other's public endpoint from the local port their NAT already mapped. Each outgoing SYN opens
 * the sender's NAT for the peer's SYN; the first SYNs may still be dropped by the other NAT, so the
 * kernel's retransmission, and our retries after a refusal or a timeout, carry it through.
 *
 * Linux MASQUERADE keeps the source port when the resulting tuple is free (it is: the destination
 * differs from the reflector's), so the peer's public port is the one the reflector saw.
 */
export async function punch(options: PunchOptions): Promise<net.Socket> {
  let lastError: Error | undefined;
  let attempts = 0;
  while (Date.now() < options.deadline) {
    attempts++;
    const limit = Math.min(options.attemptMs ?? 2500, options.deadline - Date.now());
    try {
      return await attempt(options, limit);
    } catch (error) {
      lastError = error as Error;
      // A refusal comes back at once (the peer's SYN is not out yet): pause so retries stay few.
      await sleep(Math.min(200, Math.max(0, options.deadline - Date.now())));
    }
  }
  throw new PunchFailed(
    `pair ${options.pair}: no TCP connection from local port ${options.localPort} to ${show(options.peer)} ` +
      `in ${attempts} attempts before the deadline (last: ${lastError?.message ?? 'none'})`,
    { cause: lastError },
  );
}

async function attempt(options: PunchOptions, limitMs: number): Promise<net.Socket> {
  const socket = net.connect({
    host: options.peer.address,
    port: options.peer.port,
    localAddress: '0.0.0.0',
    localPort: options.localPort,
    allowHalfOpen: true,
  });
  const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${limitMs} ms`)), limitMs);
  try {
    await once(socket, 'connect');
    return socket;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
