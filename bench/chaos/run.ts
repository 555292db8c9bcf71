/**
 * One run of the campaign: the query through its door with its fault, then what it left (processes,
 * record, session, result) and the verdict on it.
 */
import { runThroughQuery } from './door-query';
import { runThroughServe } from './door-serve';
import { inspect } from './inspect';
import type { ChaosContext } from './metaq';
import type { Scenario } from './scenario';
import type { Strike } from './strike';
import { judge, type Verdict } from './verdict';

/** What the run saw from outside metaq. */
export interface Observed {
  queryId?: string;
  strike: Strike;
  /** What the door told its user: `metaq query --json`'s report, or DescribeExecution. */
  reported?: { queryId: string; status: string; error?: string };
  /** What metaq said when it was started again after its orchestrating process died. */
  recovery?: string;
  /** Processes of the query still alive after the grace: described, then killed. */
  left: string[];
  /** The last time a process of the query was seen alive. */
  lastSeenAt?: number;
  /** The run could not be made or did not end (metaq hung, the server did not start). */
  harnessError?: string;
}

export interface RunResult {
  scenario: Scenario;
  queryId?: string;
  wallMs: number;
  strike: Strike;
  status?: string;
  error?: { name: string; message: string };
  reported?: Observed['reported'];
  recovery?: string;
  harnessError?: string;
  verdict?: Verdict;
}

export async function runOne(scenario: Scenario, context: ChaosContext): Promise<RunResult> {
  const startedAt = Date.now();
  let observed: Observed;
  try {
    observed =
      scenario.door === 'serve'
        ? await runThroughServe(scenario, context)
        : await runThroughQuery(scenario, context);
  } catch (error) {
    observed = { strike: { applied: false }, left: [], harnessError: String(error) };
  }
  const { queryId, strike, reported, recovery, harnessError } = observed;
  const result: RunResult = { scenario, queryId, wallMs: 0, strike, reported, recovery, harnessError };
  if (queryId) {
    try {
      const inspection = await inspect(context.home, queryId, scenario.answer);
      result.status = inspection.record?.status;
      result.error = inspection.record?.error;
      result.verdict = judge(scenario, observed, inspection);
    } catch (error) {
      result.harnessError = `could not read what the run left: ${error}`;
    }
  }
  result.wallMs = Date.now() - startedAt;
  return result;
}

/** What is wrong with a run, in a few words each; empty when nothing is. */
export function problemsOf(result: RunResult): string[] {
  const verdict = result.verdict;
  return [
    result.harnessError,
    ...(verdict?.left.map((process) => `left: ${process}`) ?? []),
    verdict?.lost && `lost: ${verdict.lost}`,
    verdict?.open && `open: ${verdict.open}`,
    verdict?.wrong && `wrong: ${verdict.wrong}`,
  ].filter((problem): problem is string => Boolean(problem));
}
