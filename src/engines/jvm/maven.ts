/**
 * Installing from Maven Central with Maven: a pom's runtime classpath, or one artifact, copied
 * into a scratch folder and moved into place only once Maven succeeded, so that an interrupted
 * download never passes for an install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/** `mvn` is not on this machine. */
export class MavenMissing extends Error {
  override name = 'MavenMissing' as const;
}

/** `mvn` ran and could not resolve what it was asked for. */
export class MavenFailed extends Error {
  override name = 'MavenFailed' as const;
}

export interface MavenOptions {
  /** The JDK Maven runs on (the engine's), when not the default. */
  javaHome?: string;
  /** Group ids left out of a classpath (a jar the engine brings its own of). */
  excludeGroupIds?: string[];
}

/** Copies `pom`'s runtime classpath into `target`, replacing it only once Maven succeeded. */
export function mavenClasspath(pom: string, target: string, options: MavenOptions = {}): void {
  intoPlace(target, (partial) =>
    mvn(
      [
        '-f',
        pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${partial}`,
        '-DincludeScope=runtime',
        ...(options.excludeGroupIds ? [`-DexcludeGroupIds=${options.excludeGroupIds.join(',')}`] : []),
      ],
      path.basename(pom),
      options,
    ),
  );
}

/** Copies one artifact (`group:artifact:version:type`) into `folder`; returns its file. */
export function mavenArtifact(artifact: string, folder: string, options: MavenOptions = {}): string {
  const [, name, version, type] = artifact.split(':');
  intoPlace(folder, (partial) =>
    mvn(['dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${partial}`], artifact, options),
  );
  return path.join(folder, `${name}-${version}.${type}`);
}

function intoPlace(target: string, fill: (partial: string) => void): void {
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  fill(partial);
  rmSync(target, { recursive: true, force: true });
  if (existsSync(partial)) renameSync(partial, target);
}

function mvn(args: string[], what: string, { javaHome }: MavenOptions): void {
  try {
    execFileSync('mvn', ['-B', '-q', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: javaHome ? { ...process.env, JAVA_HOME: javaHome } : process.env,
    });
  } catch (error) {
    const failure = error as { code?: string; stdout?: Buffer; stderr?: Buffer };
    if (failure.code === 'ENOENT')
      throw new MavenMissing(
        'installing this engine needs Maven: install it (apt-get install maven) and retry',
        {
          cause: error,
        },
      );
    const output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new MavenFailed(`mvn could not resolve ${what} (is Maven Central reachable?):\n${output}`, {
      cause: error,
    });
  }
}
