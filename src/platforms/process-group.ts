/**
 * The processes of one local worker: its process group, which also holds the engine processes it
 * started (JVMs, ZooKeeper). A group outlives its leader when the worker crashes, so members are
 * found by group and confirmed by the session id every worker process inherits in its environment.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** For each group, its processes that carry the group's session id; one pass over /proc for all. */
export function sessionProcesses(groups: { pgid: number; session: string }[]): Map<number, number[]> {
  const found = new Map<number, number[]>(groups.map(({ pgid }) => [pgid, []]));
  const sessions = new Map(groups.map(({ pgid, session }) => [pgid, `METAQ_SESSION_ID=${session}`]));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const pgid = processGroupOf(pid);
    const marker = pgid === undefined ? undefined : sessions.get(pgid);
    if (pgid !== undefined && marker && environmentOf(pid).includes(marker)) found.get(pgid)?.push(pid);
  }
  return found;
}

function processGroupOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[2]) : undefined;
}

/** Alive, or a zombie that this process will reap (until then `pgrep` still counts it). */
/** Whether a process with this id exists at all (EPERM: it does, only another user's). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isRunning(pid: number): boolean {
  const fields = statFields(pid);
  if (!fields) return false;
  const [state, parent] = fields;
  return state !== 'Z' || Number(parent) === process.pid;
}

/** The fields of /proc/<pid>/stat after the command name: state, ppid, pgrp, ... */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function environmentOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * Ends the other processes of this worker's group as it exits: an engine start still in flight
 * when the worker gives up (the control plane gone) has started processes that no `stop` reaches.
 * Only when the worker leads its group (the local platform starts it detached).
 */
export function endOwnGroup(session: string): void {
  if (processGroupOf(process.pid) !== process.pid) return;
  const others = sessionProcesses([{ pgid: process.pid, session }]).get(process.pid) ?? [];
  for (const pid of others) {
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
