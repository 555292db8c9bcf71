/**
 * A fault that waits for its moment: once the query has reached it (and the drawn delay into it has
 * passed), SIGKILL a worker, the head, an engine process or the orchestrating process, or stop the
 * execution. A query that ends first is not struck: the run says so, and must then succeed.
 */
import {
  engineProcesses,
  processName,
  queryProcesses,
  workerProcess,
} from '../../src/session/query-processes';
import type { Scenario } from './scenario';
import { headIndex, type QueryWatch, reached, type Snapshot } from './watch';

export interface Strike {
  /** The fault reached the query while it ran. */
  applied: boolean;
  /** When it struck (epoch ms). */
  at?: number;
  /** What it struck: "worker 1 (pid …)", "StopExecution", … */
  target?: string;
  /** Why it did not strike. */
  missed?: string;
  /** The head was killed (its answer decides whether the query could still succeed). */
  head?: boolean;
}

export interface StrikeTarget {
  watch: QueryWatch;
  /** The run is over (the orchestrator exited, or the execution ended). */
  over(): boolean;
  /** The orchestrating process: `metaq query` or `metaq serve`. */
  orchestrator?: number;
  /** StopExecution, for a run through `metaq serve`. */
  stop?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const POLL_MS = 25;

export async function strikeAtMoment(scenario: Scenario, target: StrikeTarget): Promise<Strike> {
  const { moment, delayMs = 0 } = scenario;
  if (!moment) return { applied: false, missed: 'no moment' };
  const snapshot = await reachMoment(scenario, target);
  if (!snapshot) return { applied: false, missed: `the query ended before ${moment}` };
  await sleep(delayMs);
  if (target.over()) return { applied: false, missed: `the query ended within ${delayMs} ms of ${moment}` };
  if (scenario.fault === 'stop') {
    const at = Date.now();
    await target.stop?.();
    return { applied: true, at, target: 'StopExecution' };
  }
  const { queryId } = target.watch;
  if (scenario.fault === 'kill-query-process' || scenario.fault === 'kill-serve-process')
    return kill(target.orchestrator, `metaq ${scenario.door}`);
  if (scenario.fault === 'kill-engine') {
    const pids = await engineProcessesOnceUp(queryId, target);
    const pid = pids[Math.floor((scenario.pick ?? 0) * pids.length)];
    return kill(pid, `engine process (1 of ${pids.length})`);
  }
  const head = headIndex(target.watch.latest ?? snapshot);
  const index = scenario.fault === 'kill-head' ? head : scenario.index;
  if (index === undefined) return { applied: false, missed: 'no head was chosen' };
  const struck = kill(workerProcess(queryId, index), `worker ${index}`);
  return { ...struck, head: index === head };
}

/** Waits for the moment; undefined when the query ends first. */
async function reachMoment(scenario: Scenario, target: StrikeTarget): Promise<Snapshot | undefined> {
  const { moment } = scenario;
  while (!target.over()) {
    if (moment === 'provision') {
      // The first worker process is up: Provision launches the others, or has just done so.
      const wanted = scenario.index ?? 0;
      if (workerProcess(target.watch.queryId, wanted) !== undefined) return { workers: [] };
      if (queryProcesses(target.watch.queryId).length > 0 && scenario.fault !== 'kill-worker')
        return { workers: [] };
    } else if (moment) {
      const snapshot = await target.watch.snapshot();
      if (snapshot && reached(moment, snapshot)) return snapshot;
      if (snapshot?.record && snapshot.record.status !== 'RUNNING') return undefined;
    }
    await sleep(POLL_MS);
  }
  return undefined;
}

/** An engine starts its processes some time into its start: waits for the first of them. */
async function engineProcessesOnceUp(queryId: string, target: StrikeTarget): Promise<number[]> {
  while (!target.over()) {
    const pids = engineProcesses(queryId).sort((a, b) => a - b);
    if (pids.length > 0) return pids;
    await sleep(POLL_MS);
  }
  return [];
}

function kill(pid: number | undefined, what: string): Strike {
  if (pid === undefined) return { applied: false, missed: `no ${what} was running` };
  const name = processName(pid);
  const at = Date.now();
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return { applied: false, missed: `${what} (pid ${pid}) was gone` };
  }
  return { applied: true, at, target: `${what}, pid ${pid} (${name})` };
}
