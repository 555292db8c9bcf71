/** Records when a phase started and ended, and how long each handler ran, around the one function a handler calls. */
import { invocationEnded, phaseStarted } from './store';
import type { Phase } from './types';

export async function inPhase<T>(
  queryId: string,
  phase: Phase,
  work: () => Promise<T>,
  ended = (_: T) => true,
): Promise<T> {
  const startedAt = Date.now();
  await phaseStarted(queryId, phase, startedAt);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // A failed invocation ran (and is billed) too; recording it must not replace the error the
    // state machine's Catch and the history are about.
    await invocationEnded(queryId, phase, { startedAt, endedAt: Date.now(), endsPhase: false }).catch(
      () => undefined,
    );
    throw error;
  }
  await invocationEnded(queryId, phase, { startedAt, endedAt: Date.now(), endsPhase: ended(result) });
  return result;
}
