/**
 * A run through `metaq query … --json`, the process that runs the whole execution itself: the
 * fault strikes at its moment; when it is that process which was killed, metaq is started again in
 * the same home, which must recover the execution.
 */
import { runningMarks } from '../../src/local/running';
import { leftBehind, sampleProcesses } from './leftovers';
import { type ChaosContext, type MetaqProcess, restartMetaq, sleep, startMetaq, within } from './metaq';
import type { Observed } from './run';
import type { Scenario } from './scenario';
import { type Strike, strikeAtMoment } from './strike';
import { QueryWatch } from './watch';

/** Past this a run counts as hung: its orchestrator is killed and the run reported. */
export const RUN_DEADLINE_MS = 10 * 60_000;

export async function runThroughQuery(scenario: Scenario, context: ChaosContext): Promise<Observed> {
  const before = new Set(runningMarks());
  const metaq = startMetaq(
    context,
    queryArgs(scenario),
    scenario.chaos ? { METAQ_CHAOS: scenario.chaos } : {},
  );
  try {
    return await observe(scenario, context, metaq, before);
  } finally {
    if (!metaq.isOver()) {
      // The harness failed mid-run: the query must not hold the home for the next run.
      metaq.child.kill('SIGKILL');
      await metaq.exited;
      await restartMetaq(context).catch(() => undefined);
    }
  }
}

async function observe(
  scenario: Scenario,
  context: ChaosContext,
  metaq: MetaqProcess,
  before: Set<string>,
): Promise<Observed> {
  const queryId = await queryIdOf(metaq, before);
  if (!queryId) {
    await metaq.exited;
    return {
      strike: { applied: false },
      left: [],
      harnessError: `metaq query ran no query: ${metaq.output().stderr}`,
    };
  }
  const sampler = sampleProcesses(queryId);
  try {
    const watch = new QueryWatch(queryId, context.home);
    let strike: Strike = { applied: false };
    if (scenario.moment)
      strike = await strikeAtMoment(scenario, { watch, over: metaq.isOver, orchestrator: metaq.child.pid });
    const hung = !(await within(metaq.exited, RUN_DEADLINE_MS));
    if (hung) metaq.child.kill('SIGKILL');
    await metaq.exited;
    let recovery: string | undefined;
    if (hung || (scenario.fault === 'kill-query-process' && strike.applied)) {
      await sleep(scenario.restartDelayMs ?? 0);
      recovery = await restartMetaq(context);
    }
    const left = await leftBehind(queryId, context.graceMs);
    return {
      queryId,
      strike,
      reported: reportOf(metaq.output().stdout),
      recovery,
      left,
      lastSeenAt: sampler.lastSeenAt(),
      harnessError: hung ? `metaq query ran past ${RUN_DEADLINE_MS / 60_000} min: killed` : undefined,
    };
  } finally {
    sampler.stop();
  }
}

function queryArgs(scenario: Scenario): string[] {
  return [
    'query',
    scenario.sql,
    '--engine',
    scenario.engine,
    '--workers',
    String(scenario.workers),
    '--spares',
    String(scenario.spares),
    ...(scenario.timeoutSeconds ? ['--timeout', String(scenario.timeoutSeconds)] : []),
    '--json',
  ];
}

/** The execution's name, from the mark metaq makes as it starts it (src/local/running.ts), or its report. */
async function queryIdOf(metaq: MetaqProcess, before: Set<string>): Promise<string | undefined> {
  while (!metaq.isOver()) {
    const mark = runningMarks().find((queryId) => !before.has(queryId));
    if (mark) return mark;
    await sleep(20);
  }
  return reportOf(metaq.output().stdout)?.queryId;
}

function reportOf(stdout: string): Observed['reported'] {
  try {
    const report = JSON.parse(stdout) as { queryId: string; status: string; error?: { name: string } };
    return { queryId: report.queryId, status: report.status, error: report.error?.name };
  } catch {
    return undefined; // killed before it printed
  }
}
