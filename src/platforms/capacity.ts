/**
 * The local platform's capacity: how many worker processes, and how much of the plans' memory, the
 * machine runs at once. Executions take their share before they launch and give it back once
 * their workers are gone, in the order they asked, so a burst of queries queues instead of
 * overcommitting the machine. The ledger lives in the process that runs the executions: a metaq
 * home is held by one process at a time, so every door of a home (the command line, `metaq serve`,
 * schedules, PostgreSQL) asks the same ledger.
 */
import { settings } from '../config';
import type { Plan } from '../plan/types';
import { CapacityExceeded } from './errors';

export interface Capacity {
  workers: number;
  memoryMb: number;
}

export function localCapacity(env: NodeJS.ProcessEnv = process.env): Capacity {
  const { localMaxWorkers, localMaxMemoryMb } = settings(env);
  return { workers: localMaxWorkers, memoryMb: localMaxMemoryMb };
}

/**
 * What the plan launches on this capacity: its workers and those of its spares that the capacity
 * could ever hold (spares are a margin, not a requirement). Refused when the workers alone never fit.
 */
export function demandOf(plan: Plan, capacity: Capacity): Capacity {
  const byMemory = Math.floor(capacity.memoryMb / plan.memoryMb);
  const fits = Math.min(capacity.workers, byMemory);
  if (plan.workers > fits) {
    const setting =
      plan.workers > capacity.workers
        ? `METAQ_LOCAL_MAX_WORKERS is ${capacity.workers}`
        : `METAQ_LOCAL_MAX_MEMORY_MB is ${capacity.memoryMb}, room for ${byMemory} worker(s) of ${plan.memoryMb} MB`;
    throw new CapacityExceeded(
      `the plan needs ${plan.workers} worker(s) of ${plan.memoryMb} MB and this machine runs at most ${fits} at once (${setting}): ` +
        'choose fewer workers or less memoryMb, or raise the setting',
    );
  }
  const workers = Math.min(plan.workers + plan.spares, fits);
  return { workers, memoryMb: workers * plan.memoryMb };
}

interface Share {
  demand: Capacity;
  admitted: boolean;
  /** When its execution last asked: a waiting share nobody asks for any more leaves the queue. */
  askedAt: number;
}

export interface Standing {
  admitted: boolean;
  /** Executions waiting ahead of this one. */
  ahead: number;
  inUse: Capacity;
  capacity: Capacity;
}

export class CapacityLedger {
  private readonly shares = new Map<string, Share>();

  constructor(
    private readonly capacity: () => Capacity,
    /** Past this silence a waiting share is dropped (its execution ended without giving it back). */
    private readonly abandonedMs = 30_000,
  ) {}

  /** Asks for `demand` (again): admitted when it fits beside the shares in use and no one waits ahead. */
  ask(queryId: string, demand: Capacity, now = Date.now()): Standing {
    const share = this.shares.get(queryId) ?? { demand, admitted: false, askedAt: now };
    share.askedAt = now;
    this.shares.set(queryId, share);
    this.dropAbandoned(now);
    const capacity = this.capacity();
    const inUse = this.inUse();
    const waiting = [...this.shares.entries()].filter(([, other]) => !other.admitted);
    const ahead = waiting.findIndex(([id]) => id === queryId);
    if (
      !share.admitted &&
      ahead === 0 &&
      inUse.workers + demand.workers <= capacity.workers &&
      inUse.memoryMb + demand.memoryMb <= capacity.memoryMb
    ) {
      share.admitted = true;
      return { admitted: true, ahead: 0, inUse: this.inUse(), capacity };
    }
    return { admitted: share.admitted, ahead: Math.max(0, ahead), inUse, capacity };
  }

  has(queryId: string): boolean {
    return this.shares.has(queryId);
  }

  /** Keeps only `workers` of an admitted share (its spares were dismissed and are gone). */
  shrink(queryId: string, workers: number, memoryMbEach: number): void {
    const share = this.shares.get(queryId);
    if (share?.admitted && share.demand.workers > workers)
      share.demand = { workers, memoryMb: workers * memoryMbEach };
  }

  /** Gives the share back (or leaves the queue); idempotent. */
  release(queryId: string): void {
    this.shares.delete(queryId);
  }

  inUse(): Capacity {
    const admitted = [...this.shares.values()].filter((share) => share.admitted);
    return {
      workers: admitted.reduce((sum, share) => sum + share.demand.workers, 0),
      memoryMb: admitted.reduce((sum, share) => sum + share.demand.memoryMb, 0),
    };
  }

  private dropAbandoned(now: number): void {
    for (const [id, share] of this.shares)
      if (!share.admitted && now - share.askedAt > this.abandonedMs) this.shares.delete(id);
  }
}

/** The ledger of this process's local executions. */
export const localLedger = new CapacityLedger(() => localCapacity());
