/** Choices the optimizer makes when the user leaves them open: engine, workers, spares, memory. */
import type { EngineTraits } from '../engines/types';
import { InvalidQueryInput } from './errors';
import { assertReachable, assertWithinLimits } from './limits';
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
}

export function chooseSizing(request: SizingRequest, traitsOf: (engine: EngineName) => EngineTraits): Sizing {
  const reasons: string[] = [];
  const engine = request.engine === 'auto' ? chooseEngine(request.inputBytes, reasons) : request.engine;
  if (request.engine !== 'auto') reasons.push(`engine ${engine}: chosen by the user`);
  const traits = traitsOf(engine);
  assertReachable(engine, traits, request.platform);
  if (!traits.platforms.includes(request.platform)) {
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
  // A few more than needed: the first `workers` to be ready are kept, so one slow start costs nothing.
  const spares = request.spares ?? Math.max(1, Math.ceil(workers / 8));
  const memoryMb = request.memoryMb ?? defaultMemory(request.inputBytes, workers);
  assertWithinLimits({ ...request, memoryMb });
  reasons.push(`${workers} worker(s) + ${spares} spare(s), ${memoryMb} MB each`);
  return { engine, workers, spares, memoryMb, reasons };
}

function chooseEngine(inputBytes: number, reasons: string[]): EngineName {
  reasons.push(`engine duckdb: ${Math.ceil(inputBytes / MB)} MB of input fits one worker`);
  return 'duckdb';
}

/** About four times the input, rounded up to a power of two between 1 and 10 GB. */
function defaultMemory(inputBytes: number, workers: number): number {
  const wanted = (4 * inputBytes) / workers / MB;
  let memory = 1024;
  while (memory < wanted && memory < 8192) memory *= 2;
  return Math.min(memory, 10240);
}
