/**
 * What a platform cannot do, checked before anything is launched. Lambda runs one invocation for at
 * most 15 minutes, with at most 10,240 MB and 6 vCPUs, and accepts no inbound connections: a
 * distributed engine runs there only through the overlay (docs/overlay.md), when the stack has it.
 */
import type { EngineTraits } from '../engines/types';
import { overlayWindows } from '../overlay/windows';
import { InvalidQueryInput } from './errors';
import { workerFunctionMemory, workerTmpMb } from './lambda-workers';
import type { EngineName, PlatformName } from './types';

const MB = 1024 * 1024;

export const lambdaLimits = {
  seconds: 900,
  memoryMb: 10_240,
  vcpus: 6,
  /** Lambda gives one more vCPU for every 1,769 MB: 1 up to 1,769 MB, 6 from 8,846 MB. */
  mbPerVcpu: 1769,
  /** Time a worker needs besides rendezvous and the query: start the engine, write the result. */
  startSeconds: 60,
} as const;

/**
 * An execution lives at most the state machine's TimeoutSeconds (statemachines/query.asl.json): a
 * query's time limit and rendezvous must fit in it, with time to start the engine, collect and
 * tear down. Rendezvous waits by default as long as the platform takes to start a worker: a
 * Fargate task pulls its image first (the paper measured 54.9 s to instantiate one).
 */
export const executionLimits = {
  seconds: 7200,
  marginSeconds: 300,
  rendezvousSeconds: { local: 60, lambda: 60, ecs: 180 } satisfies Record<PlatformName, number>,
} as const;

export interface Limits {
  timeoutSeconds: number;
  rendezvousSeconds: number;
  maxCostUsd?: number;
}

/** The input's limits with the platform's rendezvous default, refused when the execution cannot hold them. */
export function limitsFor(
  limits: { timeoutSeconds: number; rendezvousSeconds?: number; maxCostUsd?: number },
  platform: PlatformName,
): Limits {
  const rendezvousSeconds = limits.rendezvousSeconds ?? executionLimits.rendezvousSeconds[platform];
  const needed = limits.timeoutSeconds + rendezvousSeconds + executionLimits.marginSeconds;
  if (needed > executionLimits.seconds)
    throw new InvalidQueryInput(
      'limits.timeoutSeconds',
      `the execution would need ${needed} s (timeout ${limits.timeoutSeconds} s + rendezvous ${rendezvousSeconds} s + ${executionLimits.marginSeconds} s to start, collect and tear down), more than the state machine's ${executionLimits.seconds} s`,
      `Choose limits.timeoutSeconds of at most ${executionLimits.seconds - rendezvousSeconds - executionLimits.marginSeconds}`,
    );
  return { ...limits, rendezvousSeconds };
}

/**
 * Whether an engine runs on a platform here. The traits say what the engine can do; a distributed
 * engine's workers reach each other on Lambda only through the overlay, which needs the stack's
 * reflector (`lambdaOverlay`, METAQ_LAMBDA_OVERLAY).
 */
export function runsOn(traits: EngineTraits, platform: PlatformName, lambdaOverlay: boolean): boolean {
  if (!traits.platforms.includes(platform)) return false;
  return platform !== 'lambda' || !traits.distributed || lambdaOverlay;
}

/**
 * Engines whose workers talk to each other need a network: ecs or local, lambda with the overlay.
 * Refused here only when the overlay is all that is missing (the fix is to deploy it); an engine
 * that does not run on Lambda at all (Flink) gets the platform check's own answer.
 */
export function assertReachable(
  engine: EngineName,
  traits: EngineTraits,
  platform: PlatformName,
  lambdaOverlay: boolean,
): void {
  if (platform !== 'lambda' || !traits.distributed || lambdaOverlay) return;
  if (!traits.platforms.includes('lambda')) return;
  throw new InvalidQueryInput(
    'platform',
    `${engine} workers must connect to each other, and Lambda accepts no inbound connections unless the stack runs the overlay's reflector, which this one does not`,
    'Deploy the stack with the reflector on (docs/overlay.md), or choose platform ecs (Fargate tasks in one VPC)',
  );
}

export interface LimitsRequest {
  platform: PlatformName;
  memoryMb: number;
  limits?: { timeoutSeconds: number; rendezvousSeconds: number };
  config?: Record<string, string | number | boolean>;
  /** The engine's config prefix: `<prefix>threads` is how many threads it asks for. */
  configPrefix?: string;
  /** A distributed engine's workers join the overlay before it starts, and write shuffles to /tmp. */
  distributed?: boolean;
  workers?: number;
  inputBytes?: number;
}

export function lambdaVcpus(memoryMb: number): number {
  return Math.min(lambdaLimits.vcpus, Math.max(1, Math.ceil(memoryMb / lambdaLimits.mbPerVcpu)));
}

export function assertWithinLimits(request: LimitsRequest): void {
  if (request.platform !== 'lambda') return;
  const { memoryMb } = request;
  if (memoryMb > lambdaLimits.memoryMb) {
    throw new InvalidQueryInput(
      'memoryMb',
      `${memoryMb} MB is more than Lambda's ${lambdaLimits.memoryMb} MB per worker`,
      'Choose at most 10240 MB, more workers of a distributed engine, or platform ecs',
    );
  }
  if (request.limits) assertLambdaTime(request.limits, request.distributed ?? false);
  assertLambdaThreads(request);
  if (request.distributed) assertLambdaTmp(memoryMb, request.workers ?? 1, request.inputBytes ?? 0);
}

/**
 * One invocation holds the whole worker: waiting for the rendezvous, joining the overlay (a
 * distributed engine's: the punch and relay windows StartEngine gives), starting, the query.
 */
function assertLambdaTime(
  limits: { timeoutSeconds: number; rendezvousSeconds: number },
  distributed: boolean,
) {
  const { punchMs, relayMs } = overlayWindows(limits.rendezvousSeconds);
  const joinSeconds = distributed ? Math.ceil((punchMs + relayMs) / 1000) : 0;
  const { seconds, startSeconds } = lambdaLimits;
  const needed = limits.timeoutSeconds + limits.rendezvousSeconds + joinSeconds + startSeconds;
  if (needed <= seconds) return;
  const join = joinSeconds ? ` + ${joinSeconds} s to join the overlay` : '';
  throw new InvalidQueryInput(
    'limits.timeoutSeconds',
    `a worker would need ${needed} s (timeout ${limits.timeoutSeconds} s + rendezvous ${limits.rendezvousSeconds} s${join} + ${startSeconds} s to start), more than Lambda's 15 min (${seconds} s)`,
    `Choose limits.timeoutSeconds of at most ${seconds - limits.rendezvousSeconds - joinSeconds - startSeconds}, or platform ecs`,
  );
}

function assertLambdaThreads({ memoryMb, config, configPrefix = '' }: LimitsRequest) {
  const threadsKey = `${configPrefix}threads`;
  const threads = Number(config?.[threadsKey]);
  const vcpus = lambdaVcpus(memoryMb);
  if (!Number.isFinite(threads) || threads <= vcpus) return;
  throw new InvalidQueryInput(
    `config.${threadsKey}`,
    `${threads} threads, but a Lambda worker of ${memoryMb} MB has ${vcpus} vCPU(s) (at most ${lambdaLimits.vcpus}, one per ${lambdaLimits.mbPerVcpu} MB)`,
    `Choose threads of at most ${vcpus}, more memoryMb (up to ${lambdaLimits.memoryMb} for ${lambdaLimits.vcpus} vCPUs), or platform ecs`,
  );
}

/**
 * A distributed engine's worker writes what it shuffles or spills to its own disk (Spark's shuffle
 * files, Flink's blocking partitions, Drill's and Trino's spill): on Lambda, the /tmp its function
 * was given. Its share of the input stands for what it may write (a join or sort of the whole input
 * shuffles all of it): an estimate, not measured.
 */
function assertLambdaTmp(memoryMb: number, workers: number, inputBytes: number) {
  const tmpMb = workerTmpMb(workerFunctionMemory(memoryMb) ?? memoryMb);
  const shareMb = Math.ceil(inputBytes / workers / MB);
  if (shareMb <= tmpMb) return;
  throw new InvalidQueryInput(
    'workers',
    `each of ${workers} worker(s) may write its share of the input, ${shareMb} MB, to its /tmp, and a Lambda worker of ${memoryMb} MB has ${tmpMb} MB`,
    `Choose at least ${Math.ceil(inputBytes / MB / tmpMb)} workers, more memoryMb (/tmp is twice the memory, at most ${workerTmpMb(lambdaLimits.memoryMb)} MB), or platform ecs`,
  );
}
