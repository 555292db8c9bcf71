/** Where `metaq engines install drill` puts Drill and ZooKeeper, and how a worker finds them. */
import path from 'node:path';
import { stampMatches } from '../jvm/stamp';

export const DRILL_VERSION = '1.22.0';
export const ZOOKEEPER_VERSION = '3.9.5';
/** Drill 1.22 is built for Java 11+; Hadoop 3.3.6 inside it fails on Java 23+ (Subject.getSubject). */
export const JAVA_MIN = 17;
export const JAVA_MAX = 21;

export const drillVersions = { drill: DRILL_VERSION, zookeeper: ZOOKEEPER_VERSION };

export interface DrillInstall {
  /** The install's folder, where its stamp is written last (jvm/stamp.ts). */
  home: string;
  /** Drill's classpath: every jar Maven resolved from src/engines/drill/pom.xml. */
  jars: string;
  zookeeperJars: string;
}

export function drillInstall(enginesDir: string): DrillInstall {
  const home = path.join(enginesDir, 'drill');
  return { home, jars: path.join(home, 'jars'), zookeeperJars: path.join(home, 'zookeeper') };
}

export function drillInstalled(enginesDir: string): boolean {
  return stampMatches(drillInstall(enginesDir).home, drillVersions);
}
