/** Provision: wait for the local capacity, then open the session and launch workers + spares. */
import { inPhase } from '../src/history/phase';
import { provision } from '../src/session/provision';
import { waitForCapacity } from '../src/session/wait-for-capacity';
import type { ProvisionOutput, QueryState } from '../src/state';

export async function handler(state: QueryState): Promise<ProvisionOutput> {
  const launching = await waitForCapacity(state.plan);
  return inPhase(state.plan.queryId, 'provision', () => provision(state.plan, launching));
}
