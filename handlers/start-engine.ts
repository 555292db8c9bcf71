/** StartEngine: start the engine on every member and wait until it is ready. */
import { inPhase } from '../src/history/phase';
import { startEngine } from '../src/session/start-engine';
import type { QueryState } from '../src/state';

export async function handler(state: QueryState): Promise<{ readyAt: number }> {
  return inPhase(state.plan.queryId, 'start', () => startEngine(state.plan, state.members));
}
