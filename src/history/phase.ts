/** Records when a phase started and ended around the one function a handler calls. */
import { phaseEnded, phaseStarted } from './store';
import type { Phase } from './types';

export async function inPhase<T>(
  queryId: string,
  phase: Phase,
  work: () => Promise<T>,
  ended = (_: T) => true,
): Promise<T> {
  await phaseStarted(queryId, phase, Date.now());
  const result = await work();
  if (ended(result)) await phaseEnded(queryId, phase, Date.now());
  return result;
}
