/** Teardown: always runs. Stops every worker of the session and records the outcome. */
import type { QueryReport } from '../src/history/types';
import { teardown } from '../src/session/teardown';
import type { QueryState } from '../src/state';

export interface TeardownEvent {
  queryId: string;
  /** The execution state so far; `error` is there when a state failed. */
  state: Partial<QueryState>;
}

export async function handler(event: TeardownEvent): Promise<QueryReport> {
  return teardown(event.queryId, event.state.error);
}
