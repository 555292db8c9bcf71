/** Optimize: validate the input and complete it into a plan. */
import { inPhase } from '../src/history/phase';
import { openRecord } from '../src/history/store';
import { type OptimizeRequest, optimize } from '../src/plan/optimize';
import type { Plan } from '../src/plan/types';

export async function handler(event: OptimizeRequest): Promise<Plan> {
  await openRecord(event.queryId, event.input, new Date(event.startedAt));
  return inPhase(event.queryId, 'optimize', () => optimize(event));
}
