/**
 * The processes of a query, watched for the whole run (when the last one went is half of a clean
 * teardown), and whatever is still alive once the run is over: left behind, reported, then killed
 * so that the next run starts on a clean machine.
 */
import { describeProcess, queryProcesses } from '../../src/session/query-processes';

export interface ProcessSampler {
  /** The last time a process of the query was seen alive (epoch ms). */
  lastSeenAt(): number | undefined;
  stop(): void;
}

export function sampleProcesses(queryId: string, everyMs = 100): ProcessSampler {
  let seen: number | undefined;
  const sample = () => {
    if (queryProcesses(queryId).length > 0) seen = Date.now();
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    lastSeenAt: () => seen,
    stop: () => clearInterval(timer),
  };
}

/**
 * The processes of the query still alive `graceMs` after its run was over (a teardown returns once
 * the workers' process groups are gone, so the grace only covers the kernel's own bookkeeping).
 */
export async function leftBehind(queryId: string, graceMs: number): Promise<string[]> {
  const until = Date.now() + graceMs;
  let alive = queryProcesses(queryId);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    alive = queryProcesses(queryId);
  }
  const described = alive.map(describeProcess);
  for (const pid of alive) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return described;
}
