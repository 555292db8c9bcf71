/** The platform interface: where workers come from and how they are released. Keep it this small. */
import type { Plan } from '../plan/types';

export interface SessionRef {
  sessionId: string;
}

/** A launched worker: its launch index and the platform's own handle on it. */
export interface WorkerRef {
  index: number;
  handle?: Record<string, string | number>;
}

export interface Platform {
  /** Starts `count` workers with launch indexes `first`, `first + 1`, ... */
  launch(session: SessionRef, count: number, plan: Plan, first?: number): Promise<WorkerRef[]>;
  /** Idempotent: stops whatever of these workers is still alive. */
  terminate(workers: WorkerRef[]): Promise<void>;
}
