/**
 * The local platform: each worker is a child process in a process group of its own, so that
 * terminating it also ends whatever engine processes it started (JVMs, ZooKeeper, ...).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../config';
import type { Plan } from '../plan/types';
import { expiresAt, putLaunched, setHandle } from '../session/store';
import type { Platform, SessionRef, WorkerRef } from './types';

export const WORKER_TITLE = 'metaq-worker';
const workerEntry = path.resolve(__dirname, '../../handlers/worker.ts');
const tsxLoader = require.resolve('tsx');

async function launch(session: SessionRef, count: number, plan: Plan, first = 0): Promise<WorkerRef[]> {
  const logs = path.join(settings().home, 'logs', session.sessionId);
  mkdirSync(logs, { recursive: true });
  const now = Date.now();
  const deadline = now + (plan.limits.timeoutSeconds + plan.limits.rendezvousSeconds + 120) * 1000;
  const refs: WorkerRef[] = [];
  for (let index = first; index < first + count; index++) {
    await putLaunched(session.sessionId, index, now, expiresAt(plan, now));
    const log = openSync(path.join(logs, `worker-${index}.log`), 'a');
    const child = spawn(process.execPath, ['--import', tsxLoader, workerEntry], {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        METAQ_SESSION_ID: session.sessionId,
        METAQ_WORKER_INDEX: String(index),
        METAQ_WORKER_DEADLINE: String(deadline),
      },
    });
    child.unref();
    const handle = { pid: child.pid ?? -1 };
    await setHandle(session.sessionId, index, handle);
    refs.push({ index, handle });
  }
  return refs;
}

async function terminate(workers: WorkerRef[]): Promise<void> {
  const pids = workers.map((worker) => Number(worker.handle?.pid)).filter((pid) => pid > 0 && isWorker(pid));
  for (const pid of pids) killGroup(pid);
  await waitGone(pids, 5000);
}

/**
 * Only a process that is still one of our workers is killed: a pid may have been reused since.
 * A worker that has not yet set its title is known by its command line.
 */
function isWorker(pid: number): boolean {
  try {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === WORKER_TITLE) return true;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(workerEntry);
  } catch {
    return false;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (pids.some(isRunning) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Alive, or a zombie that this process will reap (until then `pgrep` still counts it). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state !== 'Z' || Number(parent) === process.pid;
  } catch {
    return false;
  }
}

export const localPlatform: Platform = { launch, terminate };
