/**
 * What a Lambda worker function has: the stack deploys each engine's worker in these memory sizes
 * (infra/constructs/workers.ts) and the platform gives a plan the smallest that holds its memory
 * (src/platforms/lambda.ts), so the optimizer checks a plan against the function it will get.
 */

/** Lambda memory sizes a worker function exists in; a plan gets the smallest that fits it. */
export const WORKER_MEMORY_SIZES = [1024, 2048, 4096, 8192, 10240] as const;

/**
 * A Lambda worker's /tmp: twice its memory (DuckDB spills there past its memory limit, Spark writes
 * its shuffle files there, and the engine's own files sit beside), within Lambda's 512 to 10,240 MB.
 */
export function workerTmpMb(memoryMb: number): number {
  return Math.min(10_240, Math.max(512, 2 * memoryMb));
}

/** The memory of the worker function a plan of `memoryMb` runs in; undefined when none is that large. */
export function workerFunctionMemory(memoryMb: number): number | undefined {
  return WORKER_MEMORY_SIZES.find((size) => size >= memoryMb);
}
