/**
 * Runs in one worker namespace of the lab: what the worker agent will do for its member. An "engine"
 * (an echo server naming its member) on the member's alias; the reflector's observation; the
 * overlay with every peer (punched, else relayed); then questions on command.
 */
import net from 'node:net';
import { createInterface } from 'node:readline';
import { memberAlias } from '../../src/overlay/forward';
import { joinOverlay } from '../../src/overlay/overlay';
import { type Endpoint, type Observation, observe } from '../../src/overlay/reflector-client';

interface Config {
  index: number;
  port: number;
  reflector: Endpoint;
  mode: 'punched' | 'relayed';
}
type Peer = { index: number; public: Endpoint };
type Command = { peers: Peer[]; punchDeadline: number } | { ask: number; text: string };

const config = JSON.parse(process.argv[2]) as Config;
const say = (message: object) => console.log(JSON.stringify(message));

function startEngine(): Promise<void> {
  const name = `member ${config.index}`;
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => socket.end(`${name} heard: ${Buffer.concat(chunks)}`));
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(config.port, memberAlias(config.index), resolve));
}

async function connectPeers(observation: Observation, peers: Peer[], punchDeadline: number) {
  const started = Date.now();
  const overlay = await joinOverlay({
    sessionId: 'lab',
    self: { index: config.index, public: observation.public, ports: [config.port] },
    peers: peers.map((peer) => ({ ...peer, ports: [config.port] })),
    observation,
    reflector: config.reflector,
    mode: config.mode,
    punchDeadline,
  });
  say({ event: 'connected', transports: overlay.transports, ms: Date.now() - started });
}

function ask(peer: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: memberAlias(peer), port: config.port, allowHalfOpen: true }, () =>
      socket.end(text),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(String(Buffer.concat(chunks))));
    socket.on('error', reject);
  });
}

async function main(): Promise<void> {
  await startEngine();
  const observation = await observe(config.reflector);
  say({ event: 'observed', public: observation.public, localPort: observation.localPort });
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = JSON.parse(line) as Command;
    const done =
      'peers' in command
        ? connectPeers(observation, command.peers, command.punchDeadline)
        : ask(command.ask, command.text).then((answer) =>
            say({ event: 'answer', peer: command.ask, answer }),
          );
    done.catch((error) => say({ event: 'failed', error: `${error.name}: ${error.message}` }));
  });
}

main().catch((error) => {
  say({ event: 'failed', error: `${error.name}: ${error.message}` });
  process.exit(1);
});
