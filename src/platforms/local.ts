/**
 * The local platform: each worker is a child process in a process group of its own, so that
 * terminating it also ends whatever engine processes it started (JVMs, ZooKeeper, ...). Run by
 * root, workers run as an unprivileged user (worker-user.ts) in folders of their own.
 */
import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../config';
import type { Plan } from '../plan/types';
import { expiresAt, markExited, putLaunched, setHandle } from '../session/store';
import { type IsolatedLaunch, isolatedLaunch, releaseIsolatedWorkers } from './isolated-session';
import { isRunning, sessionProcesses } from './process-group';
import type { Platform, SessionRef, WorkerRef } from './types';
import { workerBundle } from './worker-bundle';
import { releaseWorkerFolder, sessionFolder, workerFolder } from './worker-folder';
import { assertReadable, type WorkerUser, workerUser } from './worker-user';

const workerEntry = path.resolve(__dirname, '../../handlers/worker.ts');
const tsxLoader = require.resolve('tsx');
const logsOf = (sessionId: string) => path.join(settings().home, 'logs', sessionId);

async function launch(session: SessionRef, count: number, plan: Plan, first = 0): Promise<WorkerRef[]> {
  const logs = logsOf(session.sessionId);
  mkdirSync(logs, { recursive: true });
  const now = Date.now();
  const deadline = now + (plan.limits.timeoutSeconds + plan.limits.rendezvousSeconds + 120) * 1000;
  const refs: WorkerRef[] = [];
  const bundle = await workerBundle();
  const user = workerUser();
  const command = bundle ?? ['--import', tsxLoader, workerEntry];
  const files = command.filter((argument) => !argument.startsWith('-'));
  if (user) assertReadable(user, [...files, require.resolve('@duckdb/node-api'), settings().enginesDir]);
  const isolatedMode = settings().network === 'isolated';
  for (let index = first; index < first + count; index++) {
    await putLaunched(session.sessionId, index, now, expiresAt(plan, now));
    const log = openSync(path.join(logs, `worker-${index}.log`), 'a');
    const folder = prepareFolder(session.sessionId, index, user);
    const isolated = isolatedMode ? await isolatedLaunch(session.sessionId, index) : undefined;
    const [file, args] = workerCommand(command, user, isolated);
    const child = spawn(file, args, {
      detached: true,
      stdio: ['ignore', log, log],
      ...(user && !isolated && { uid: user.uid, gid: user.gid }),
      env: {
        ...process.env,
        ...isolated?.env,
        ...(user && { HOME: folder, USER: user.name, LOGNAME: user.name }),
        // Resolved here: the worker's user (and home) may not be the one whose engines these are.
        METAQ_ENGINES_DIR: settings().enginesDir,
        METAQ_SESSION_ID: session.sessionId,
        METAQ_WORKER_INDEX: String(index),
        METAQ_WORKER_DEADLINE: String(deadline),
      },
    });
    child.unref();
    // Seen from here, a crash is known at once, not only when the heartbeats stop.
    child.once('exit', (code, signal) => {
      markExited(session.sessionId, index, Date.now(), code ?? signal ?? 'unknown').catch(() => undefined);
    });
    const handle = { pid: child.pid ?? -1, session: session.sessionId };
    await setHandle(session.sessionId, index, handle);
    refs.push({ index, handle });
  }
  return refs;
}

async function terminate(workers: WorkerRef[]): Promise<void> {
  const groups = workers
    .map((worker) => ({ pgid: Number(worker.handle?.pid), session: String(worker.handle?.session ?? '') }))
    .filter(({ pgid, session }) => pgid > 0 && session);
  const members = sessionProcesses(groups);
  const alive = groups.map(({ pgid }) => ({ pgid, pids: members.get(pgid) ?? [] }));
  // A training run's JVMs write their class-data archives as they exit (src/engines/jvm/cds.ts):
  // its workers, told to stop, are given the time to stop their engines themselves.
  if (settings().jvmCds === 'train')
    await waitGone(
      alive.flatMap(({ pids }) => pids),
      90_000,
    );
  // A group with none of the session's processes left is not ours to signal: its id may be reused.
  for (const { pgid, pids } of alive) if (pids.length > 0) killGroup(pgid);
  await waitGone(
    alive.flatMap(({ pids }) => pids),
    5000,
  );
  try {
    for (const worker of workers) {
      const session = String(worker.handle?.session ?? '');
      if (session) releaseWorkerFolder(session, worker.index, logsOf(session));
    }
  } finally {
    // With their processes gone, their namespaces go too, whatever failed before.
    await releaseNetworks(workers);
  }
}

/**
 * Node with the worker's arguments: as is, or inside the worker's namespace, where `ip netns exec`
 * (root) then `setpriv` (to the worker's user) each exec the next, so the pid is the worker's own.
 */
function workerCommand(
  command: string[],
  user: WorkerUser | undefined,
  isolated: IsolatedLaunch | undefined,
): [string, string[]] {
  if (!isolated) return [process.execPath, command];
  const drop = user ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
  return ['ip', ['netns', 'exec', isolated.ns, ...drop, process.execPath, ...command]];
}

/** The isolated networks of these workers' sessions (none in direct mode): every session is tried. */
async function releaseNetworks(workers: WorkerRef[]): Promise<void> {
  const bySession = new Map<string, number[]>();
  for (const worker of workers) {
    const session = String(worker.handle?.session ?? '');
    if (session) bySession.set(session, [...(bySession.get(session) ?? []), worker.index]);
  }
  const released = await Promise.allSettled(
    [...bySession].map(([session, indexes]) => releaseIsolatedWorkers(session, indexes)),
  );
  const failed = released.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The worker's folder, its own (and no one else's) when it runs as another user. */
function prepareFolder(sessionId: string, index: number, user: WorkerUser | undefined): string {
  const folder = workerFolder(sessionId, index);
  // The parent (<tmp>/metaq) with the usual mode: every worker user must pass through it.
  mkdirSync(path.dirname(sessionFolder(sessionId)), { recursive: true });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (user) {
    chownSync(folder, user.uid, user.gid);
    // The session's folder: only its workers' own folders are in it.
    chownSync(sessionFolder(sessionId), user.uid, user.gid);
  }
  return folder;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (pids.some(isRunning) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

export const localPlatform: Platform = { launch, terminate };
