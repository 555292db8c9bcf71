/** Provision: open the session and launch workers + spares. */
import { inPhase } from '../src/history/phase';
import { provision } from '../src/session/provision';
import type { ProvisionOutput, QueryState } from '../src/state';

export async function handler(state: QueryState): Promise<ProvisionOutput> {
  return inPhase(state.plan.queryId, 'provision', () => provision(state.plan));
}
