/** StartEngine: hand every member its place in the cluster; wait until each engine reports ready. */
import { QueryRefused } from '../engines/errors';
import { updateRecord } from '../history/store';
import type { OverlayUse } from '../history/types';
import type { TransportKind } from '../overlay/transport';
import { overlayWindows } from '../overlay/windows';
import type { Plan } from '../plan/types';
import type { RendezvousOutput } from '../state';
import { EngineStartFailed, RendezvousTimeout } from './errors';
import { assertAlive } from './liveness';
import { listWorkers, sendCommand } from './store';
import type { WorkerItem } from './types';
import { pollUntil, waitOptions } from './wait';

export const START_SEQ = 1;

/** The overlay's errors when a pair can neither punch nor relay (src/overlay/errors.ts). */
const OVERLAY_FAILURES = new Set(['RelayFailed', 'PunchFailed', 'ReflectorError']);

export async function startEngine(plan: Plan, { members }: RendezvousOutput): Promise<{ readyAt: number }> {
  const ranks = new Map(members.map((member) => [member.index, member.rank]));
  const current = await listWorkers(plan.queryId);
  // Isolated members punch to each other until the same moment, then fall back to the relay.
  const { punchMs } = overlayWindows(plan.limits.rendezvousSeconds);
  const punchDeadline = members.some((member) => member.public) ? Date.now() + punchMs : undefined;
  for (const worker of current.filter((w) => ranks.has(w.index) && (w.command?.seq ?? 0) < START_SEQ)) {
    await sendCommand(plan.queryId, worker.index, {
      seq: START_SEQ,
      kind: 'start',
      members,
      rank: ranks.get(worker.index) ?? 0,
      ...(punchDeadline && { punchDeadline }),
    });
  }
  const started = await pollUntil(
    async () => {
      const workers = (await listWorkers(plan.queryId)).filter((worker) => ranks.has(worker.index));
      const failed = workers.find((worker) => worker.ack?.seq === START_SEQ && !worker.ack.ok);
      if (failed?.ack?.error) {
        // An engine may check the query while it starts (Spark does): a refusal keeps its name.
        if (failed.ack.error.name === 'QueryRefused') throw new QueryRefused(failed.ack.error.message);
        if (OVERLAY_FAILURES.has(failed.ack.error.name)) {
          throw new RendezvousTimeout(
            `worker ${failed.index} could not reach its peers through the overlay (${failed.ack.error.name}): ${failed.ack.error.message}`,
          );
        }
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
  await updateRecord(plan.queryId, { engineStartup, overlay: overlayUse(started) });
  return { readyAt: Math.max(...started.map((worker) => worker.ack?.at ?? 0)) };
}

/** How isolated members reached each other, pair by pair ("0-2", by launch index); undefined when direct. */
export function overlayUse(workers: WorkerItem[]): OverlayUse | undefined {
  const pairs = new Map<string, TransportKind>();
  for (const worker of workers) {
    for (const [peer, kind] of Object.entries(worker.ack?.transports ?? {})) {
      const [a, b] = [worker.index, Number(peer)].sort((x, y) => x - y);
      const pair = `${a}-${b}`;
      // Either side seeing a relay is a relay: counted, never silent.
      if (pairs.get(pair) !== 'relayed') pairs.set(pair, kind);
    }
  }
  if (pairs.size === 0) return undefined;
  const named = (kind: TransportKind) => [...pairs].filter(([, k]) => k === kind).map(([pair]) => pair);
  return { punched: named('punched'), relayed: named('relayed') };
}
