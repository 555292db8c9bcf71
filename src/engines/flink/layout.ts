/** Where `metaq engines install flink` puts Flink, and how a worker finds it. */
import path from 'node:path';
import { stampMatches } from '../jvm/stamp';

export const FLINK_VERSION = '2.3.0';
/** Flink 2.3 runs on Java 17 and 21; 17 is the one tried here. */
export const JAVA_MIN = 17;
/** hadoop-client 3.3.4: the Hadoop that flink-s3-fs-hadoop bundles, which flink-sql-parquet needs beside it. */
export const HADOOP_VERSION = '3.3.4';

/**
 * What Maven Central adds to the PyPI distribution's lib/: the SQL Gateway (the wheel lacks it),
 * Parquet, and the Hadoop classes Parquet loads (ClassNotFoundException
 * org.apache.hadoop.conf.Configuration without them; org.apache.commons.logging.LogFactory too).
 */
export const LIB_ARTIFACTS = [
  `org.apache.flink:flink-sql-gateway:${FLINK_VERSION}:jar`,
  `org.apache.flink:flink-sql-parquet:${FLINK_VERSION}:jar`,
  `org.apache.hadoop:hadoop-client-api:${HADOOP_VERSION}:jar`,
  `org.apache.hadoop:hadoop-client-runtime:${HADOOP_VERSION}:jar`,
  'commons-logging:commons-logging:1.2:jar',
];
/** Flink reads s3:// through this plugin, in a folder of its own under plugins/. */
export const S3_PLUGIN = `org.apache.flink:flink-s3-fs-hadoop:${FLINK_VERSION}:jar`;

export interface FlinkInstall {
  /** The install's folder, where its stamp is written last (jvm/stamp.ts). */
  home: string;
  /** The daemons' classpath. */
  lib: string;
  plugins: string;
}

export function flinkInstall(enginesDir: string): FlinkInstall {
  const home = path.join(enginesDir, 'flink');
  return { home, lib: path.join(home, 'lib'), plugins: path.join(home, 'plugins') };
}

export function flinkInstalled(enginesDir: string): boolean {
  return stampMatches(flinkInstall(enginesDir).home, { flink: FLINK_VERSION });
}
