/**
 * The only file that knows every engine: the list the optimizer, the workers, the command line
 * and the bench read. An engine's descriptor is cheap to load; the engine itself loads only on a
 * worker that starts it.
 */
import { clickhouse } from './clickhouse';
import { databend } from './databend';
import { drill } from './drill';
import { duckdb } from './duckdb';
import { flink } from './flink';
import { spark } from './spark';
import { trino } from './trino';
import type { EngineDescriptor, EngineTraits } from './types';

const engines = { duckdb, spark, drill, trino, clickhouse, flink, databend } as const;

export type EngineName = keyof typeof engines;
export const engineNames = Object.keys(engines) as [EngineName, ...EngineName[]];

export function engine(name: EngineName): EngineDescriptor<EngineName> {
  return engines[name];
}

export function engineTraits(name: EngineName): EngineTraits {
  return engines[name].traits;
}

/**
 * What `engine: auto` chooses from (src/plan/sizing.ts): one worker of a single-process engine for
 * input it can hold, a cluster beyond. The TPC-H bench has DuckDB ahead at SF 1, and Spark runs
 * all 22 queries as written (Drill needs rewrites).
 */
export const autoEngines = { oneWorker: 'duckdb', cluster: 'spark' } as const satisfies Record<
  string,
  EngineName
>;
