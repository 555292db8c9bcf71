/**
 * The processes an engine starts on a worker (JVMs, ZooKeeper, a driver). They stay in the worker's
 * process group (never detached), so that the platform's teardown ends them with the worker even
 * when the worker itself has crashed; `stop` ends them when the worker stops on its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { withoutCredentials } from './credentials';
import { markStartup } from './startup-marks';

export interface EngineProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string>;
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** The worker's environment by default; either way without its credentials (credentials.ts), in UTC. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** File that receives the process's stdout and stderr. */
  log: string;
  /**
   * Opens the process's stdin for requests and its fd 3 for answers (embedded engines' hosts,
   * src/engines/embedded/host.ts): stdout stays the log's, whatever the engine prints there.
   */
  pipes?: boolean;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: StartOptions,
): EngineProcess {
  const log = openSync(options.log, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    // In UTC: a TIMESTAMP is a wall-clock time, and an engine that keeps one as an instant
    // (ClickHouse's DateTime, a JVM's default zone) would move it by the host's zone.
    env: { ...withoutCredentials(options.env ?? process.env), TZ: 'UTC' },
    stdio: options.pipes ? ['pipe', log, log, 'pipe'] : ['ignore', log, log],
  });
  // The name without the log file JvmMember adds to it: the timeline names processes, not files.
  markStartup(`spawned ${name.replace(/ \(log: .*\)$/, '')}`);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  return {
    name,
    child,
    exited,
    stop: async (graceMs = 2000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export class EngineNotReady extends Error {
  override name = 'EngineNotReady' as const;
}

/**
 * Polls `check` until it answers, failing early when a process it depends on has exited, and
 * naming the process and its log in the error.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  watched: EngineProcess[],
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const dead = watched.find(
      (process) => process.child.exitCode !== null || process.child.signalCode !== null,
    );
    if (dead)
      throw new EngineNotReady(
        `${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}) before ${what}`,
      );
    const answer = await bounded(check(), Math.max(until - Date.now(), 0) + intervalMs);
    if (answer !== undefined) {
      markStartup(what);
      return answer;
    }
    if (Date.now() > until) throw new EngineNotReady(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * A check's answer, or undefined when it fails or has not answered within `ms`: a check that never
 * settles must not hold a start past its timeout (a Spark start once waited 13 minutes on one).
 */
async function bounded<T>(check: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([check.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET a JSON document from an engine's HTTP endpoint (readiness pages, REST APIs). */
export async function getJson<T>(url: string, timeoutMs = 2000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
