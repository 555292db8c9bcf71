/**
 * The session table: one `session` item per query and one `worker#<n>` item per launched worker.
 * All control goes through these items: workers poll their own item, they are never called.
 */
import type { StartupMark } from '../engines/startup-marks';
import type { Endpoint } from '../overlay/reflector-client';
import type { TransportKind } from '../overlay/transport';
import type { Plan } from '../plan/types';

export type WorkerState = 'launched' | 'ready' | 'admitted' | 'dismissed' | 'stopped';

/** A worker as the cluster knows it after rendezvous. */
export interface Member {
  /** Launch index: what the platform and METAQ_CHAOS call this worker. */
  index: number;
  /** 0 is the head. */
  rank: number;
  address: string;
  /** Free ports this worker reserved for the engine when it registered. */
  ports: number[];
  /** Where the reflector saw an isolated worker (its NAT's address and port): what peers punch to. */
  public?: Endpoint;
}

export type Command =
  | {
      seq: number;
      kind: 'start';
      members: Member[];
      rank: number;
      /** Epoch ms, the same for every member: isolated workers punch until then, then relay. */
      punchDeadline?: number;
    }
  | { seq: number; kind: 'run'; sql: string; output: Plan['output']; previewRows: number; sentAt: number };

export interface Ack {
  seq: number;
  ok: boolean;
  at: number;
  error?: { name: string; message: string };
  result?: unknown;
  /** A start's marks (src/engines/startup-marks.ts): where the engine's start spent its time. */
  startup?: StartupMark[];
  /** An isolated worker's start: how it reached each peer (by launch index); relayed ones are counted. */
  transports?: Record<number, TransportKind>;
}

export interface WorkerItem {
  pk: string;
  sk: `worker#${number}`;
  index: number;
  state: WorkerState;
  launchedAt: number;
  readyAt?: number;
  admittedAt?: number;
  dismissedAt?: number;
  stoppedAt?: number;
  /** Set by a platform that sees the worker's process end (the local one does). */
  exitedAt?: number;
  exitCode?: number | string;
  heartbeatAt?: number;
  address?: string;
  ports?: number[];
  /** An isolated worker's public endpoint, as the reflector saw it when the worker registered. */
  public?: Endpoint;
  /** The platform's handle on the worker: a pid, a task ARN, a request id. */
  handle?: Record<string, string | number>;
  rank?: number;
  command?: Command;
  ack?: Ack;
  expiresAt: number;
}

export interface SessionItem {
  pk: string;
  sk: 'session';
  status: 'open' | 'closed';
  plan: Plan;
  createdAt: number;
  closedAt?: number;
  expiresAt: number;
}

export const workerKey = (index: number): `worker#${number}` => `worker#${index}`;
