/**
 * Choosing a Java for a JVM engine from those on the machine: JAVA_HOME first, then `java` on the
 * PATH, then every JDK under /usr/lib/jvm (Debian's and Temurin's place), the first whose version
 * is in the engine's range. Spark and Drill need 17 to 21 (Hadoop inside fails on 23+), Trino 24+:
 * one machine can hold both, and each engine finds its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { withoutCredentials } from '../credentials';

export class JavaMissing extends Error {
  override name = 'JavaMissing' as const;
}

export interface Java {
  home: string | undefined;
  bin: string;
  major: number;
}

export interface JavaRange {
  min: number;
  max?: number;
}

const JVM_FOLDER = '/usr/lib/jvm';

/** The `java` of JAVA_HOME, else the one on PATH, with its major version. */
export function findJava(env: NodeJS.ProcessEnv = process.env): Java {
  const home = env.JAVA_HOME;
  const bin = home ? path.join(home, 'bin', 'java') : 'java';
  if (home && !existsSync(bin))
    throw new JavaMissing(`JAVA_HOME is ${home}, but ${bin} does not exist: fix JAVA_HOME`);
  return { home, bin, major: versionOf(bin, env) };
}

export function majorVersion(banner: string): number {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  if (!match) return 0;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

function versionOf(bin: string, env: NodeJS.ProcessEnv): number {
  // `java -version` prints to stderr.
  const run = spawnSync(bin, ['-version'], { encoding: 'utf8', env: withoutCredentials(env) });
  if (run.error)
    throw new JavaMissing(`cannot run ${bin} (${run.error.message}): install a JDK or set JAVA_HOME`);
  return majorVersion(`${run.stderr}${run.stdout}`);
}

/** The JDKs under /usr/lib/jvm, newest folder names last (links to the same JDK are skipped). */
function installedJdks(folder = JVM_FOLDER): Java[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, 'bin', 'java')))
    .map((entry) => path.join(folder, entry.name))
    .sort()
    .flatMap((home) => {
      const bin = path.join(home, 'bin', 'java');
      try {
        return [{ home, bin, major: versionOf(bin, process.env) }];
      } catch {
        return [];
      }
    });
}

const inRange = (java: Java, { min, max }: JavaRange) =>
  java.major >= min && java.major <= (max ?? Number.POSITIVE_INFINITY);

const describeRange = ({ min, max }: JavaRange) =>
  max === undefined ? `${min} or newer` : max === min ? `${min}` : `${min} to ${max}`;

/**
 * The first Java in `range`: JAVA_HOME's (which, when set, is the only one tried), the PATH's,
 * then /usr/lib/jvm's. Fails fast with what was found and the fix.
 */
export function requireJava(engine: string, range: JavaRange, env: NodeJS.ProcessEnv = process.env): Java {
  const first = findJava(env);
  if (inRange(first, range)) return first;
  const others = env.JAVA_HOME ? [] : installedJdks();
  const chosen = others.find((java) => inRange(java, range));
  if (chosen) return chosen;
  const found = [first, ...others].map((java) => `${java.major || 'unknown'} at ${java.bin}`).join(', ');
  throw new JavaMissing(
    `${engine} needs Java ${describeRange(range)}; found ${found} (install one, or set JAVA_HOME to a matching JDK)`,
  );
}

/**
 * What keeps a JVM's own files in the worker's folder: its temporary files (native libraries it
 * unpacks, Hadoop's and Spark's scratch) in `tmp`, and no /tmp/hsperfdata_<user> file, which a
 * killed JVM leaves behind.
 */
export function jvmFolderOptions(tmp: string): string[] {
  return [`-Djava.io.tmpdir=${tmp}`, '-XX:-UsePerfData'];
}
