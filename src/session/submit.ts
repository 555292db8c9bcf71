/**
 * Submit: give the head the query and wait for it. A query longer than one invocation's budget
 * returns `finished: false`, and the state machine's Choice calls Submit again.
 */
import { QueryRefused } from '../engines/errors';
import type { Plan } from '../plan/types';
import type { RendezvousOutput, SubmitOutput } from '../state';
import { NotReadyYet, QueryFailed, QueryTimeout } from './errors';
import { assertAlive } from './liveness';
import { getWorker, listWorkers, sendCommand } from './store';
import { pollUntil, waitOptions } from './wait';

export const RUN_SEQ = 2;
export const PREVIEW_ROWS = 20;

export async function submit(plan: Plan, { members }: RendezvousOutput): Promise<SubmitOutput> {
  const head = members[0];
  const before = await getWorker(plan.queryId, head.index);
  const sent = before?.command?.kind === 'run' ? before.command : undefined;
  const submittedAt = sent?.sentAt ?? Date.now();
  if (!sent) {
    // The head runs the query; the other members only hear of it (see the worker agent).
    for (const member of [...members].reverse()) {
      await sendCommand(plan.queryId, member.index, {
        seq: RUN_SEQ,
        kind: 'run',
        sql: plan.sql,
        output: plan.output,
        previewRows: PREVIEW_ROWS,
        sentAt: submittedAt,
      });
    }
  }
  const indexes = new Set(members.map((member) => member.index));
  try {
    await pollUntil(async () => {
      const workers = (await listWorkers(plan.queryId)).filter((worker) => indexes.has(worker.index));
      const ack = workers.find((worker) => worker.index === head.index)?.ack;
      if (ack?.seq === RUN_SEQ && !ack.ok) {
        if (ack.error?.name === 'QueryRefused') throw new QueryRefused(ack.error.message);
        throw new QueryFailed(
          `${plan.engine} could not run the query: ${ack.error?.message ?? 'no reason given'}`,
        );
      }
      if (ack?.seq === RUN_SEQ) return true;
      assertAlive(workers, Date.now(), 'running the query');
      if (Date.now() - submittedAt > plan.limits.timeoutSeconds * 1000) {
        throw new QueryTimeout(
          `the query ran longer than limits.timeoutSeconds (${plan.limits.timeoutSeconds} s)`,
        );
      }
      return undefined;
    }, waitOptions('the query'));
    return { finished: true };
  } catch (error) {
    if (error instanceof NotReadyYet) return { finished: false };
    throw error;
  }
}
