/**
 * The running processes of one member: it writes Spark's configuration, starts the master (head
 * only) and a worker, and knows when the master counts a worker as ALIVE (its /json/ page).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Member } from '../../session/types';
import { type EngineProcess, getJson, startProcess, waitUntil } from '../processes';
import type { Command } from './commands';
import { memberFolders } from './commands';
import { sparkPorts } from './config';

interface MasterState {
  status: string;
  workers: { host: string; port: number; state: string }[];
}

export interface SparkFiles {
  defaults: string;
  log4j2: string;
  /** Hadoop's core-site.xml: S3A's credentials and Hadoop's scratch folder. */
  coreSite: string;
}

export function writeConfiguration(workDir: string, files: SparkFiles): void {
  const folders = memberFolders(workDir);
  for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(folders.conf, 'spark-defaults.conf'), files.defaults);
  writeFileSync(path.join(folders.conf, 'log4j2.properties'), files.log4j2);
  if (files.coreSite)
    writeFileSync(path.join(folders.conf, 'core-site.xml'), files.coreSite, { mode: 0o600 });
}

/** Starts one Spark process, its output in a log file named after it; the name says where the log is. */
export function startSparkProcess(
  what: string,
  { command, args }: Command,
  workDir: string,
  env: NodeJS.ProcessEnv,
): EngineProcess {
  const file = `spark-${what.replaceAll(' ', '-')}.log`;
  return startProcess(`spark ${what} (log: ${file})`, command, args, {
    env,
    cwd: workDir,
    log: path.join(memberFolders(workDir).logs, file),
  });
}

const masterState = (head: Member) =>
  getJson<MasterState>(`http://${head.address}:${sparkPorts(head).masterUi}/json/`);

/** Resolves once the master answers: a driver that finds no master gives up for 20 s. */
export async function waitForMaster(
  head: Member,
  watched: EngineProcess[],
  timeoutMs: number,
): Promise<void> {
  await waitUntil(
    'the Spark master was ALIVE',
    async () => ((await masterState(head)).status === 'ALIVE' ? true : undefined),
    watched,
    timeoutMs,
  );
}

/** Resolves once the master has every given member's worker registered and ALIVE. */
export async function waitForWorkers(
  head: Member,
  members: Member[],
  watched: EngineProcess[],
  timeoutMs: number,
): Promise<void> {
  const wanted = members.map((member) => `${member.address}:${sparkPorts(member).worker}`);
  await waitUntil(
    `the Spark master reported ${wanted.length} worker(s) ALIVE (${wanted.join(', ')})`,
    async () => {
      const state = await masterState(head);
      if (state.status !== 'ALIVE') return undefined;
      const alive = new Set(
        state.workers.filter((worker) => worker.state === 'ALIVE').map((w) => `${w.host}:${w.port}`),
      );
      return wanted.every((worker) => alive.has(worker)) ? true : undefined;
    },
    watched,
    timeoutMs,
  );
}
