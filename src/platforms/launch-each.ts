/**
 * The launch loop the cloud platforms share: record each worker as launched before starting it,
 * keep its handle, mark the ones that did not start as stopped (nobody waits for them), and fail
 * only when fewer than the plan's workers started: spares are a margin, not a requirement. Each
 * start retries throttling with backoff (src/aws/throttle.ts); still throttled after that, the
 * launch fails with `WorkerLaunchThrottled`, any other failure with `WorkerLaunchFailed`.
 */

import { isThrottling } from '../aws/throttle';
import type { Plan } from '../plan/types';
import { expiresAt, markStopped, putLaunched, setHandle } from '../session/store';
import { describeError, WorkerLaunchFailed, WorkerLaunchThrottled } from './errors';
import type { SessionRef, WorkerRef } from './types';

export interface LaunchAttempt {
  count: number;
  first: number;
  /** "worker task(s) started on ecs (cluster x)", for the error. */
  what: string;
  /** What to check when too few started. */
  hint: string;
  /** What to do when they were throttled: which concurrency or rate is used up. */
  throttledHint: string;
}

export async function launchEach(
  session: SessionRef,
  plan: Plan,
  attempt: LaunchAttempt,
  start: (index: number) => Promise<NonNullable<WorkerRef['handle']>>,
): Promise<WorkerRef[]> {
  const now = Date.now();
  const indexes = Array.from({ length: attempt.count }, (_, i) => attempt.first + i);
  const outcomes = await Promise.allSettled(
    indexes.map(async (index): Promise<WorkerRef> => {
      await putLaunched(session.sessionId, index, now, expiresAt(plan, now));
      try {
        const handle = await start(index);
        await setHandle(session.sessionId, index, handle);
        return { index, handle };
      } catch (error) {
        await markStopped(session.sessionId, index, Date.now());
        throw error;
      }
    }),
  );
  const launched = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
  if (launched.length < plan.workers && failed.every(isThrottling)) {
    throw new WorkerLaunchThrottled(
      `${launched.length} of ${attempt.count} ${attempt.what}, the plan needs ${plan.workers}: still throttled after retrying with backoff (${describeError(failed[0])}). ${attempt.throttledHint}`,
    );
  }
  if (launched.length < plan.workers) {
    throw new WorkerLaunchFailed(
      `${launched.length} of ${attempt.count} ${attempt.what}, the plan needs ${plan.workers}: ${describeError(failed[0])}. ${attempt.hint}`,
    );
  }
  return launched;
}
