/**
 * Class-data sharing for the JVM engines: each engine process (drillbit, ZooKeeper, Trino's
 * server...) starts from an archive of the classes it loaded in a training run, made once when the
 * engine is installed (src/engines/jvm/cds-training.ts), so no query pays for parsing and verifying
 * them again. On Java 17 a dynamic AppCDS archive (the training run's JVMs write
 * `-XX:ArchiveClassesAtExit`, later ones map it with `-XX:SharedArchiveFile`); on Java 25 (Trino)
 * the AOT cache (`-XX:AOTCacheOutput`, `-XX:AOTCache`), measured as fast or a little faster.
 *
 * Safe by the JVM's own checks: an archive whose JVM, jars (paths, sizes, times) or classpath prefix
 * differ is ignored (-Xshare:auto), and the engine starts as without one. That is why each engine
 * puts its jars before its per-query configuration folder on the classpath: the archive's classpath
 * must be a prefix of the runtime's. The archive holds class metadata of the engine's own jars,
 * nothing of any query's data; it is written only in training, by whoever installs the engine.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../config';

/**
 * `auto`: use an archive where there is one; `train`: write one at exit; `off`: neither;
 * `require`: a JVM without a usable archive fails to start (the tests' proof that archives map).
 */
export type CdsMode = 'auto' | 'train' | 'off' | 'require';

export class ClassDataMissing extends Error {
  override name = 'ClassDataMissing' as const;
}

export const cdsFolder = (enginesDir: string, engine: string) => path.join(enginesDir, engine, 'cds');

/**
 * An archive per kind of process: `drillbit.jsa`; on Java 25+ an AOT cache, `trino-server.aot`
 * (JEP 483/514: classes loaded and linked too, made in the same single training run).
 */
const archiveName = (process: string, javaMajor: number) =>
  `${process.replaceAll(' ', '-')}.${aot(javaMajor) ? 'aot' : 'jsa'}`;

const aot = (javaMajor: number) => javaMajor >= 25;

const isArchive = (file: string) => /\.(jsa|aot)$/.test(file);

/** Where a training run's worker leaves its archives: its logs folder, which outlives the query. */
export const trainedFolder = (logs: string) => path.join(logs, 'cds');

export interface CdsProcess {
  enginesDir: string;
  engine: string;
  /** The process's name (`drillbit`): one archive per name. */
  process: string;
  /** The member's logs folder (training writes there: the worker may not write the engines folder). */
  logs: string;
  javaMajor: number;
}

/** The JVM options for one process, in the mode of the settings. */
export function cdsOptions(target: CdsProcess, mode: CdsMode = settings().jvmCds): string[] {
  const name = archiveName(target.process, target.javaMajor);
  if (mode === 'train') {
    mkdirSync(trainedFolder(target.logs), { recursive: true });
    const output = path.join(trainedFolder(target.logs), name);
    return [aot(target.javaMajor) ? `-XX:AOTCacheOutput=${output}` : `-XX:ArchiveClassesAtExit=${output}`];
  }
  const archive = path.join(cdsFolder(target.enginesDir, target.engine), name);
  if (mode === 'require' && !existsSync(archive))
    throw new ClassDataMissing(
      `${target.process} has no class-data archive at ${archive}: run \`metaq engines install ${target.engine}\`, or unset METAQ_JVM_CDS`,
    );
  if (mode === 'off' || !existsSync(archive)) return [];
  const required = mode === 'require';
  if (aot(target.javaMajor))
    return [
      `-XX:AOTCache=${archive}`,
      `-XX:AOTMode=${required ? 'on' : 'auto'}`,
      '-Xlog:aot=off',
      '-Xlog:cds=off',
    ];
  // Quiet: a JVM that cannot map the archive says so on stdout, where the engine's log would
  // fill with it on every start after a reinstall; it starts as without one either way.
  return [
    `-XX:SharedArchiveFile=${archive}`,
    required ? '-Xshare:on' : '-Xshare:auto',
    '-Xlog:cds=off',
    '-Xlog:cds+dynamic=off',
  ];
}

/** Whether the engine has archives from a training run (install trains only where it has none). */
export function hasArchives(enginesDir: string, engine: string): boolean {
  const folder = cdsFolder(enginesDir, engine);
  return existsSync(folder) && readdirSync(folder).some(isArchive);
}

/** Copies the archives a training run's members wrote (in each of `logFolders`) into the engine's folder. */
export function keepTrainedArchives(logFolders: string[], enginesDir: string, engine: string): string[] {
  const kept: string[] = [];
  const target = cdsFolder(enginesDir, engine);
  mkdirSync(target, { recursive: true });
  for (const folder of logFolders.map(trainedFolder).filter((folder) => existsSync(folder))) {
    for (const file of readdirSync(folder)) {
      if (!isArchive(file) || kept.includes(file)) continue;
      cpSync(path.join(folder, file), path.join(target, file));
      kept.push(file);
    }
  }
  return kept;
}
