/** Live progress of one execution on stderr: each state as it finishes, retries and failures. */

import type { EventLog } from '../local/statemachine';
import { duration } from './render';

const quiet = new Set(['QueryFinished', 'Outcome', 'Done', 'Failed']);

export function progressPrinter(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const entered = new Map<string, number>();
  return (event: EventLog) => {
    if (!('state' in event) || quiet.has(event.state.name)) return;
    const name = event.state.name;
    if (event.type === 'StateEntered') {
      if (!entered.has(name)) entered.set(name, event.timestamp);
    } else if (event.type === 'StateExited' && entered.has(name)) {
      if (
        name === 'Submit' &&
        (event.state.output as { run?: { finished?: boolean } })?.run?.finished === false
      ) {
        write(
          `  … Submit: the query is still running (${duration(event.timestamp - (entered.get(name) ?? event.timestamp))})`,
        );
        return;
      }
      write(`  ✓ ${name.padEnd(12)} ${duration(event.timestamp - (entered.get(name) ?? event.timestamp))}`);
      entered.delete(name);
    } else if (event.type === 'StateFailed' && 'Error' in event && event.Error !== 'NotReadyYet') {
      write(`  ✗ ${name.padEnd(12)} ${event.Error}: ${event.Cause}`);
      entered.delete(name);
    }
  };
}
