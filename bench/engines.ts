/**
 * The engines the benchmark compares: one entry each. metaq runs the query cold under `name`;
 * `startWarm` starts the same engine once, outside metaq's per-query path, on the same S3 tables,
 * so that each query also runs warm in the same run, side by side.
 */
import type { EngineName, TableRef } from '../src/plan/types';
import { drillBench } from './engines/drill';
import { duckdbBench } from './engines/duckdb';
import { sparkBench } from './engines/spark';
import type { ResultTable } from './tpch/check';

export interface WarmSetup {
  tables: Record<string, TableRef>;
  /** Per worker, as metaq is asked for: the warm engine gets the same memory. */
  memoryMb: number;
  workers: number;
}

export interface WarmEngine {
  /** Runs one query and returns its rows; the caller times it. */
  run(sql: string): Promise<ResultTable>;
  stop(): Promise<void>;
  /** How long the warm engine took to start (a distributed one: the whole cluster), when measured. */
  startupMs?: number;
}

export interface BenchEngine {
  /** The engine's name in metaq's execution input (and the folder of its query variants). */
  name: EngineName;
  startWarm(setup: WarmSetup): Promise<WarmEngine>;
}

export const benchEngines: BenchEngine[] = [duckdbBench, sparkBench, drillBench];

export function pickEngines(list: string): BenchEngine[] {
  return list.split(',').map((name) => {
    const engine = benchEngines.find((candidate) => candidate.name === name.trim());
    if (!engine) {
      throw new Error(`no benchmark entry for engine "${name}": known ${benchEngines.map((e) => e.name)}`);
    }
    return engine;
  });
}
