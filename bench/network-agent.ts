/**
 * Runs in a worker namespace of the lab as the worker agent of `bench network`: one overlay per
 * mode (punched, relayed), each with its own observation and its own engine ports, joined with the
 * one peer on command. It exits when its stdin closes, so it never outlives the bench.
 */
import { createInterface } from 'node:readline';
import { joinOverlay, type Overlay } from '../src/overlay/overlay';
import { type Endpoint, type Observation, observe } from '../src/overlay/reflector-client';

type Mode = 'punched' | 'relayed';
interface Config {
  index: number;
  reflector: Endpoint;
  /** The engine ports each mode's overlay carries (both members declare the same). */
  ports: Record<Mode, number[]>;
}
type Join = { mode: Mode; peer: { index: number; public: Endpoint }; punchDeadline: number };

const config = JSON.parse(process.argv[2]) as Config;
const say = (message: object) => console.log(JSON.stringify(message));
const overlays: Overlay[] = [];

async function join(observation: Observation, command: Join): Promise<void> {
  const started = Date.now();
  const ports = config.ports[command.mode];
  const overlay = await joinOverlay({
    sessionId: `bench-${command.mode}`,
    self: { index: config.index, public: observation.public, ports },
    peers: [{ ...command.peer, ports }],
    observation,
    reflector: config.reflector,
    mode: command.mode,
    punchDeadline: command.punchDeadline,
  });
  overlays.push(overlay);
  say({
    event: 'joined',
    mode: command.mode,
    transport: overlay.transports[command.peer.index],
    ms: Date.now() - started,
  });
}

async function main(): Promise<void> {
  const observations = new Map<Mode, Observation>();
  for (const mode of ['punched', 'relayed'] as const) {
    const observation = await observe(config.reflector);
    observations.set(mode, observation);
    say({ event: 'observed', mode, public: observation.public });
  }
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = JSON.parse(line) as Join;
    join(observations.get(command.mode) as Observation, command).catch((error: Error) =>
      say({ event: 'failed', error: `${error.name}: ${error.message}` }),
    );
  });
  lines.on('close', () =>
    Promise.all(overlays.map((overlay) => overlay.close())).finally(() => process.exit(0)),
  );
}

main().catch((error: Error) => {
  say({ event: 'failed', error: `${error.name}: ${error.message}` });
  process.exit(1);
});
