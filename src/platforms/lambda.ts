/**
 * The lambda platform: each worker is one asynchronous invocation of its engine's worker function.
 * An invocation cannot be stopped from outside, so `terminate` works through the session table: the
 * stop is written there and the worker exits at its next poll. It reports the workers still running.
 * A distributed engine's workers reach each other through the overlay: each invocation carries the
 * reflector's address, read when they are launched (the stack deploys the reflector when asked).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { retryThrottled, type ThrottleRetry } from '../aws/throttle';
import { engineTraits } from '../engines/registry';
import type { Plan } from '../plan/types';
import { heartbeatTimeoutMs } from '../session/liveness';
import { getWorker, markStopped } from '../session/store';
import { InvalidPlatformSetting } from './errors';
import { launchEach } from './launch-each';
import { reflectorEndpoint } from './reflector-item';
import { engineSetting, workerDeadline } from './settings';
import type { Platform, SessionRef, WorkerRef } from './types';

/** Lambda ends an invocation after 15 minutes; the worker leaves a little before. */
export const LAMBDA_MAX_SECONDS = 900;
const WORKER_MAX_SECONDS = LAMBDA_MAX_SECONDS - 10;

let client: LambdaClient | undefined;
const lambda = () => {
  client ??= new LambdaClient({});
  return client;
};

/**
 * The worker function for a plan. A Lambda function has one memory size, so the stack deploys each
 * engine's worker in several, `{"<engine>": {"<memory MB>": "<ARN>"}}`, and the plan gets the smallest
 * that has its memory; a plain `{"<engine>": "<ARN>"}` is one function for every plan.
 */
export function workerFunction(plan: Plan, env = process.env): string {
  const value = engineSetting('METAQ_WORKER_FUNCTIONS', plan.engine, 'worker function ARN by memory MB', env);
  if (typeof value === 'string') return value;
  const sizes = Object.entries(value as Record<string, string>)
    .map(([memory, arn]) => ({ memory: Number(memory), arn }))
    .filter((size) => Number.isFinite(size.memory) && typeof size.arn === 'string')
    .sort((a, b) => a.memory - b.memory);
  const fit = sizes.find((size) => size.memory >= plan.memoryMb);
  if (!fit) {
    const largest = sizes.at(-1)?.memory ?? 0;
    throw new InvalidPlatformSetting(
      `no ${plan.engine} worker function has ${plan.memoryMb} MB (the largest has ${largest} MB): choose memoryMb of at most ${largest}`,
    );
  }
  return fit.arn;
}

export async function launchWorkers(
  session: SessionRef,
  count: number,
  plan: Plan,
  first = 0,
  retry?: ThrottleRetry,
): Promise<WorkerRef[]> {
  const functionName = workerFunction(plan);
  const now = Date.now();
  const deadline = workerDeadline(plan.limits, now, WORKER_MAX_SECONDS);
  // Read once, before any launch: without a reflector no worker is started for nothing.
  const reflector = engineTraits(plan.engine).distributed ? await reflectorEndpoint(now) : undefined;
  const what = `worker(s) started on lambda (${functionName})`;
  const hint = 'Check the function exists and its concurrency, or choose platform ecs';
  const throttledHint =
    "The account's invocation rate or concurrency is used up: retry later, or raise the account's Lambda concurrency quota";
  return launchEach(session, plan, { count, first, what, hint, throttledHint }, async (index) => {
    const out = await retryThrottled(
      () =>
        lambda().send(
          new InvokeCommand({
            FunctionName: functionName,
            InvocationType: 'Event',
            Payload: JSON.stringify({ sessionId: session.sessionId, index, deadline, reflector }),
          }),
        ),
      retry,
    );
    if (out.StatusCode !== 202) throw new Error(`Invoke answered status ${out.StatusCode}, not 202`);
    return { sessionId: session.sessionId, functionName, requestId: out.$metadata.requestId ?? '' };
  });
}

/** Writes the stop for every worker not yet stopped or dismissed; returns those that still answer. */
export async function stopWorkers(workers: WorkerRef[], now = Date.now()): Promise<{ stillAlive: number[] }> {
  const stillAlive: number[] = [];
  for (const worker of workers) {
    const sessionId = worker.handle?.sessionId;
    if (typeof sessionId !== 'string') continue;
    const item = await getWorker(sessionId, worker.index);
    if (!item) continue;
    if (item.state !== 'stopped' && item.state !== 'dismissed')
      await markStopped(sessionId, worker.index, now);
    const answering = item.heartbeatAt !== undefined && now - item.heartbeatAt < heartbeatTimeoutMs();
    if (answering) stillAlive.push(worker.index);
  }
  return { stillAlive };
}

async function terminate(workers: WorkerRef[]): Promise<void> {
  const { stillAlive } = await stopWorkers(workers);
  if (stillAlive.length > 0) {
    process.stderr.write(
      `lambda: worker(s) ${stillAlive.join(', ')} still running; each exits when it next reads its stop\n`,
    );
  }
}

export const lambdaPlatform: Platform = {
  launch: (session, count, plan, first) => launchWorkers(session, count, plan, first),
  terminate,
};
