/**
 * `metaq engines install drill`: Drill's distribution is not on Maven Central, its jars are; a pom
 * resolved by Maven gives the classpath. ZooKeeper's server comes the same way from its own pom.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { requireJava } from '../jvm/java';
import { mavenClasspath } from '../jvm/maven';
import { stampFile, writeStamp } from '../jvm/stamp';
import {
  DRILL_VERSION,
  drillInstall,
  drillInstalled,
  drillVersions,
  JAVA_MAX,
  JAVA_MIN,
  ZOOKEEPER_VERSION,
} from './layout';

export function installDrill(enginesDir: string, log: (line: string) => void): void {
  const java = requireJava('drill', { min: JAVA_MIN, max: JAVA_MAX });
  log(`Java ${java.major} at ${java.bin}`);
  if (drillInstalled(enginesDir)) {
    log(`Drill ${DRILL_VERSION} is already installed in ${path.join(enginesDir, 'drill')}`);
    return;
  }
  const layout = drillInstall(enginesDir);
  rmSync(stampFile(layout.home), { force: true });
  log(`resolving Drill ${DRILL_VERSION} and its S3 support from Maven Central (about 170 MB)`);
  mavenClasspath(path.join(__dirname, 'pom.xml'), layout.jars, { javaHome: java.home });
  log(`resolving ZooKeeper ${ZOOKEEPER_VERSION} from Maven Central`);
  mavenClasspath(path.join(__dirname, 'zookeeper.pom.xml'), layout.zookeeperJars, { javaHome: java.home });
  writeStamp(layout.home, drillVersions);
  log(`installed ${readdirSync(layout.jars).length} Drill jars in ${layout.jars}`);
}
