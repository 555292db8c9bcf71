/** Where `metaq engines install drill` puts Drill and ZooKeeper, and how a worker finds them. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DRILL_VERSION = '1.22.0';
export const ZOOKEEPER_VERSION = '3.9.5';
/** Drill 1.22 is built for Java 11+; Hadoop 3.3.6 inside it fails on Java 23+ (Subject.getSubject). */
export const JAVA_MIN = 17;
export const JAVA_MAX = 21;

export interface DrillInstall {
  /** Drill's classpath: every jar Maven resolved from src/engines/drill/pom.xml. */
  jars: string;
  zookeeperJars: string;
  /** Written last by the install: its presence means the folders above are complete. */
  stamp: string;
}

export function drillInstall(enginesDir: string): DrillInstall {
  const home = path.join(enginesDir, 'drill');
  return {
    jars: path.join(home, 'jars'),
    zookeeperJars: path.join(home, 'zookeeper'),
    stamp: path.join(home, 'installed.json'),
  };
}

export function drillInstalled(enginesDir: string): boolean {
  const { stamp } = drillInstall(enginesDir);
  if (!existsSync(stamp)) return false;
  const installed = JSON.parse(readFileSync(stamp, 'utf8')) as { drill?: string; zookeeper?: string };
  return installed.drill === DRILL_VERSION && installed.zookeeper === ZOOKEEPER_VERSION;
}
