/** Submit: give the head the query; called again by the state machine until it has finished. */
import { inPhase } from '../src/history/phase';
import { submit } from '../src/session/submit';
import type { QueryState, SubmitOutput } from '../src/state';

export async function handler(state: QueryState): Promise<SubmitOutput> {
  return inPhase(
    state.plan.queryId,
    'query',
    () => submit(state.plan, state.members),
    (out) => out.finished,
  );
}
