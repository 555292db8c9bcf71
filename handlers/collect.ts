/** Collect: write the result's manifest and keep its summary in the history. */
import { inPhase } from '../src/history/phase';
import { collect } from '../src/results/collect';
import type { QueryState, ResultSummary } from '../src/state';

export async function handler(state: QueryState): Promise<ResultSummary> {
  return inPhase(state.plan.queryId, 'collect', () => collect(state.plan, state.run?.outcome));
}
