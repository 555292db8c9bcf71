/**
 * The worker agent's part of the overlay (docs/overlay.md) when its platform isolates it
 * (METAQ_NETWORK=isolated): before it registers, its member alias, a port range of its own and its
 * public endpoint as the reflector sees it; at `start`, before the engine, one transport to every
 * peer with their engine ports forwarded both ways.
 */
import { MissingSetting, type Settings } from '../config';
import { memberAlias } from '../overlay/forward';
import { joinOverlay, type Overlay } from '../overlay/overlay';
import { type Endpoint, type Observation, observe } from '../overlay/reflector-client';
import { isolatedPorts } from './ports';
import type { Member } from './types';

/** How an isolated worker reaches its peers. */
export interface AgentNetwork {
  mode: Settings['overlay'];
  reflector: Endpoint;
}

/** The worker's network from its settings: undefined when it is not isolated. */
export function agentNetwork(config: Settings): AgentNetwork | undefined {
  if (config.network !== 'isolated') return undefined;
  const [address, port] = (config.reflector ?? '').split(':');
  if (!address || !Number(port)) {
    throw new MissingSetting(
      'METAQ_REFLECTOR',
      `an isolated worker needs its reflector as address:port (got ${JSON.stringify(config.reflector ?? '')}); the local platform sets it`,
    );
  }
  return { mode: config.overlay, reflector: { address, port: Number(port) } };
}

/** What an isolated worker registers with: its alias, its own ports, and where the reflector saw it. */
export interface IsolatedPlace {
  address: string;
  ports: number[];
  /** Its socket stays open until the overlay closes: it holds the NAT's mapping. */
  observation: Observation;
}

export async function isolatedPlace(
  network: AgentNetwork,
  index: number,
  portCount: number,
): Promise<IsolatedPlace> {
  const ports = await isolatedPorts(index, portCount);
  return { address: memberAlias(index), ports, observation: await observe(network.reflector) };
}

/**
 * Joins every other member (by launch index, which names its alias) before the engine starts, so
 * that the engine's first connection to a peer already finds the peer's alias listening here.
 */
export function joinPeers(
  network: AgentNetwork,
  sessionId: string,
  place: IsolatedPlace,
  self: Member,
  members: Member[],
  windows: { punchDeadline: number; relayMs: number },
): Promise<Overlay> {
  const peers = members.filter((member) => member.index !== self.index);
  const missing = peers.find((peer) => !peer.public);
  if (missing) {
    throw new Error(
      `member ${missing.index} has no public endpoint: it did not register as an isolated worker`,
    );
  }
  return joinOverlay({
    sessionId,
    self: { index: self.index, public: place.observation.public, ports: self.ports },
    peers: peers.map((peer) => ({ index: peer.index, public: peer.public as Endpoint, ports: peer.ports })),
    observation: place.observation,
    reflector: network.reflector,
    mode: network.mode,
    ...windows,
  });
}
