/**
 * The processes of `bench network` in the isolated lab (test/overlay/netns.ts: two workers, each
 * behind its own NAT that drops inbound connections, the reflector in the public namespace):
 *
 *   worker 0: client · engine on 127.77.0.1 (direct) · agent (forwards member 1's ports)
 *   worker 1: engine on 127.77.0.2 · agent (serves member 1's ports)
 *
 * The client reaches each path's sink and echo as an engine would: directly on its own worker's
 * loopback, or on member 1's alias, where the agent forwards it through the punched or the relayed
 * overlay to member 1's real port.
 */
import { memberAlias } from '../src/overlay/forward';
import type { Endpoint } from '../src/overlay/reflector-client';
import { LabProcess } from '../test/overlay/lab-process';
import { type Lab, REFLECTOR_ADDRESS } from '../test/overlay/netns';
import type { Target } from './network-measure';
import type { NetworkPath, OverlaySetup } from './network-report';

const REFLECTOR: Endpoint = { address: REFLECTOR_ADDRESS, port: 3478 };
/** Each path's engine ports: a sink for transfers, an echo for round trips. */
const PORTS: Record<NetworkPath, { sink: number; echo: number }> = {
  direct: { sink: 7000, echo: 7001 },
  punched: { sink: 7000, echo: 7001 },
  relayed: { sink: 7100, echo: 7101 },
};
/** The punched pair's deadline; past it the pair would fall back to the relay, which the rig refuses. */
const PUNCH_MS = 10_000;

export interface Rig {
  client: LabProcess;
  /** Where the client finds each path's sink and echo. */
  targets: Record<NetworkPath, { sink: Target; echo: Target }>;
  overlays: OverlaySetup[];
}

type Observed = { mode: 'punched' | 'relayed'; public: Endpoint };
type Joined = { mode: 'punched' | 'relayed'; transport: string; ms: number };

/** Starts every process (each pushed to `started`, for the caller to stop) and joins both overlays. */
export async function startRig(lab: Lab, started: LabProcess[]): Promise<Rig> {
  const start = (ns: string, script: string, config: object) => {
    const child = new LabProcess(ns, script, config);
    started.push(child);
    return child;
  };
  const [w0, w1] = lab.workers;
  const reflector = start(lab.publicNs, 'test/overlay/lab-reflector.ts', {
    host: REFLECTOR.address,
    port: REFLECTOR.port,
  });
  const engines = [
    start(w0.ns, 'bench/network-engine.ts', { serve: { host: memberAlias(0), ports: [PORTS.direct] } }),
    start(w1.ns, 'bench/network-engine.ts', {
      serve: { host: memberAlias(1), ports: [PORTS.punched, PORTS.relayed] },
    }),
  ];
  const client = start(w0.ns, 'bench/network-engine.ts', { client: true });
  await reflector.next('listening');
  const ports = { punched: Object.values(PORTS.punched), relayed: Object.values(PORTS.relayed) };
  const agents = [w0, w1].map((w, index) =>
    start(w.ns, 'bench/network-agent.ts', { index, reflector: REFLECTOR, ports }),
  );
  await Promise.all([...engines.map((e) => e.next('listening')), client.next('ready')]);
  const observed = await Promise.all(
    agents.map(async (agent) => {
      const both = [await agent.next<Observed>('observed'), await agent.next<Observed>('observed')];
      return Object.fromEntries(both.map((o) => [o.mode, o.public])) as Record<Observed['mode'], Endpoint>;
    }),
  );
  const overlays: OverlaySetup[] = [];
  for (const mode of ['punched', 'relayed'] as const) {
    const punchDeadline = Date.now() + PUNCH_MS;
    for (const [index, agent] of agents.entries()) {
      const peer = 1 - index;
      agent.send({ mode, peer: { index: peer, public: observed[peer][mode] }, punchDeadline });
    }
    const joined = await Promise.all(agents.map((agent) => agent.next<Joined>('joined', PUNCH_MS + 20_000)));
    if (joined.some((j) => j.transport !== mode)) {
      throw new Error(
        `the ${mode} overlay came up ${joined.map((j) => j.transport).join(' / ')}: the lab must punch (check its NAT rules)`,
      );
    }
    overlays.push({ mode, joinMs: Math.max(...joined.map((j) => j.ms)) });
  }
  reflector.send({});
  const { relays } = await reflector.next<{ relays: number }>('relays');
  if (relays !== 1) throw new Error(`the reflector relayed ${relays} pairs; only the relayed overlay's one`);
  const at = (host: string, path: NetworkPath) => ({
    sink: { host, port: PORTS[path].sink },
    echo: { host, port: PORTS[path].echo },
  });
  return {
    client,
    targets: {
      direct: at(memberAlias(0), 'direct'),
      punched: at(memberAlias(1), 'punched'),
      relayed: at(memberAlias(1), 'relayed'),
    },
    overlays,
  };
}
