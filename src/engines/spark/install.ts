/**
 * `metaq engines install spark`: a venv with pyspark (the whole Spark distribution comes with it)
 * and the smallest S3 connector jar set that reads and writes through s3a, resolved by Maven from
 * Maven Central. Each step is skipped when its result is already there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureVenv } from '../venv';
import { SparkInstallFailed } from './errors';
import {
  AWS_SDK_VERSION,
  HADOOP_VERSION,
  installedVersion,
  SPARK_VERSION,
  sparkInstalled,
  sparkLayout,
} from './layout';
import { s3aPom } from './pom';

export { sparkInstalled };

export function installSpark(enginesDir: string, log: (line: string) => void): void {
  const layout = sparkLayout(enginesDir);
  mkdirSync(layout.root, { recursive: true });
  ensureVenv(layout.venv, log, run);
  if (installedVersion(sparkLayout(enginesDir)) !== SPARK_VERSION) {
    log(`installing pyspark==${SPARK_VERSION} from PyPI (about 450 MB)`);
    run(
      layout.python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `pyspark==${SPARK_VERSION}`],
      'check that PyPI is reachable',
    );
  }
  if (!existsSync(path.join(layout.jars, `hadoop-aws-${HADOOP_VERSION}.jar`))) {
    log(`resolving hadoop-aws ${HADOOP_VERSION} and AWS SDK ${AWS_SDK_VERSION} modules from Maven Central`);
    installJars(layout.root, layout.jars);
  }
  if (!sparkInstalled(enginesDir))
    throw new SparkInstallFailed(`Spark is still incomplete in ${layout.root}`);
  log(`installed Spark ${SPARK_VERSION} in ${layout.root}`);
}

/** Into a scratch folder first, so that an interrupted download never passes for an install. */
function installJars(root: string, jars: string): void {
  const pom = path.join(root, 's3a-pom.xml');
  const scratch = path.join(root, 'jars.partial');
  writeFileSync(pom, s3aPom());
  rmSync(scratch, { recursive: true, force: true });
  run(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${scratch}`,
      '-DincludeScope=runtime',
      // Spark ships slf4j 2; the 1.7 API that hadoop-aws pulls in would shadow it.
      '-DexcludeGroupIds=org.slf4j',
    ],
    'install Maven (apt-get install maven) and check that Maven Central is reachable',
  );
  if (!readdirSync(scratch).some((file) => file.startsWith('hadoop-aws-')))
    throw new SparkInstallFailed(`Maven left no hadoop-aws jar in ${scratch}`);
  rmSync(jars, { recursive: true, force: true });
  renameSync(scratch, jars);
}

function run(command: string, args: string[], fix: string): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new SparkInstallFailed(
      `${path.basename(command)} ${args.slice(0, 3).join(' ')} failed: ${stderr.slice(-1500)} (${fix})`,
      { cause: error },
    );
  }
}
