/**
 * Provision: open the session and launch `workers + spares` workers through the plan's platform
 * (`launching` of them: on the local platform, the spares its capacity can hold).
 */
import type { Plan } from '../plan/types';
import { platformFor } from '../platforms/registry';
import type { ProvisionOutput } from '../state';
import { createSession } from './store';

export async function provision(
  plan: Plan,
  launching = plan.workers + plan.spares,
): Promise<ProvisionOutput> {
  const launchedAt = Date.now();
  await createSession(plan, launchedAt);
  const platform = await platformFor(plan.platform);
  const launched = await platform.launch({ sessionId: plan.queryId }, launching, plan);
  return { launchedAt, launched: launched.length };
}
