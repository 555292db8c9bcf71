/**
 * Which executions this home's metaq process is running: a file each under `$METAQ_HOME/running/`,
 * made when one starts and removed once it has ended and been torn down. The home is locked to one
 * process, so at the next start the files left are exactly the executions of a process that died:
 * found without reading the history (src/local/sweep.ts).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../config';

const folder = () => path.join(settings().home, 'running');

export function markRunning(queryId: string): void {
  mkdirSync(folder(), { recursive: true });
  writeFileSync(path.join(folder(), queryId), `${process.pid}\n`);
}

export function markEnded(queryId: string): void {
  rmSync(path.join(folder(), queryId), { force: true });
}

export function runningMarks(): string[] {
  try {
    return readdirSync(folder());
  } catch {
    return []; // no execution ever ran in this home
  }
}
