/**
 * `metaq engines install drill`: Drill's distribution is not on Maven Central, its jars are; a pom
 * resolved by Maven gives the classpath. ZooKeeper's server comes the same way from its own pom.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireJava } from '../java';
import { DRILL_VERSION, drillInstall, drillInstalled, JAVA_MAX, JAVA_MIN, ZOOKEEPER_VERSION } from './layout';

export class MavenMissing extends Error {
  override name = 'MavenMissing' as const;
}

export function installDrill(enginesDir: string, log: (line: string) => void): void {
  const java = requireJava('drill', JAVA_MIN, JAVA_MAX);
  log(`Java ${java.major} at ${java.bin}`);
  if (drillInstalled(enginesDir)) {
    log(`Drill ${DRILL_VERSION} is already installed in ${path.join(enginesDir, 'drill')}`);
    return;
  }
  const layout = drillInstall(enginesDir);
  rmSync(layout.stamp, { force: true });
  log(`resolving Drill ${DRILL_VERSION} and its S3 support from Maven Central (about 170 MB)`);
  resolve(path.join(__dirname, 'pom.xml'), layout.jars, java.home);
  log(`resolving ZooKeeper ${ZOOKEEPER_VERSION} from Maven Central`);
  resolve(path.join(__dirname, 'zookeeper.pom.xml'), layout.zookeeperJars, java.home);
  writeFileSync(layout.stamp, JSON.stringify({ drill: DRILL_VERSION, zookeeper: ZOOKEEPER_VERSION }));
  log(`installed ${readdirSync(layout.jars).length} Drill jars in ${layout.jars}`);
}

/** Copies a pom's runtime classpath into `target`, replacing it only once Maven succeeded. */
function resolve(pom: string, target: string, javaHome: string | undefined): void {
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    execFileSync(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${partial}`,
        '-DincludeScope=runtime',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: javaHome ? { ...process.env, JAVA_HOME: javaHome } : process.env,
      },
    );
  } catch (error) {
    const failure = error as { code?: string; stdout?: Buffer; stderr?: Buffer };
    if (failure.code === 'ENOENT')
      throw new MavenMissing('drill is installed with Maven: install it (apt-get install maven) and retry');
    const output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new MavenMissing(`mvn could not resolve ${path.basename(pom)}:\n${output}`);
  }
  rmSync(target, { recursive: true, force: true });
  if (existsSync(partial)) renameSync(partial, target);
}
