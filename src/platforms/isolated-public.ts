/**
 * The process in a session's public namespace (isolated mode): the overlay's reflector, and the
 * gateway to the control plane on the public bridge's address (control-gateway.ts). Started by the
 * local platform with `ip netns exec`; it exits when its stdin closes, so it never outlives the
 * orchestrator that started it.
 */
import net from 'node:net';
import { startReflector } from '../overlay/reflector';
import { type GatewayRoute, pipeBoth } from './control-gateway';

export interface PublicConfig {
  host: string;
  reflectorPort: number;
  routes: GatewayRoute[];
}

async function main(config: PublicConfig): Promise<void> {
  const reflector = await startReflector({ host: config.host, port: config.reflectorPort });
  for (const route of config.routes) {
    const server = net.createServer((incoming) => pipeBoth(incoming, net.connect(route.socket)));
    await new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen(route.port, config.host, resolve),
    );
  }
  process.stdout.write(`${JSON.stringify({ event: 'ready', reflector: reflector.address })}\n`);
  process.stdin.on('end', () => process.exit(0)).resume();
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]) as PublicConfig).catch((error) => {
    process.stderr.write(`isolated network: ${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  });
}
