/**
 * Rendezvous: once `workers` workers are ready, admit the first of them by ready time, give them
 * ranks (rank 0 is the head) and the member list, and dismiss every other worker at once.
 */
import type { Plan } from '../plan/types';
import { localLedger } from '../platforms/capacity';
import { platformFor } from '../platforms/registry';
import type { ProvisionOutput, RendezvousOutput } from '../state';
import { RendezvousTimeout, WorkerLost } from './errors';
import { admit, dismiss, listWorkers } from './store';
import type { Member, WorkerItem } from './types';
import { pollUntil, waitOptions } from './wait';

export interface Admission {
  admitted: WorkerItem[];
  dismissed: WorkerItem[];
}

/** The first `needed` ready workers by ready time, or nothing while fewer are ready. */
export function chooseMembers(workers: WorkerItem[], needed: number): Admission | undefined {
  const ready = workers
    .filter((worker) => worker.state === 'ready' || worker.state === 'admitted')
    .sort(
      (a, b) =>
        (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
        (a.readyAt ?? 0) - (b.readyAt ?? 0) ||
        a.index - b.index,
    );
  if (ready.length < needed) return undefined;
  const admitted = ready.slice(0, needed);
  const dismissed = workers.filter((worker) => !admitted.includes(worker) && worker.state !== 'stopped');
  return { admitted, dismissed };
}

/**
 * Why a launched worker may start late besides a straggler: Lambda accepts an asynchronous invocation
 * (202) even when no concurrency is left, and runs it only once some is (retrying for hours).
 */
const lateStart: Partial<Record<Plan['platform'], string>> = {
  lambda:
    "; on lambda, an accepted invocation waits while the account's or the worker function's concurrency is used up (its Throttles metric): raise it, or retry later",
};

export async function rendezvous(plan: Plan, session: ProvisionOutput): Promise<RendezvousOutput> {
  const deadline = session.launchedAt + plan.limits.rendezvousSeconds * 1000;
  const budget = waitOptions(`${plan.workers} ready worker(s)`);
  const admission = await pollUntil(
    async () => {
      const workers = await listWorkers(plan.queryId);
      const chosen = chooseMembers(workers, plan.workers);
      if (!chosen) assertEnoughLeft(workers, plan.workers);
      if (!chosen && Date.now() > deadline) {
        const ready = workers.filter((worker) => worker.state === 'ready').length;
        throw new RendezvousTimeout(
          `only ${ready} of ${plan.workers} worker(s) were ready ${plan.limits.rendezvousSeconds} s after launch ` +
            `(${workers.length} launched): add spares or raise limits.rendezvousSeconds${lateStart[plan.platform] ?? ''}`,
        );
      }
      return chosen;
    },
    {
      ...budget,
      budgetMs: Math.min(budget.budgetMs, Math.max(0, deadline - Date.now()) + budget.intervalMs),
    },
  );
  return admitAndDismiss(plan, admission);
}

/**
 * Fails at once when too many workers exited before they were ready for the rest to make up the
 * plan (the local platform sees its workers exit): waiting out the rendezvous limit for them
 * would only delay the same failure (a chaos run waited 60 s for a worker killed at launch).
 */
function assertEnoughLeft(workers: WorkerItem[], needed: number): void {
  const gone = workers.filter(
    (worker) => worker.exitedAt !== undefined && worker.state !== 'ready' && worker.state !== 'admitted',
  );
  const waitable = workers.filter((worker) => worker.state !== 'stopped' && !gone.includes(worker));
  if (gone.length === 0 || waitable.length >= needed) return;
  const which = gone
    .map((worker) => `worker ${worker.index} (exit ${worker.exitCode ?? 'unknown'})`)
    .join(', ');
  throw new WorkerLost(
    `${which} exited before it was ready, and ${waitable.length} other worker(s) are left for the ${needed} the query needs: ` +
      'see the worker logs (metaq show <queryId>), or add spares',
  );
}

async function admitAndDismiss(plan: Plan, { admitted, dismissed }: Admission): Promise<RendezvousOutput> {
  const now = Date.now();
  for (const [rank, worker] of admitted.entries()) {
    if (worker.state === 'ready') await admit(plan.queryId, worker.index, rank, now);
  }
  for (const worker of dismissed) await dismiss(plan.queryId, worker.index, now);
  // The platform frees dismissed workers at once: a straggler costs nothing once it is not needed.
  const platform = await platformFor(plan.platform);
  await platform.terminate(dismissed.map((worker) => ({ index: worker.index, handle: worker.handle })));
  // Gone, they give their share of the local capacity back to the executions waiting for it.
  localLedger.shrink(plan.queryId, admitted.length, plan.memoryMb);
  const members: Member[] = admitted.map((worker, rank) => ({
    index: worker.index,
    rank,
    address: worker.address ?? '127.0.0.1',
    ports: worker.ports ?? [],
    // An isolated worker's public endpoint: its peers punch to it when the engine starts.
    ...(worker.public && { public: worker.public }),
  }));
  return { members, dismissed: dismissed.map((worker) => worker.index) };
}
