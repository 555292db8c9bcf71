/** The raw results of one benchmark run, as written to `results.json` beside the figures. */
import type { Timings } from '../src/history/types';

interface RunKey {
  engine: string;
  workers: number;
  query: string;
  repeat: number;
  /** Correct answer; a wrong or failed one carries `error` and is left out of every timing. */
  ok: boolean;
  error?: string;
}

/** End to end through metaq: a new engine for this query alone. */
export interface ColdRun extends RunKey {
  mode: 'cold';
  queryId: string;
  timings: Timings;
  /** Provision to engine ready: provisionMs + rendezvousMs + startMs. */
  startupMs: number;
  launched: number;
  costUsd?: number;
}

/** The same query on the same engine, started once before the run: query time only. */
export interface WarmRun extends RunKey {
  mode: 'warm';
  ms: number;
}

export type Run = ColdRun | WarmRun;

/** One query with some workers delayed by METAQ_CHAOS: how long until the engine was ready. */
export interface StragglerTrial {
  engine: string;
  workers: number;
  spares: number;
  trial: number;
  /** Launch indexes delayed in this trial. */
  delayed: number[];
  delayMs: number;
  readyMs: number;
  /** A delayed worker was among the admitted ones: the cluster waited for it (absent in older runs). */
  keptStraggler?: boolean;
  queryId?: string;
  ok: boolean;
  error?: string;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average before and after: other work on the machine shows here. */
  loadBefore: number;
  loadAfter?: number;
}

export interface BenchResults {
  benchmark: 'tpch';
  date: string;
  sf: string;
  repeat: number;
  memoryMb: number;
  queries: string[];
  machine: Machine;
  notes: string[];
  runs: Run[];
  straggler: StragglerTrial[];
  /** How long each warm engine took to start, once per engine and worker count (absent in older runs). */
  warmStarts?: WarmStart[];
}

export interface WarmStart {
  engine: string;
  workers: number;
  ms: number;
}

export function startupOf(timings: Timings): number {
  return (timings.provisionMs ?? 0) + (timings.rendezvousMs ?? 0) + (timings.startMs ?? 0);
}
