/**
 * The live processes of a query on this machine, found from outside metaq as anyone would: every
 * process a local worker starts (the worker, its engine's JVMs, ZooKeeper, a driver) inherits
 * METAQ_SESSION_ID from it, and one that was given another environment still names the query's
 * folder (<tmp>/metaq/<queryId>/) on its command line. The tests and the chaos campaign
 * (bench/chaos/) count with these what a query left behind.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The environment of a process, empty when it is gone or cannot be read. */
export function environmentOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** The fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, …); undefined once gone. */
export function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Every live process of a query, whatever it is called (worker, JVM, ZooKeeper, driver); zombies are not. */
export function queryProcesses(queryId: string): number[] {
  const marker = `METAQ_SESSION_ID=${queryId}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const state = statOf(pid)?.[0];
      if (state === undefined || state === 'Z') return false;
      return environmentOf(pid).includes(marker) || commandLineOf(pid).includes(queryId);
    });
}

/** The name `ps` shows (`metaq-worker`, `java`, …); `?` once gone. */
export function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** What `ps` would say of a process: its name and command line (cut), for a report of what was left. */
export function describeProcess(pid: number): string {
  return `${pid} ${processName(pid)}: ${commandLineOf(pid).slice(0, 160)}`;
}

/** The pids of live `metaq-worker` processes, counted as anyone would (`pgrep -x metaq-worker`). */
export function metaqWorkers(matches: (environment: string[]) => boolean): number[] {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-x', 'metaq-worker'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return pids.filter((pid) => {
    const environment = environmentOf(pid);
    return environment.length > 0 && matches(environment);
  });
}

/** The live workers launched for one METAQ_HOME. */
export function workersOf(home: string): number[] {
  return metaqWorkers((environment) => environment.includes(`METAQ_HOME=${home}`));
}

/**
 * The worker process of a query with that launch index: the local platform starts each worker as
 * the leader of its own process group; the engine processes in the group inherit its index too.
 */
export function workerProcess(queryId: string, index: number): number | undefined {
  const marker = `METAQ_WORKER_INDEX=${index}`;
  return queryProcesses(queryId).find(
    (pid) => Number(statOf(pid)?.[2]) === pid && environmentOf(pid).includes(marker),
  );
}

/**
 * The worker's own node, or the esbuild service tsx starts under a local worker to compile a source
 * file its cache does not hold yet (the images' workers are bundled, without it): part of the
 * worker, with its environment, and nothing an engine or user SQL starts.
 */
export const isWorkerPart = (exe: string) =>
  exe === process.execPath || /\/node_modules\/(.*\/)?@esbuild\/[^/]+\/bin\/esbuild$/.test(exe);

/** The processes of a query that are neither a worker nor part of one: its engine's. */
export function engineProcesses(queryId: string): number[] {
  return queryProcesses(queryId).filter((pid) => {
    try {
      return !isWorkerPart(readlinkSync(`/proc/${pid}/exe`));
    } catch {
      return false; // gone meanwhile
    }
  });
}
