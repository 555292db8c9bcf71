/** Runs in the lab's public namespace: the reflector, reporting its relay count when asked. */
import { createInterface } from 'node:readline';
import { startReflector } from '../../src/overlay/reflector';

async function main(): Promise<void> {
  const { host, port } = JSON.parse(process.argv[2]) as { host: string; port: number };
  const reflector = await startReflector({ host, port });
  console.log(JSON.stringify({ event: 'listening', ...reflector.address }));
  createInterface({ input: process.stdin })
    .on('line', () => console.log(JSON.stringify({ event: 'relays', relays: reflector.relays })))
    .on('close', () => process.exit(0)); // its starter is gone: never outlive it
}

main().catch((error) => {
  console.log(JSON.stringify({ event: 'failed', error: String(error) }));
  process.exit(1);
});
