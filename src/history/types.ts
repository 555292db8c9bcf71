/** The per-query audit record: written at Optimize, updated at every phase, kept after the query. */
import type { StartupMark } from '../engines/startup-marks';
import type { Cost } from '../plan/cost';
import type { Plan } from '../plan/types';
import type { ResultSummary } from '../state';

export const phases = [
  'optimize',
  // Only for executions that waited for the local capacity (src/session/wait-for-capacity.ts).
  'wait',
  'provision',
  'rendezvous',
  'start',
  'query',
  'collect',
  'teardown',
] as const;
export type Phase = (typeof phases)[number];

/** ABORTED: stopped, or its metaq process died (the error says which: session/errors.ts). */
export type QueryStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export type Timings = Partial<Record<`${Phase}Ms`, number>> & { totalMs?: number };

export interface WorkerCounts {
  launched: number;
  admitted: number;
  dismissed: number;
  failed: number;
}

export interface WorkerTimeline {
  index: number;
  launchedAt: number;
  readyAt?: number;
  admittedAt?: number;
  dismissedAt?: number;
  stoppedAt?: number;
  rank?: number;
}

export interface MemberStartup {
  index: number;
  rank: number;
  marks: StartupMark[];
}

/** How the members of an isolated query reached each other, pair by pair ("0-2", by launch index). */
export interface OverlayUse {
  punched: string[];
  /** Pairs carried through the reflector: each costs relay traffic, so each is counted. */
  relayed: string[];
}

export interface QueryRecord {
  queryId: string;
  /** Partition key of the by-day index: YYYY-MM-DD (UTC). */
  day: string;
  createdAt: string;
  status: QueryStatus;
  sql: string;
  input: unknown;
  tags: Record<string, string>;
  schedule?: string;
  engine?: string;
  plan?: Plan;
  phaseStarts: Partial<Record<Phase, number>>;
  phaseEnds: Partial<Record<Phase, number>>;
  /** Handler invocations (retries included): Lambda requests and state transitions in the cost. */
  invocations: number;
  /** The handlers' run times added up, every invocation (absent on records from before it was kept). */
  handlerMs?: number;
  timings?: Timings;
  workers?: WorkerCounts;
  workerTimeline?: WorkerTimeline[];
  /** Each member's engine start as its worker marked it (src/engines/startup-marks.ts). */
  engineStartup?: MemberStartup[];
  /** Set when the workers were isolated (METAQ_NETWORK=isolated). */
  overlay?: OverlayUse;
  result?: ResultSummary;
  cost?: Cost;
  error?: { name: string; message: string };
  releasedAt?: string;
  updatedAt: string;
}

/** The execution output of a finished query (what `metaq query --json` prints). */
export interface QueryReport {
  queryId: string;
  status: QueryStatus;
  plan?: Plan;
  result?: ResultSummary;
  timings: Timings;
  workers: WorkerCounts;
  cost?: Cost;
  error?: { name: string; message: string };
}
