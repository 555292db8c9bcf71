/**
 * The processes of one local worker: its process group, which also holds the engine processes it
 * started (JVMs, ZooKeeper). A group outlives its leader when the worker crashes, so members are
 * found by group and confirmed by the session id every worker process inherits in its environment.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function sessionProcesses(pgid: number, sessionId: string): number[] {
  const marker = `METAQ_SESSION_ID=${sessionId}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => processGroupOf(pid) === pgid && environmentOf(pid).includes(marker));
}

function processGroupOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[2]) : undefined;
}

/** Alive, or a zombie that this process will reap (until then `pgrep` still counts it). */
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
