/** Errors of the AWS platforms: their `name` is what the state machine's Catch and the history show. */

/** Fewer workers than the plan needs could be launched. */
export class WorkerLaunchFailed extends Error {
  override name = 'WorkerLaunchFailed' as const;
}

/** A worker that is still running could not be stopped. */
export class WorkerStopFailed extends Error {
  override name = 'WorkerStopFailed' as const;
}

/** A platform setting is there but cannot be read. */
export class InvalidPlatformSetting extends Error {
  override name = 'InvalidPlatformSetting' as const;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
