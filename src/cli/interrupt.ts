/**
 * Ctrl-C (or SIGTERM) during a query: stop it before exiting, so that no worker waits out its poll
 * failures after the command line is gone.
 */
import { teardown } from '../session/teardown';

/** Runs `action` on the first SIGINT or SIGTERM, then exits 130; the returned function disarms it. */
export function onInterrupt(what: string, action: (signal: NodeJS.Signals) => Promise<unknown>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: ${what}\n`);
    action(signal)
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

/** On the embedded runtime the command line itself tears the session down. */
export function tearDownOnInterrupt(queryId: string): () => void {
  return onInterrupt(`tearing down ${queryId}`, (signal) =>
    teardown(queryId, { Error: 'Interrupted', Cause: `stopped by ${signal}` }),
  );
}
