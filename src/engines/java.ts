/** Finding a Java for the JVM engines, and failing with the fix when it is the wrong one. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { withoutCredentials } from './credentials';

export class JavaMissing extends Error {
  override name = 'JavaMissing' as const;
}

export interface Java {
  home: string | undefined;
  bin: string;
  major: number;
}

/** The `java` of JAVA_HOME, else the one on PATH, with its major version. */
export function findJava(env: NodeJS.ProcessEnv = process.env): Java {
  const home = env.JAVA_HOME;
  const bin = home ? path.join(home, 'bin', 'java') : 'java';
  if (home && !existsSync(bin))
    throw new JavaMissing(`JAVA_HOME is ${home}, but ${bin} does not exist: fix JAVA_HOME`);
  // `java -version` prints to stderr.
  const run = spawnSync(bin, ['-version'], { encoding: 'utf8', env: withoutCredentials(env) });
  if (run.error)
    throw new JavaMissing(`cannot run ${bin} (${run.error.message}): install a JDK 17 or set JAVA_HOME`);
  return { home, bin, major: majorVersion(`${run.stderr}${run.stdout}`) };
}

export function majorVersion(banner: string): number {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  if (!match) return 0;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** Fail fast with the fix: "spark needs Java 17 to 21; found 25 at ... (set JAVA_HOME)". */
export function requireJava(
  engine: string,
  min: number,
  max: number,
  env: NodeJS.ProcessEnv = process.env,
): Java {
  const java = findJava(env);
  if (java.major < min || java.major > max) {
    throw new JavaMissing(
      `${engine} needs Java ${min}${max === min ? '' : ` to ${max}`}; found ${java.major || 'an unknown version'} at ${java.bin} (set JAVA_HOME to a matching JDK)`,
    );
  }
  return java;
}

/**
 * What keeps a JVM's own files in the worker's folder: its temporary files (native libraries it
 * unpacks, Hadoop's and Spark's scratch) in `tmp`, and no /tmp/hsperfdata_<user> file, which a
 * killed JVM leaves behind.
 */
export function jvmFolderOptions(tmp: string): string[] {
  return [`-Djava.io.tmpdir=${tmp}`, '-XX:-UsePerfData'];
}
