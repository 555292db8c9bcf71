/**
 * Runs in a lab namespace as the "engine" of `bench network`: either its servers (a sink and an
 * echo per declared port pair, on the member's alias) or the client that measures, on command.
 * It exits when its stdin closes, so it never outlives the bench.
 */
import type net from 'node:net';
import { createInterface } from 'node:readline';
import { echoServer, percentile, roundTrips, sinkServer, type Target, transfer } from './network-measure';

type Config = { serve: { host: string; ports: { sink: number; echo: number }[] } } | { client: true };
type Command =
  | { measure: 'throughput'; to: Target; bytes: number }
  | { measure: 'rtt'; to: Target; count: number; size: number };

const say = (message: object) => console.log(JSON.stringify(message));

function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
}

async function serve(host: string, ports: { sink: number; echo: number }[]): Promise<void> {
  for (const { sink, echo } of ports) {
    await listen(sinkServer(), host, sink);
    await listen(echoServer(), host, echo);
  }
  say({ event: 'listening' });
}

async function answer(command: Command): Promise<void> {
  if (command.measure === 'throughput') {
    say({ event: 'throughput', ms: await transfer(command.to, command.bytes) });
  } else {
    const micros = await roundTrips(command.to, command.count, command.size);
    say({ event: 'rtt', medianUs: percentile(micros, 50), p95Us: percentile(micros, 95) });
  }
}

async function main(config: Config): Promise<void> {
  if ('serve' in config) await serve(config.serve.host, config.serve.ports);
  else say({ event: 'ready' });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) =>
    answer(JSON.parse(line) as Command).catch((error: Error) =>
      say({ event: 'failed', error: `${error.name}: ${error.message}` }),
    ),
  );
  lines.on('close', () => process.exit(0));
}

main(JSON.parse(process.argv[2]) as Config).catch((error: Error) => {
  say({ event: 'failed', error: `${error.name}: ${error.message}` });
  process.exit(1);
});
