/**
 * Where an installed Spark lives under the engines folder. The layout is fixed, so that
 * `metaq engines install spark` and images/spark/Dockerfile produce the same tree:
 * `spark/venv` (pyspark, which carries the whole distribution) and `spark/jars` (the S3 connector).
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineNotInstalled } from '../errors';

export const SPARK_VERSION = '4.3.0';
/** The hadoop-aws matching the Hadoop client jars inside pyspark 4.3.0, and its AWS SDK v2. */
export const HADOOP_VERSION = '3.5.0';
export const AWS_SDK_VERSION = '2.35.4';
/** Spark 4 runs on Java 17 and 21. */
export const JAVA_MIN = 17;
export const JAVA_MAX = 21;

export interface SparkLayout {
  root: string;
  venv: string;
  python: string;
  /** The pyspark package folder: SPARK_HOME, with bin/spark-class and jars/. */
  sparkHome: string;
  /** Extra jars on every driver and executor classpath (hadoop-aws and the AWS SDK modules). */
  jars: string;
}

export function sparkLayout(enginesDir: string): SparkLayout {
  const root = path.join(enginesDir, 'spark');
  const venv = path.join(root, 'venv');
  const lib = path.join(venv, 'lib');
  // The venv's Python version decides the folder name (python3.11, python3.12, ...).
  const pythonDir = existsSync(lib) ? readdirSync(lib).find((name) => name.startsWith('python3')) : undefined;
  return {
    root,
    venv,
    python: path.join(venv, 'bin', 'python'),
    sparkHome: path.join(lib, pythonDir ?? 'python3', 'site-packages', 'pyspark'),
    jars: path.join(root, 'jars'),
  };
}

/** The pyspark version installed in the venv, if any. */
export function installedVersion(layout: SparkLayout): string | undefined {
  const file = path.join(layout.sparkHome, 'version.py');
  if (!existsSync(file)) return undefined;
  return /__version__[^=]*=\s*["']([^"']+)["']/.exec(readFileSync(file, 'utf8'))?.[1];
}

export function sparkInstalled(enginesDir: string): boolean {
  const layout = sparkLayout(enginesDir);
  return (
    installedVersion(layout) === SPARK_VERSION &&
    existsSync(path.join(layout.sparkHome, 'bin', 'spark-class')) &&
    existsSync(path.join(layout.jars, `hadoop-aws-${HADOOP_VERSION}.jar`))
  );
}

export function requireSpark(enginesDir: string): SparkLayout {
  if (!sparkInstalled(enginesDir))
    throw new EngineNotInstalled('spark', enginesDir, `Spark ${SPARK_VERSION}`);
  const layout = sparkLayout(enginesDir);
  // Checked as the worker's own user, who runs the driver's Python.
  try {
    accessSync(layout.python, constants.X_OK);
  } catch (error) {
    // The install makes the venv from a Python the workers' user can run.
    throw new EngineNotInstalled(
      'spark',
      enginesDir,
      `its Python ${layout.python} cannot be run by this worker's user`,
      { cause: error },
    );
  }
  return layout;
}
