/** Rendezvous: admit the first `workers` ready workers, dismiss the rest. */
import { inPhase } from '../src/history/phase';
import { rendezvous } from '../src/session/rendezvous';
import type { QueryState, RendezvousOutput } from '../src/state';

export async function handler(state: QueryState): Promise<RendezvousOutput> {
  return inPhase(state.plan.queryId, 'rendezvous', () => rendezvous(state.plan, state.session));
}
