/** StartEngine: hand every member its place in the cluster; wait until each engine reports ready. */
import { QueryRefused } from '../engines/errors';
import { updateRecord } from '../history/store';
import type { Plan } from '../plan/types';
import type { RendezvousOutput } from '../state';
import { EngineStartFailed } from './errors';
import { assertAlive } from './liveness';
import { listWorkers, sendCommand } from './store';
import { pollUntil, waitOptions } from './wait';

export const START_SEQ = 1;

export async function startEngine(plan: Plan, { members }: RendezvousOutput): Promise<{ readyAt: number }> {
  const ranks = new Map(members.map((member) => [member.index, member.rank]));
  const current = await listWorkers(plan.queryId);
  for (const worker of current.filter((w) => ranks.has(w.index) && (w.command?.seq ?? 0) < START_SEQ)) {
    await sendCommand(plan.queryId, worker.index, {
      seq: START_SEQ,
      kind: 'start',
      members,
      rank: ranks.get(worker.index) ?? 0,
    });
  }
  const started = await pollUntil(
    async () => {
      const workers = (await listWorkers(plan.queryId)).filter((worker) => ranks.has(worker.index));
      const failed = workers.find((worker) => worker.ack?.seq === START_SEQ && !worker.ack.ok);
      if (failed?.ack?.error) {
        // An engine may check the query while it starts (Spark does): a refusal keeps its name.
        if (failed.ack.error.name === 'QueryRefused') throw new QueryRefused(failed.ack.error.message);
        throw new EngineStartFailed(
          `${plan.engine} did not start on worker ${failed.index}: ${failed.ack.error.message}`,
        );
      }
      const started = workers.filter((worker) => worker.ack?.seq === START_SEQ && worker.ack.ok);
      if (started.length === members.length) return started;
      assertAlive(
        workers.filter((worker) => !started.includes(worker)),
        Date.now(),
        `starting ${plan.engine}`,
      );
      return undefined;
    },
    waitOptions(`${plan.engine} to start on ${members.length} worker(s)`),
  );
  // Where each member's start spent its time, for `metaq show --json` and the startup bench.
  const engineStartup = started.map((worker) => ({
    index: worker.index,
    rank: ranks.get(worker.index) ?? 0,
    marks: worker.ack?.startup ?? [],
  }));
  await updateRecord(plan.queryId, { engineStartup });
  return { readyAt: Math.max(...started.map((worker) => worker.ack?.at ?? 0)) };
}
