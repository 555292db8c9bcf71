/**
 * The training run that makes a JVM engine's class-data archives (cds.ts), once, when the engine is
 * installed: one real query through the embedded runtime, in a home of its own, with every JVM of
 * the engine writing the classes it loaded as it exits; the archives are then kept in the engine's
 * folder. A failed training leaves the engine installed and working, only slower to start.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settings } from '../../config';
import { runLocalQuery } from '../../local/run-query';
import { startRuntime } from '../../local/runtime';
import { uploadTable } from '../../local/upload';
import type { EngineName } from '../../plan/types';
import { keepTrainedArchives } from './cds';

/** A query that loads what most queries load: a scan, a grouping, an order, a result written. */
const TRAINING_SQL = 'SELECT b, count(*) AS n, sum(a) AS s FROM t WHERE a > 0 GROUP BY b ORDER BY b';

export class CdsTrainingFailed extends Error {
  override name = 'CdsTrainingFailed' as const;
}

/** Runs the training query on `engine` and keeps its archives; returns their file names. */
export async function trainClassData(engine: EngineName, log: (line: string) => void): Promise<string[]> {
  const { enginesDir } = settings();
  const home = mkdtempSync(path.join(os.tmpdir(), `metaq-cds-${engine}-`));
  const saved = { METAQ_HOME: process.env.METAQ_HOME, METAQ_JVM_CDS: process.env.METAQ_JVM_CDS };
  // The workers inherit this process's environment: they write archives, in a home of their own.
  Object.assign(process.env, { METAQ_HOME: home, METAQ_JVM_CDS: 'train' });
  try {
    log(`training ${engine}'s class-data archives with one query (its JVMs write them as they exit)`);
    const file = path.join(home, 't.csv');
    writeFileSync(file, 'a,b\n1,x\n2,y\n3,x\n');
    const runtime = await startRuntime();
    try {
      const table = await uploadTable('t', file);
      const report = await runLocalQuery({
        sql: TRAINING_SQL,
        engine,
        workers: 1,
        spares: 0,
        tables: { t: { location: table.location, format: 'csv' } },
      });
      if (report.status !== 'SUCCEEDED')
        throw new CdsTrainingFailed(`the training query ended ${report.status}: ${report.error?.message}`);
      // The local platform keeps each worker's logs folder as logs/<query>/worker-<n>.
      const logsHome = path.join(home, 'logs', report.queryId);
      const workers = existsSync(logsHome)
        ? readdirSync(logsHome).map((name) => path.join(logsHome, name))
        : [];
      const kept = keepTrainedArchives(workers, enginesDir, engine);
      log(`kept ${kept.length} archive(s) for ${engine}: ${kept.join(', ') || 'none'}`);
      return kept;
    } finally {
      await runtime.stop();
    }
  } finally {
    for (const [key, value] of Object.entries(saved))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    rmSync(home, { recursive: true, force: true });
  }
}
