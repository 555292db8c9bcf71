/**
 * `metaq engines install flink`: the distribution's lib/ from the PyPI wheel
 * `apache-flink-libraries` (Apache publishes no tarball to a registry reachable here), and from
 * Maven Central the SQL Gateway, Parquet with its Hadoop classes, and the S3 file system plugin.
 * The daemons are started as plain JVMs (config.ts), so bin/ and conf/ (the `apache-flink` wheel)
 * are not needed. Built in a scratch folder and moved into place with its stamp last.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireJava } from '../jvm/java';
import { mavenArtifact } from '../jvm/maven';
import { stampFile, writeStamp } from '../jvm/stamp';
import { FlinkInstallFailed } from './errors';
import { FLINK_VERSION, flinkInstall, flinkInstalled, JAVA_MIN, LIB_ARTIFACTS, S3_PLUGIN } from './layout';

export function installFlink(enginesDir: string, log: (line: string) => void): void {
  const java = requireJava('flink', { min: JAVA_MIN });
  log(`Java ${java.major} at ${java.bin}`);
  const layout = flinkInstall(enginesDir);
  if (flinkInstalled(enginesDir)) {
    log(`Flink ${FLINK_VERSION} is already installed in ${layout.home}`);
    return;
  }
  rmSync(stampFile(layout.home), { force: true });
  const scratch = `${layout.home}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  log(`downloading apache-flink-libraries==${FLINK_VERSION} from PyPI (330 MB)`);
  unpackLib(path.join(scratch, 'lib'));
  const download = `${layout.home}.download`;
  for (const artifact of LIB_ARTIFACTS) {
    log(`downloading ${artifact} from Maven Central`);
    const jar = mavenArtifact(artifact, download, { javaHome: java.home });
    renameSync(jar, path.join(scratch, 'lib', path.basename(jar)));
  }
  log(`downloading ${S3_PLUGIN} from Maven Central`);
  const plugin = mavenArtifact(S3_PLUGIN, download, { javaHome: java.home });
  mkdirSync(path.join(scratch, 'plugins', 's3-fs-hadoop'), { recursive: true });
  renameSync(plugin, path.join(scratch, 'plugins', 's3-fs-hadoop', path.basename(plugin)));
  rmSync(download, { recursive: true, force: true });
  rmSync(layout.home, { recursive: true, force: true });
  renameSync(scratch, layout.home);
  writeStamp(layout.home, { flink: FLINK_VERSION });
  log(`installed Flink ${FLINK_VERSION} in ${layout.home}`);
}

/** The wheel's pyflink/lib/ (the distribution's jars) into `target`. */
function unpackLib(target: string): void {
  const wheels = mkdtempSync(path.join(os.tmpdir(), 'metaq-flink-'));
  try {
    run('python3', [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--disable-pip-version-check',
      '--no-deps',
      '--only-binary=:all:',
      '-d',
      wheels,
      `apache-flink-libraries==${FLINK_VERSION}`,
    ]);
    const wheel = readdirSync(wheels).find((file) => file.endsWith('.whl'));
    if (!wheel) throw new FlinkInstallFailed(`pip left no wheel of apache-flink-libraries in ${wheels}`);
    const unpacked = path.join(wheels, 'unpacked');
    run('python3', ['-m', 'zipfile', '-e', path.join(wheels, wheel), unpacked]);
    const lib = path.join(unpacked, 'pyflink', 'lib');
    if (!existsSync(path.join(lib, `flink-dist-${FLINK_VERSION}.jar`)))
      throw new FlinkInstallFailed(
        `the apache-flink-libraries wheel had no pyflink/lib/flink-dist-${FLINK_VERSION}.jar`,
      );
    cpSync(lib, target, { recursive: true });
  } finally {
    rmSync(wheels, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    throw new FlinkInstallFailed(
      `${command} ${args.slice(0, 3).join(' ')} failed (is PyPI reachable, and python3 with pip installed?): ${stderr.slice(-500)}`,
      { cause: error },
    );
  }
}
