/**
 * Ctrl-C (or SIGTERM) during a query: tear the session down before exiting, so that no worker
 * waits out its poll failures after the command line (and its local DynamoDB) is gone.
 */
import { teardown } from '../session/teardown';

export function tearDownOnInterrupt(queryId: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: tearing down ${queryId}\n`);
    teardown(queryId, { Error: 'Interrupted', Cause: `stopped by ${signal}` })
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
