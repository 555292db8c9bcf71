/**
 * Who local workers run as. User SQL runs inside them (DuckDB in the worker itself, JVMs below it),
 * so when metaq runs as root they run as an unprivileged user (`METAQ_WORKER_USER`, default
 * `nobody`): a query that escaped its engine would find nothing of root's to read or write. Run by
 * any other user, workers are that user, as before.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../config';
import { WorkerLaunchFailed } from './errors';

export interface WorkerUser {
  name: string;
  uid: number;
  gid: number;
}

/** The user to switch to, or undefined when workers run as metaq's own user. */
export function workerUser(name = settings().workerUser): WorkerUser | undefined {
  if (process.getuid?.() !== 0 || name === 'root') return undefined;
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find(([user]) => user === name);
  if (!entry)
    throw new WorkerLaunchFailed(
      `METAQ_WORKER_USER=${name} is not a user of this machine (/etc/passwd): create it, or choose another (default nobody)`,
    );
  return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** The first of `target`'s folders (or `target` itself) that `user` cannot pass or read, if any. */
export function unreadableBy(user: WorkerUser, target: string): string | undefined {
  return (
    ancestors(target).find((folder) => !permits(user, folder, 0o1)) ??
    (permits(user, target, 0o4) ? undefined : target)
  );
}

/** Throws, naming the first path and the fix, when `user` cannot read one of `paths`. */
export function assertReadable(user: WorkerUser, paths: string[]): void {
  for (const target of paths) {
    const blocked = unreadableBy(user, target);
    if (blocked)
      throw new WorkerLaunchFailed(
        `workers run as ${user.name} (metaq runs as root), and ${user.name} cannot read ${blocked}, which workers need (${target}): ` +
          `keep metaq and its engines (METAQ_ENGINES_DIR) where other users can read them, or set METAQ_WORKER_USER to a user who can`,
      );
  }
}

function ancestors(target: string): string[] {
  const parents: string[] = [];
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir))
    parents.unshift(dir);
  return ['/', ...parents];
}

/** `needed` (4 read, 1 enter) by the owner's, group's or others' bits; supplementary groups are not counted. */
function permits(user: WorkerUser, item: string, needed: number): boolean {
  const stat = statSync(item, { throwIfNoEntry: false });
  if (!stat) return true; // not there yet: whoever needs it creates it
  const bits = stat.uid === user.uid ? stat.mode >> 6 : stat.gid === user.gid ? stat.mode >> 3 : stat.mode;
  return (bits & needed) === needed;
}
