/**
 * The campaign's numbers: runs by fault, by engine and by the phase a fault struck in; processes
 * left, records lost, sessions left open, wrong statuses; the time from fault to clean teardown.
 */
import { median } from '../summary';
import type { ChaosResults } from './campaign';
import { problemsOf, type RunResult } from './run';

export interface GroupSummary {
  label: string;
  runs: number;
  /** Runs whose fault reached the query (a kill that found its target, a crash that fired, …). */
  applied: number;
  statuses: Record<string, number>;
  /** Processes left, over all runs of the group. */
  left: number;
  lost: number;
  open: number;
  wrong: number;
  harness: number;
  teardownMs: number[];
  /** Error names recorded, with how many runs ended in each. */
  errors: Record<string, number>;
}

export interface ChaosSummary {
  total: GroupSummary;
  byFault: GroupSummary[];
  byEngine: GroupSummary[];
  byPhase: GroupSummary[];
  /** The runs with anything left, lost, open or wrong, with what. */
  findings: { run: RunResult; problems: string[] }[];
}

function summariseGroup(label: string, runs: RunResult[]): GroupSummary {
  const count = (test: (run: RunResult) => unknown) => runs.filter(test).length;
  const tally = (values: (string | undefined)[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) if (value) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  return {
    label,
    runs: runs.length,
    applied: count((run) => run.verdict?.applied),
    statuses: tally(runs.map((run) => run.status ?? 'no record')),
    left: runs.reduce((sum, run) => sum + (run.verdict?.left.length ?? 0), 0),
    lost: count((run) => run.verdict?.lost),
    open: count((run) => run.verdict?.open),
    wrong: count((run) => run.verdict?.wrong),
    harness: count((run) => run.harnessError),
    teardownMs: runs.flatMap((run) =>
      run.verdict?.teardownMs === undefined ? [] : [run.verdict.teardownMs],
    ),
    errors: tally(runs.map((run) => run.error?.name)),
  };
}

function groupBy(runs: RunResult[], key: (run: RunResult) => string | undefined): GroupSummary[] {
  const groups = new Map<string, RunResult[]>();
  for (const run of runs) {
    const label = key(run);
    if (label !== undefined) groups.set(label, [...(groups.get(label) ?? []), run]);
  }
  return [...groups.entries()].map(([label, members]) => summariseGroup(label, members));
}

export function summarise(results: ChaosResults): ChaosSummary {
  const runs = results.runs;
  return {
    total: summariseGroup('all', runs),
    byFault: groupBy(runs, (run) => run.scenario.fault),
    byEngine: groupBy(runs, (run) => run.scenario.engine),
    byPhase: groupBy(runs, (run) => (run.verdict?.applied ? run.verdict.phase : undefined)),
    findings: runs
      .map((run) => ({ run, problems: problemsOf(run) }))
      .filter((finding) => finding.problems.length > 0),
  };
}

/** Anything left, lost, open, wrongly reported, or a run that could not be made. */
export function isClean(summary: ChaosSummary): boolean {
  return summary.findings.length === 0;
}

export const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');
export const medianOf = (values: number[]) => seconds(median(values));
export const maxOf = (values: number[]) => seconds(values.length ? Math.max(...values) : Number.NaN);
