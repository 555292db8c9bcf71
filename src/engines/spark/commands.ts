/**
 * The command lines and environment of Spark's own processes (master, worker, driver), built
 * without starting anything, so that tests can assert on them. spark-class execs the real JVM, so
 * the process started is the daemon itself; it stays in the worker's process group.
 */
import path from 'node:path';
import type { Member } from '../../session/types';
import type { Java } from '../jvm/java';
import { masterUrl, type SparkSizing, sparkJvmOptions, sparkPorts } from './config';
import type { SparkLayout } from './layout';

export interface Command {
  command: string;
  args: string[];
}

/** A member's own folders: configuration, scratch (shuffle, spills) and the worker's app folders. */
export function memberFolders(workDir: string) {
  return {
    conf: path.join(workDir, 'spark-conf'),
    // The driver's: the same files but `java-opts`, whose executor port the driver would otherwise
    // hand to every executor (its startup settings reach them as -D options after their own).
    driverConf: path.join(workDir, 'spark-driver-conf'),
    local: path.join(workDir, 'spark-local'),
    work: path.join(workDir, 'spark-work'),
    driver: path.join(workDir, 'spark-driver'),
    tmp: path.join(workDir, 'tmp'),
    // The worker's logs folder, which outlives the query (types.ts).
    logs: path.join(workDir, 'logs'),
  };
}

export interface EnvironmentInput {
  layout: SparkLayout;
  member: Member;
  sizing: SparkSizing;
  java: Java;
  workDir: string;
  local: boolean;
  /** The class-data options of the daemon this environment starts (master or worker). */
  daemonCds?: string[];
}

/**
 * What every Spark process of this member runs with, on top of the worker's own environment (which
 * carries METAQ_SESSION_ID, so that teardown and tests find every process of the query). Its
 * credentials are left out (startProcess drops them): S3A finds them in core-site.xml (config.ts).
 */
export function sparkEnvironment(input: EnvironmentInput, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { layout, member, sizing, java } = input;
  const folders = memberFolders(input.workDir);
  return {
    ...base,
    SPARK_HOME: layout.sparkHome,
    SPARK_CONF_DIR: folders.conf,
    SPARK_LOCAL_IP: member.address,
    SPARK_LOCAL_DIRS: folders.local,
    PYSPARK_PYTHON: layout.python,
    PYSPARK_DRIVER_PYTHON: layout.python,
    SPARK_DAEMON_MEMORY: `${sizing.daemonMemoryMb}m`,
    SPARK_DAEMON_JAVA_OPTS: sparkJvmOptions(input.local, folders.tmp, input.daemonCds),
    // The daemons' jars before the configuration folder, as jarsFirst does for the driver.
    SPARK_DAEMON_CLASSPATH: `${path.join(layout.sparkHome, 'jars')}/*`,
    // The driver's Python keeps its temporary files here too.
    TMPDIR: folders.tmp,
    ...(java.home && { JAVA_HOME: java.home }),
  };
}

const sparkClass = (layout: SparkLayout) => path.join(layout.sparkHome, 'bin', 'spark-class');

export function masterCommand(layout: SparkLayout, head: Member): Command {
  const ports = sparkPorts(head);
  return {
    command: sparkClass(layout),
    args: [
      'org.apache.spark.deploy.master.Master',
      '--host',
      head.address,
      '--port',
      String(ports.master),
      '--webui-port',
      String(ports.masterUi),
    ],
  };
}

export function workerCommand(
  layout: SparkLayout,
  member: Member,
  head: Member,
  sizing: SparkSizing,
  workDir: string,
): Command {
  const ports = sparkPorts(member);
  return {
    command: sparkClass(layout),
    args: [
      'org.apache.spark.deploy.worker.Worker',
      masterUrl(head),
      '--host',
      member.address,
      '--port',
      String(ports.worker),
      '--webui-port',
      String(ports.workerUi),
      '--cores',
      String(sizing.cores),
      '--memory',
      `${sizing.executorMemoryMb}m`,
      '--work-dir',
      memberFolders(workDir).work,
    ],
  };
}

/** Client mode: the driver runs here, on the head; everything else comes from spark-defaults.conf. */
export function driverCommand(
  layout: SparkLayout,
  script: string,
  folder: string,
  executors: number,
): Command {
  return {
    command: path.join(layout.sparkHome, 'bin', 'spark-submit'),
    args: ['--deploy-mode', 'client', script, folder, String(executors)],
  };
}
