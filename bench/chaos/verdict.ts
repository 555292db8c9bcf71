/**
 * The verdict on one run: what the fault had to do to the query (fail it, leave it be, or either),
 * and what metaq left: processes, a record lost or still RUNNING, a session open, a wrong status;
 * and the time from the fault to a clean teardown (record released, last process gone).
 */
import { phases, type QueryRecord } from '../../src/history/types';
import type { Inspection } from './inspect';
import type { Observed } from './run';
import type { Scenario } from './scenario';
import { headAnsweredAt } from './watch';

export interface Verdict {
  applied: boolean;
  /** When the fault struck, or (faults in the input or in a worker) took effect. */
  faultAt?: number;
  /** The phase of the query at that time (`after`: past its teardown). */
  phase?: string;
  expected: 'succeed' | 'fail' | 'either';
  /** The status and error name the fault must end in, when it fixes them. */
  expectedEnd?: string;
  left: string[];
  lost?: string;
  open?: string;
  wrong?: string;
  teardownMs?: number;
}

type Expectation = Pick<Verdict, 'applied' | 'faultAt' | 'expected' | 'expectedEnd'>;

export function judge(scenario: Scenario, observed: Observed, inspection: Inspection): Verdict {
  const { record } = inspection;
  const expectation = expectationOf(scenario, observed, inspection);
  const released = record?.releasedAt ? Date.parse(record.releasedAt) : undefined;
  const left = [...observed.left];
  // A worker or engine process a kill found alive after the teardown had outlived it.
  const { strike } = observed;
  const killedQueryProcess = ['kill-worker', 'kill-head', 'kill-engine'].includes(scenario.fault);
  if (killedQueryProcess && strike.applied && strike.at && released && strike.at > released + 1000)
    left.push(`${strike.target} (alive after the teardown; killed by the fault)`);
  const lost = !record ? 'no history record' : record.status === 'RUNNING' ? 'still RUNNING' : undefined;
  const clean = Math.max(released ?? Number.NaN, observed.lastSeenAt ?? 0);
  const ended = record && record.status !== 'SUCCEEDED' && record.status !== 'RUNNING';
  return {
    ...expectation,
    phase: expectation.faultAt === undefined || !record ? undefined : phaseAt(record, expectation.faultAt),
    left,
    lost,
    open: openParts(inspection),
    wrong: record && !lost ? wrongness(record, expectation, observed, inspection) : undefined,
    teardownMs:
      expectation.applied && ended && expectation.faultAt && left.length === 0 && Number.isFinite(clean)
        ? Math.max(0, clean - expectation.faultAt)
        : undefined,
  };
}

function expectationOf(
  scenario: Scenario,
  observed: Observed,
  { record, workers, fired }: Inspection,
): Expectation {
  const { strike } = observed;
  const starts = record?.phaseStarts ?? {};
  const limitAt = (seconds = 0) => (starts.query === undefined ? undefined : starts.query + seconds * 1000);
  const firedHere = fired.some((fault) => fault.index === scenario.index && fault.fault === scenario.fault);
  const isHead = record?.workerTimeline?.find((worker) => worker.index === scenario.index)?.rank === 0;
  switch (scenario.fault) {
    case 'bad-sql':
      return {
        applied: true,
        faultAt: starts.query ?? starts.optimize,
        expected: 'fail',
        expectedEnd: 'FAILED',
      };
    case 'timeout':
      return {
        applied: true,
        faultAt: limitAt(scenario.timeoutSeconds),
        expected: 'fail',
        expectedEnd: 'FAILED QueryTimeout',
      };
    case 'delay-ready':
      return { applied: true, expected: 'succeed' };
    case 'crash-on-start':
    case 'crash-on-run': {
      if (!firedHere) return { applied: false, expected: 'succeed' };
      const exitedAt = workers.find((worker) => worker.index === scenario.index)?.exitedAt;
      const must = scenario.fault === 'crash-on-start' || isHead;
      return { applied: true, faultAt: exitedAt, expected: must ? 'fail' : 'either' };
    }
    case 'hang-on-run':
      if (!firedHere) return { applied: false, expected: 'succeed' };
      return isHead
        ? {
            applied: true,
            faultAt: limitAt(scenario.timeoutSeconds),
            expected: 'fail',
            expectedEnd: 'FAILED QueryTimeout',
          }
        : { applied: true, expected: 'either' };
    case 'stop':
    case 'kill-query-process':
    case 'kill-serve-process': {
      // Struck after the teardown had released everything: nothing was left to stop.
      const released = record?.releasedAt ? Date.parse(record.releasedAt) : Number.POSITIVE_INFINITY;
      if (!strike.applied || (strike.at ?? 0) >= released) return { applied: false, expected: 'succeed' };
      const end = scenario.fault === 'stop' ? 'ABORTED ExecutionAborted' : 'ABORTED OrchestratorLost';
      return { applied: true, faultAt: strike.at, expected: 'fail', expectedEnd: end };
    }
    default: {
      if (!strike.applied) return { applied: false, expected: 'succeed' };
      // The head's answer is the query's: killed before it, the query cannot succeed.
      const answered = headAnsweredAt(workers);
      const headLost = strike.head === true && (answered === undefined || answered > (strike.at ?? 0));
      return { applied: true, faultAt: strike.at, expected: headLost ? 'fail' : 'either' };
    }
  }
}

function wrongness(
  record: QueryRecord,
  expectation: Expectation,
  observed: Observed,
  inspection: Inspection,
) {
  const end = `${record.status} ${record.error?.name ?? ''}`.trim();
  const problems: string[] = [];
  if (record.status === 'SUCCEEDED' && expectation.expected === 'fail')
    problems.push('the fault was reported as success');
  if (record.status === 'SUCCEEDED' && inspection.resultProblem) problems.push(inspection.resultProblem);
  if (record.status !== 'SUCCEEDED' && expectation.expected === 'succeed')
    problems.push(`${end} though the fault could not stop it`);
  if (record.status !== 'SUCCEEDED' && !record.error?.name)
    problems.push(`${record.status} without a named error`);
  const expectedEnd = expectation.expectedEnd;
  if (
    expectedEnd &&
    record.status !== 'SUCCEEDED' &&
    end !== expectedEnd &&
    !(expectedEnd === 'FAILED' && record.status === 'FAILED')
  )
    problems.push(`expected ${expectedEnd}, recorded ${end}`);
  const reported = observed.reported?.status;
  if (reported && reported !== record.status)
    problems.push(`reported ${reported}, recorded ${record.status}`);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** The session and every worker item closed, and the record released, by the teardown. */
function openParts({ record, session, workers }: Inspection): string | undefined {
  const problems: string[] = [];
  if (session?.status === 'open') problems.push('session open');
  const running = workers.filter((worker) => worker.state !== 'stopped').map((worker) => worker.index);
  if (running.length > 0) problems.push(`worker item(s) ${running.join(', ')} not stopped`);
  if (record && record.status !== 'RUNNING' && !record.releasedAt) problems.push('record never released');
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** The phase a query was in at `at`: the last one started by then (`after` once released). */
export function phaseAt(record: QueryRecord, at: number): string {
  if (record.releasedAt && at > Date.parse(record.releasedAt)) return 'after';
  const started = phases.filter((phase) => (record.phaseStarts[phase] ?? Number.POSITIVE_INFINITY) <= at);
  return started.at(-1) ?? 'before';
}
