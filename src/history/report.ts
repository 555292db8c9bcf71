/** The execution output, derived from the audit record: one shape for `query --json` and `show --json`. */
import type { Phase, QueryRecord, QueryReport, Timings } from './types';
import { phases } from './types';

export function timingsOf(record: Pick<QueryRecord, 'phaseStarts' | 'phaseEnds'>): Timings {
  const timings: Timings = {};
  for (const phase of phases) {
    const start = record.phaseStarts[phase];
    const end = record.phaseEnds[phase];
    if (start !== undefined && end !== undefined) timings[`${phase}Ms` as `${Phase}Ms`] = end - start;
  }
  const first = record.phaseStarts.optimize;
  const last = Math.max(...Object.values(record.phaseEnds).map(Number));
  if (first !== undefined && Number.isFinite(last)) timings.totalMs = last - first;
  return timings;
}

export function reportOf(record: QueryRecord): QueryReport {
  return {
    queryId: record.queryId,
    status: record.status,
    plan: record.plan,
    result: record.result,
    timings: record.timings ?? timingsOf(record),
    workers: record.workers ?? { launched: 0, admitted: 0, dismissed: 0, failed: 0 },
    cost: record.cost,
    error: record.error,
  };
}

/** The outcome of an execution that left no history record (it failed before Optimize wrote one). */
export function failedReport(queryId: string, error: { name: string; message: string }): QueryReport {
  return {
    queryId,
    status: 'FAILED',
    timings: {},
    workers: { launched: 0, admitted: 0, dismissed: 0, failed: 0 },
    error,
  };
}
