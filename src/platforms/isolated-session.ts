/**
 * One session's isolated network, kept by the orchestrating process (the local platform runs in
 * it): made at the session's first launch, a worker's namespaces added per launched worker and
 * removed when it is terminated, and the whole network (public namespace, reflector, gateway)
 * removed with the session's last worker. Namespace names carry this process's id, so a later
 * start removes those of an orchestrator that died (removeStaleNamespaces).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { settings } from '../config';
import { type ControlGateway, openControlGateway } from './control-gateway';
import { NetworkSetupFailed, NetworkTeardownFailed } from './isolated-errors';
import {
  addPublicNamespace,
  addWorkerNamespaces,
  type IsolatedWorker,
  namespacesUnder,
  PUBLIC_ADDRESS,
  removeNamespaces,
  removeStaleNamespaces,
  requireIsolationTools,
} from './isolated-network';
import type { PublicConfig } from './isolated-public';

/** Names of the platform's namespaces start with it, then this process's id. */
export const NAMESPACE_TAG = 'mqiso';
/** The reflector's port on the public bridge (STUN's, for recognition; the namespace is the session's). */
export const REFLECTOR_PORT = 3478;

interface SessionNetwork {
  prefix: string;
  publicNs: string;
  public: ChildProcess;
  gateway: ControlGateway;
  workers: Map<number, IsolatedWorker>;
}

const networks = new Map<string, Promise<SessionNetwork>>();
let made = 0;
const publicEntry = path.resolve(__dirname, 'isolated-public.ts');
const tsxLoader = require.resolve('tsx');

/** Where a worker of an isolated session runs: its namespace, and the variables that reach the control plane. */
export interface IsolatedLaunch {
  ns: string;
  env: Record<string, string>;
}

/** Adds worker `index`'s namespaces to the session's network (made on the first call). */
export async function isolatedLaunch(sessionId: string, index: number): Promise<IsolatedLaunch> {
  const network = await sessionNetwork(sessionId);
  try {
    const worker = addWorkerNamespaces(network.prefix, network.publicNs, index, settings().isolatedNat);
    network.workers.set(index, worker);
    return {
      ns: worker.ns,
      env: {
        ...network.gateway.env,
        METAQ_NETWORK: 'isolated',
        METAQ_REFLECTOR: `${PUBLIC_ADDRESS}:${REFLECTOR_PORT}`,
      },
    };
  } catch (error) {
    // No worker of the session holds the network yet: nothing would ever release it.
    if (network.workers.size === 0) await releaseIsolatedWorkers(sessionId, []);
    throw error;
  }
}

/**
 * Deletes the namespaces of these workers (after the platform has ended their processes), and the
 * whole network once no worker of the session is left in it. Every step is tried, whatever fails;
 * then NetworkTeardownFailed names what is still there.
 */
export async function releaseIsolatedWorkers(sessionId: string, indexes: number[]): Promise<void> {
  const pending = networks.get(sessionId);
  if (!pending) return;
  const network = await pending;
  const names = indexes.flatMap((index) => {
    const worker = network.workers.get(index);
    network.workers.delete(index);
    return worker ? [worker.ns, worker.natNs] : [];
  });
  let left = removeNamespaces(names);
  if (network.workers.size === 0) {
    networks.delete(sessionId);
    await stopProcess(network.public);
    await network.gateway.close().catch(() => undefined);
    removeNamespaces([network.publicNs]);
    left = namespacesUnder(network.prefix);
  }
  if (left.length > 0) {
    throw new NetworkTeardownFailed(
      `session ${sessionId}: namespaces ${left.join(', ')} could not be deleted: delete them with \`ip netns del <name>\``,
    );
  }
}

function sessionNetwork(sessionId: string): Promise<SessionNetwork> {
  let network = networks.get(sessionId);
  if (!network) {
    network = makeNetwork(sessionId);
    networks.set(sessionId, network);
    network.catch(() => networks.delete(sessionId));
  }
  return network;
}

async function makeNetwork(sessionId: string): Promise<SessionNetwork> {
  requireIsolationTools();
  if (made === 0) removeStaleNamespaces(NAMESPACE_TAG);
  const prefix = `${NAMESPACE_TAG}${process.pid}-${++made}`;
  const publicNs = addPublicNamespace(prefix);
  let gateway: ControlGateway | undefined;
  try {
    gateway = await openControlGateway(path.join(os.tmpdir(), `${prefix}-gw`));
    const config: PublicConfig = {
      host: PUBLIC_ADDRESS,
      reflectorPort: REFLECTOR_PORT,
      routes: gateway.routes,
    };
    const child = await startPublic(publicNs, sessionId, config);
    return { prefix, publicNs, public: child, gateway, workers: new Map() };
  } catch (error) {
    await gateway?.close();
    removeNamespaces([publicNs]);
    throw error;
  }
}

/** The reflector and gateway in the public namespace, once they listen. */
async function startPublic(ns: string, sessionId: string, config: PublicConfig) {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, '--import', tsxLoader, publicEntry, JSON.stringify(config)],
    // The session id lets the tests' and teardown's process counts see it like the query's workers;
    // a group of its own ends with it whatever tsx started under it (its esbuild service).
    { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, METAQ_SESSION_ID: sessionId } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = `${stderr}${chunk}`.slice(-4000);
  });
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`it exited (${code}): ${stderr.trim()}`)));
    setTimeout(() => reject(new Error(`it did not listen within 30 s: ${stderr.trim()}`)), 30_000).unref();
  });
  try {
    await ready;
    return child;
  } catch (error) {
    await stopProcess(child);
    throw new NetworkSetupFailed(
      `the reflector of session ${sessionId} in namespace ${ns} did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // its group is gone already
  }
  await exited;
}
