/** Live progress of one execution on stderr: each state as it finishes, retries, waits and failures. */

import type { EventLog } from '../local/statemachine';
import { duration } from './render';

const quiet = new Set(['QueryFinished', 'Outcome', 'Done', 'Failed']);
/** Retried by the state itself: waiting for workers or an engine says nothing; waiting for capacity says WAITING once. */
const retried = new Set(['NotReadyYet', 'WaitingForCapacity']);

export function progressPrinter(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const entered = new Map<string, number>();
  const waitingSince = new Map<string, number>();
  return (event: EventLog) => {
    if (!('state' in event) || quiet.has(event.state.name)) return;
    const name = event.state.name;
    if (event.type === 'StateEntered') {
      if (!entered.has(name)) entered.set(name, event.timestamp);
    } else if (event.type === 'StateExited' && entered.has(name)) {
      const took = duration(event.timestamp - (entered.get(name) ?? event.timestamp));
      if (
        name === 'Submit' &&
        (event.state.output as { run?: { finished?: boolean } })?.run?.finished === false
      ) {
        write(`  … Submit: the query is still running (${took})`);
        return;
      }
      const since = waitingSince.get(name);
      const waited = since === undefined ? '' : ` (waited ${duration(event.timestamp - since)} for capacity)`;
      write(`  ✓ ${name.padEnd(12)} ${took}${waited}`);
      entered.delete(name);
    } else if (event.type === 'StateFailed' && 'Error' in event && event.Error === 'WaitingForCapacity') {
      if (waitingSince.has(name)) return;
      waitingSince.set(name, event.timestamp);
      write(`  … ${name.padEnd(12)} WAITING for capacity: ${event.Cause}`);
    } else if (event.type === 'StateFailed' && 'Error' in event && !retried.has(String(event.Error))) {
      write(`  ✗ ${name.padEnd(12)} ${event.Error}: ${event.Cause}`);
      entered.delete(name);
    }
  };
}
