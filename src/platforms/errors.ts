/** Errors of the platforms: their `name` is what the state machine's Retry and Catch match and the history shows. */

/** Fewer workers than the plan needs could be launched. */
export class WorkerLaunchFailed extends Error {
  override name = 'WorkerLaunchFailed' as const;
}

/** Fewer workers than the plan needs could be launched because AWS throttled the launches past every retry. */
export class WorkerLaunchThrottled extends Error {
  override name = 'WorkerLaunchThrottled' as const;
}

/** A worker that is still running could not be stopped. */
export class WorkerStopFailed extends Error {
  override name = 'WorkerStopFailed' as const;
}

/** A platform setting is there but cannot be read. */
export class InvalidPlatformSetting extends Error {
  override name = 'InvalidPlatformSetting' as const;
}

/** The plan's workers never fit the local capacity, however long it waits. */
export class CapacityExceeded extends Error {
  override name = 'CapacityExceeded' as const;
}

/** The local capacity is in use: the Provision state retries (statemachines/query.asl.json). */
export class WaitingForCapacity extends Error {
  override name = 'WaitingForCapacity' as const;
}

/** The query waited for capacity past its time limit; nothing was launched. */
export class CapacityTimeout extends Error {
  override name = 'CapacityTimeout' as const;
}

/**
 * A distributed engine on Lambda needs the overlay's reflector, and it has published no address, or
 * none recent enough to trust (src/platforms/reflector-item.ts): nothing was launched.
 */
export class ReflectorUnavailable extends Error {
  override name = 'ReflectorUnavailable' as const;
}

/** The reflector service could not learn the public address workers reach it at. */
export class ReflectorAddressUnknown extends Error {
  override name = 'ReflectorAddressUnknown' as const;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
