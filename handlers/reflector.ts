/**
 * The reflector service's entry (images/reflector, one Fargate task of the stack's opt-in service):
 * the overlay's reflector for workers on Lambda, published in the sessions table. A process, not a
 * Lambda handler: it must accept connections, which a Lambda function cannot.
 */
import { settings } from '../src/config';
import { serveReflector } from '../src/platforms/reflector-service';

const log = (message: string) => process.stderr.write(`${new Date().toISOString()} reflector: ${message}\n`);

if (require.main === module) {
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());
  const config = settings();
  serveReflector({
    port: config.reflectorPort,
    address: config.reflectorAddress,
    signal: stop.signal,
    log,
  }).then(
    (reason) => {
      log(`exiting: ${reason}`);
      process.exit(0);
    },
    (error) => {
      log(`failed: ${error instanceof Error ? error.stack : error}`);
      process.exit(1);
    },
  );
}
