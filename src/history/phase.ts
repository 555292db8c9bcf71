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
  let endsPhase = false;
  try {
    const result = await work();
    endsPhase = ended(result);
    return result;
  } finally {
    // A failed invocation ran (and is billed) too; only a successful one ends its phase.
    await invocationEnded(queryId, phase, { startedAt, endedAt: Date.now(), endsPhase });
  }
}
