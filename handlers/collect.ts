/** Collect: write the result's manifest and keep its summary in the history. */
import { inPhase } from '../src/history/phase';
import { collect, headOutcome } from '../src/results/collect';
import type { QueryState, ResultSummary } from '../src/state';

export async function handler(state: QueryState): Promise<ResultSummary> {
  const { plan, members } = state;
  return inPhase(plan.queryId, 'collect', async () =>
    collect(plan, await headOutcome(plan.queryId, members.members[0].index)),
  );
}
