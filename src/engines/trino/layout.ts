/** Where `metaq engines install trino` puts Trino, and how a worker finds it. */
import path from 'node:path';
import { stampMatches } from '../jvm/stamp';

/** The newest trino-server Maven Central served here (477+ were refused). */
export const TRINO_VERSION = '476';
/** Trino 476 runs on Java 24 and newer. */
export const JAVA_MIN = 24;
/** The plugins metaq uses: the full server is 821 MB, lib + hive about 390 MB. */
export const TRINO_PLUGINS = ['hive'];

export interface TrinoInstall {
  /** The install's folder, where its stamp is written last (jvm/stamp.ts). */
  home: string;
  /** The server's classpath. */
  lib: string;
  plugins: string;
}

export function trinoInstall(enginesDir: string): TrinoInstall {
  const home = path.join(enginesDir, 'trino');
  return { home, lib: path.join(home, 'lib'), plugins: path.join(home, 'plugin') };
}

export function trinoInstalled(enginesDir: string): boolean {
  return stampMatches(trinoInstall(enginesDir).home, { trino: TRINO_VERSION });
}
