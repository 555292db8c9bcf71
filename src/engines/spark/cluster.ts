/**
 * A member's Spark cluster processes: its configuration written, and when the master counts a
 * worker as ALIVE (its /json/ page), each wait bounded by the member's start timeout.
 */
import type { Member } from '../../session/types';
import type { JvmMember } from '../jvm/member';
import { getJson } from '../processes';
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
  /** Options for every JVM of the member, its executors' included (config.ts executorJavaOpts). */
  javaOpts: string;
}

/**
 * Every folder of the member, and its configuration (core-site.xml readable by the owner only):
 * the daemons' (and so their executors') with `java-opts`, the driver's without.
 */
export function writeConfiguration(jvm: JvmMember, workDir: string, files: SparkFiles): void {
  const folders = memberFolders(workDir);
  for (const folder of Object.values(folders)) jvm.folder(folder);
  const common = {
    'spark-defaults.conf': files.defaults,
    'log4j2.properties': files.log4j2,
    'core-site.xml': files.coreSite,
  };
  jvm.writeFiles(folders.conf, { ...common, 'java-opts': files.javaOpts }, ['core-site.xml']);
  jvm.writeFiles(folders.driverConf, common, ['core-site.xml']);
}

const masterState = (head: Member) =>
  getJson<MasterState>(`http://${head.address}:${sparkPorts(head).masterUi}/json/`);

/** Resolves once the master answers: a driver that finds no master gives up for 20 s. */
export async function waitForMaster(jvm: JvmMember, head: Member): Promise<void> {
  await jvm.waitFor('the Spark master was ALIVE', async () =>
    (await masterState(head)).status === 'ALIVE' ? true : undefined,
  );
}

/** Resolves once the master has every given member's worker registered and ALIVE. */
export async function waitForWorkers(jvm: JvmMember, head: Member, members: Member[]): Promise<void> {
  const wanted = members.map((member) => `${member.address}:${sparkPorts(member).worker}`);
  await jvm.waitFor(
    `the Spark master reported ${wanted.length} worker(s) ALIVE (${wanted.join(', ')})`,
    async () => {
      const state = await masterState(head);
      if (state.status !== 'ALIVE') return undefined;
      const alive = new Set(
        state.workers.filter((worker) => worker.state === 'ALIVE').map((w) => `${w.host}:${w.port}`),
      );
      return wanted.every((worker) => alive.has(worker)) ? true : undefined;
    },
  );
}
