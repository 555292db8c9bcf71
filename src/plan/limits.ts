/**
 * What a platform cannot do, checked before anything is launched. Lambda runs one invocation for at
 * most 15 minutes, with at most 10,240 MB and 6 vCPUs, and accepts no inbound connections.
 */
import type { EngineTraits } from '../engines/types';
import { InvalidQueryInput } from './errors';
import type { EngineName, PlatformName } from './types';

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

/** Engines whose workers talk to each other need a network: ecs or local, never lambda. */
export function assertReachable(engine: EngineName, traits: EngineTraits, platform: PlatformName): void {
  if (platform !== 'lambda' || !traits.distributed) return;
  throw new InvalidQueryInput(
    'platform',
    `${engine} workers must connect to each other, and Lambda accepts no inbound connections`,
    'Choose platform ecs (Fargate tasks in one VPC) or local',
  );
}

export interface LimitsRequest {
  platform: PlatformName;
  memoryMb: number;
  limits?: { timeoutSeconds: number; rendezvousSeconds: number };
  config?: Record<string, string | number | boolean>;
  /** The engine's config prefix: `<prefix>threads` is how many threads it asks for. */
  configPrefix?: string;
}

export function lambdaVcpus(memoryMb: number): number {
  return Math.min(lambdaLimits.vcpus, Math.max(1, Math.ceil(memoryMb / lambdaLimits.mbPerVcpu)));
}

export function assertWithinLimits({
  platform,
  memoryMb,
  limits,
  config,
  configPrefix = '',
}: LimitsRequest): void {
  if (platform !== 'lambda') return;
  if (memoryMb > lambdaLimits.memoryMb) {
    throw new InvalidQueryInput(
      'memoryMb',
      `${memoryMb} MB is more than Lambda's ${lambdaLimits.memoryMb} MB per worker`,
      'Choose at most 10240 MB, more workers of a distributed engine, or platform ecs',
    );
  }
  if (limits) {
    const needed = limits.timeoutSeconds + limits.rendezvousSeconds + lambdaLimits.startSeconds;
    if (needed > lambdaLimits.seconds) {
      throw new InvalidQueryInput(
        'limits.timeoutSeconds',
        `a worker would need ${needed} s (timeout ${limits.timeoutSeconds} s + rendezvous ${limits.rendezvousSeconds} s + ${lambdaLimits.startSeconds} s to start), more than Lambda's 15 min (${lambdaLimits.seconds} s)`,
        `Choose limits.timeoutSeconds of at most ${lambdaLimits.seconds - limits.rendezvousSeconds - lambdaLimits.startSeconds}, or platform ecs`,
      );
    }
  }
  const threadsKey = `${configPrefix}threads`;
  const threads = Number(config?.[threadsKey]);
  if (Number.isFinite(threads) && threads > lambdaVcpus(memoryMb)) {
    const vcpus = lambdaVcpus(memoryMb);
    throw new InvalidQueryInput(
      `config.${threadsKey}`,
      `${threads} threads, but a Lambda worker of ${memoryMb} MB has ${vcpus} vCPU(s) (at most ${lambdaLimits.vcpus}, one per ${lambdaLimits.mbPerVcpu} MB)`,
      `Choose threads of at most ${vcpus}, more memoryMb (up to ${lambdaLimits.memoryMb} for ${lambdaLimits.vcpus} vCPUs), or platform ecs`,
    );
  }
}
