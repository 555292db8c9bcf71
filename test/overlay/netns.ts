/*
 * The isolation lab: the local platform's isolated network (src/platforms/isolated-network.ts),
 * built for the overlay's own tests without the platform, plus a switch that makes punching fail.
 */
import {
  addPublicNamespace,
  addWorkerNamespaces,
  type IsolatedWorker,
  inNamespace,
  namespacesUnder,
  PUBLIC_ADDRESS,
  removeNamespaces,
  removeStaleNamespaces,
  requireIsolationTools,
} from '../../src/platforms/isolated-network';

export const REFLECTOR_ADDRESS = PUBLIC_ADDRESS;

export type LabWorker = IsolatedWorker;

export interface Lab {
  publicNs: string;
  workers: LabWorker[];
  /** Makes every NAT drop what its worker sends to anyone but the reflector: punching must fail. */
  blockPunching(): void;
  allowPunching(): void;
  teardown(): void;
}

/** Fails, rather than skips, where the lab cannot be built: the proof must not pass by not running. */
export const requireLabTools = requireIsolationTools;

/** Builds the lab for `count` workers under `prefix` (unique per run, so runs never collide). */
export function buildLab(prefix: string, count: number): Lab {
  const publicNs = addPublicNamespace(prefix);
  const workers: LabWorker[] = [];
  const lab: Lab = {
    publicNs,
    workers,
    blockPunching: () => {
      for (const w of workers) {
        inNamespace(w.natNs, 'nft', [
          ...['add', 'rule', 'inet', 'lab', 'block', 'oifname', 'pub'],
          ...['ip', 'daddr', '!=', REFLECTOR_ADDRESS, 'drop'],
        ]);
      }
    },
    allowPunching: () => {
      for (const w of workers) inNamespace(w.natNs, 'nft', ['flush', 'chain', 'inet', 'lab', 'block']);
    },
    teardown: () => removeNamespaces([publicNs, ...workers.flatMap((w) => [w.natNs, w.ns])]),
  };
  try {
    for (let i = 0; i < count; i++) workers.push(addWorkerNamespaces(prefix, publicNs, i));
    return lab;
  } catch (error) {
    lab.teardown();
    throw error;
  }
}

/**
 * Deletes the labs of earlier runs whose test process is gone (killed before its afterAll could
 * run): their prefix carries the process id, so a lab of a run still going is never touched.
 */
export function removeStaleLabs(): void {
  removeStaleNamespaces('mqov');
}

/** The namespaces of this lab that still exist: what a test checks after teardown. */
export const leftovers = namespacesUnder;
