/** Choices the optimizer makes when the user leaves them open: engine, workers, spares, memory. */
import { autoEngines } from '../engines/registry';
import type { EngineTraits } from '../engines/types';
import { InvalidQueryInput } from './errors';
import { assertReachable, assertWithinLimits, runsOn } from './limits';
import type { EngineName, PlatformName } from './types';

const MB = 1024 * 1024;

export interface Sizing {
  engine: EngineName;
  workers: number;
  spares: number;
  memoryMb: number;
  reasons: string[];
}

export interface SizingRequest {
  engine: EngineName | 'auto';
  platform: PlatformName;
  workers?: number;
  spares?: number;
  memoryMb?: number;
  inputBytes: number;
  limits?: { timeoutSeconds: number; rendezvousSeconds: number };
  config?: Record<string, string | number | boolean>;
  /** The stack runs the overlay's reflector: distributed engines may run on Lambda. @default false */
  lambdaOverlay?: boolean;
}

export function chooseSizing(request: SizingRequest, traitsOf: (engine: EngineName) => EngineTraits): Sizing {
  const reasons: string[] = [];
  const engine = request.engine === 'auto' ? chooseEngine(request, traitsOf, reasons) : request.engine;
  if (request.engine !== 'auto') reasons.push(`engine ${engine}: chosen by the user`);
  const traits = traitsOf(engine);
  const overlay = request.lambdaOverlay ?? false;
  assertReachable(engine, traits, request.platform, overlay);
  if (!runsOn(traits, request.platform, overlay)) {
    throw new InvalidQueryInput(
      'platform',
      `${engine} does not run on ${request.platform}`,
      `Choose one of: ${traits.platforms.join(', ')}`,
    );
  }
  const workers =
    request.workers ??
    (traits.distributed ? Math.max(2, Math.min(8, Math.ceil(request.inputBytes / (512 * MB)))) : 1);
  if (!traits.distributed && workers !== 1) {
    throw new InvalidQueryInput(
      'workers',
      `${engine} runs in one process, so it takes exactly 1 worker (got ${workers})`,
      'Use workers 1, or a distributed engine for more workers',
    );
  }
  const spares = request.spares ?? defaultSpares(workers, request.platform);
  const memoryMb = request.memoryMb ?? defaultMemory(request.inputBytes, workers);
  assertWithinLimits({
    ...request,
    memoryMb,
    workers,
    distributed: traits.distributed,
    configPrefix: traits.config.prefix,
  });
  reasons.push(`${workers} worker(s) + ${spares} spare(s), ${memoryMb} MB each`);
  return { engine, workers, spares, memoryMb, reasons };
}

/**
 * Input up to which one DuckDB worker runs the query: three times a Lambda worker's largest memory.
 * The TPC-H bench has one DuckDB ahead of Spark and Drill on every query at SF 1 (0.33 GB of Parquet),
 * cold and warm: a JVM cluster takes longer to start (≈ 20 s here) than DuckDB takes for the whole
 * query. Where the lines cross was not measured (this machine holds SF 1 at most): a guess to revisit.
 */
export const ONE_WORKER_INPUT_BYTES = 30 * 1024 * MB;

/**
 * Beyond that, Spark: it ran all 22 TPC-H queries as written with the right answers, where Drill
 * needs rewrites (its DECIMAL arithmetic gives wrong sums). Spark needs a platform whose workers can
 * connect to each other; where it cannot run, DuckDB it stays, and the reason says what to choose.
 */
export function chooseEngine(
  request: SizingRequest,
  traitsOf: (engine: EngineName) => EngineTraits,
  reasons: string[],
): EngineName {
  const { oneWorker, cluster } = autoEngines;
  const size = `${Math.ceil(request.inputBytes / MB)} MB of input`;
  if (request.inputBytes <= ONE_WORKER_INPUT_BYTES) {
    reasons.push(`engine ${oneWorker}: ${size} fits one worker`);
    return oneWorker;
  }
  const limit = `more than ${ONE_WORKER_INPUT_BYTES / (1024 * MB)} GB for one worker`;
  if (runsOn(traitsOf(cluster), request.platform, request.lambdaOverlay ?? false)) {
    reasons.push(`engine ${cluster}: ${size}, ${limit}`);
    return cluster;
  }
  reasons.push(
    `engine ${oneWorker}: ${size}, ${limit}, but only ${oneWorker} runs on ${request.platform}; choose platform ecs, or deploy the stack with the reflector on (docs/overlay.md), to spread it over ${cluster} workers`,
  );
  return oneWorker;
}

/**
 * A few more workers than needed, the first `workers` ready being kept, so that one slow start costs
 * nothing (the paper's Lambda stragglers). None on the local platform: its processes start alike (a
 * spare was ready first by 31 ms at most, for DuckDB and Spark alike, bench/results/2026-12-03-load*),
 * and each one is a process more that loads node and the worker's modules (a quarter of a trivial
 * query's CPU) and holds a share of the machine's capacity until the rendezvous.
 */
function defaultSpares(workers: number, platform: PlatformName): number {
  return platform === 'local' ? 0 : Math.max(1, Math.ceil(workers / 8));
}

/** About four times the input, rounded up to a power of two between 1 and 10 GB. */
function defaultMemory(inputBytes: number, workers: number): number {
  const wanted = (4 * inputBytes) / workers / MB;
  let memory = 1024;
  while (memory < wanted && memory < 8192) memory *= 2;
  return Math.min(memory, 10240);
}
