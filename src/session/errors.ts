/** Errors of the session: their `name` is matched by the state machine's Retry and Catch. */

/** A waiting handler's deadline passed before what it waits for happened: the state retries. */
export class NotReadyYet extends Error {
  override name = 'NotReadyYet' as const;
}

export class RendezvousTimeout extends Error {
  override name = 'RendezvousTimeout' as const;
}

/** A worker stopped sending heartbeats or exited while the query still needed it. */
export class WorkerLost extends Error {
  override name = 'WorkerLost' as const;
}

export class EngineStartFailed extends Error {
  override name = 'EngineStartFailed' as const;
}

export class QueryFailed extends Error {
  override name = 'QueryFailed' as const;
}

export class QueryTimeout extends Error {
  override name = 'QueryTimeout' as const;
}

/**
 * The errors of executions that were stopped rather than failed: their record is ABORTED. A stop
 * through StopExecution, the console or EventBridge; or the metaq process that ran the execution
 * died, found at its next start in the same home (src/local/sweep.ts).
 */
export const ABORTED_BY = { stop: 'ExecutionAborted', orchestratorLost: 'OrchestratorLost' } as const;

export function isAbort(errorName: string | undefined): boolean {
  return Object.values(ABORTED_BY).some((name) => name === errorName);
}
