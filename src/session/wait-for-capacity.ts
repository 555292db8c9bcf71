/**
 * Before Provision launches anything on the local platform, the execution takes its share of the
 * machine (src/platforms/capacity.ts). While others hold it, the execution waits, visibly: the first
 * invocation answers `WaitingForCapacity` at once (progress lines and the console show it, the
 * record gets a `wait` phase), the next ones poll until admitted or their budget is spent, and the
 * Provision state retries. Past the query's time limit it fails with `CapacityTimeout`, nothing launched.
 */
import { markPhase } from '../history/store';
import type { Plan } from '../plan/types';
import {
  type CapacityLedger,
  demandOf,
  localCapacity,
  localLedger,
  type Standing,
} from '../platforms/capacity';
import { CapacityTimeout, WaitingForCapacity } from '../platforms/errors';
import { waitOptions } from './wait';

/** How many workers Provision launches, once the execution has its share. */
export async function waitForCapacity(plan: Plan, ledger: CapacityLedger = localLedger): Promise<number> {
  if (plan.platform !== 'local') return plan.workers + plan.spares;
  const { queryId } = plan;
  const demand = demandOf(plan, localCapacity());
  const deadline = Date.parse(plan.createdAt) + plan.limits.timeoutSeconds * 1000;
  const first = !ledger.has(queryId);
  let standing = ledger.ask(queryId, demand);
  if (standing.admitted && first) return demand.workers;
  if (first) await markPhase(queryId, 'wait', 'phaseStarts', Date.now());
  const { budgetMs, intervalMs } = waitOptions('capacity');
  const until = first ? Date.now() : Date.now() + budgetMs;
  while (!standing.admitted) {
    if (Date.now() >= deadline) {
      ledger.release(queryId);
      throw new CapacityTimeout(
        `waited ${plan.limits.timeoutSeconds} s (limits.timeoutSeconds) for the local capacity and nothing was launched: ` +
          `${inUse(standing)}. Retry later, raise limits.timeoutSeconds, or raise METAQ_LOCAL_MAX_WORKERS / METAQ_LOCAL_MAX_MEMORY_MB`,
      );
    }
    if (Date.now() >= until)
      throw new WaitingForCapacity(
        `${inUse(standing)}; this query needs ${demand.workers} worker(s), ${demand.memoryMb} MB, and waits at most until ${new Date(deadline).toISOString()} (limits.timeoutSeconds)`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    // Given back meanwhile: the execution was stopped and torn down while it waited.
    if (!ledger.has(queryId)) throw new WaitingForCapacity('the execution ended while it waited');
    standing = ledger.ask(queryId, demand);
  }
  await markPhase(queryId, 'wait', 'phaseEnds', Date.now());
  return demand.workers;
}

function inUse({ inUse, capacity, ahead }: Standing): string {
  return (
    `${inUse.workers} of ${capacity.workers} worker(s) and ${inUse.memoryMb} of ${capacity.memoryMb} MB in use, ` +
    `${ahead} execution(s) waiting ahead`
  );
}
