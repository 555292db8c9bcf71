/**
 * Class-data sharing (src/engines/jvm/cds.ts): the options each mode gives a JVM, the archives a
 * training run leaves, and — with the engines installed as .ci/run installs them (which trains) —
 * every JVM engine answering a query with each of its JVMs required to map its archive
 * (`METAQ_JVM_CDS=require`: -Xshare:on / -XX:AOTMode=on make a JVM that cannot map it fail to start).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../../src/config';
import { cdsFolder, cdsOptions, hasArchives, keepTrainedArchives } from '../../../src/engines/jvm/cds';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { uploadTable } from '../../../src/local/upload';
import type { EngineName } from '../../../src/plan/types';
import { startTestRuntime, tempDir } from '../../support/runtime';

describe('Method: cdsOptions', () => {
  const enginesDir = tempDir('metaq-cds-engines-');
  const logs = tempDir('metaq-cds-logs-');
  const drillbit = { enginesDir, engine: 'drill', process: 'drillbit', logs, javaMajor: 17 };
  const trino = { enginesDir, engine: 'trino', process: 'trino server', logs, javaMajor: 25 };
  mkdirSync(cdsFolder(enginesDir, 'drill'), { recursive: true });

  it('trains into the logs folder: a dynamic archive on Java 17, an AOT cache on 25', () => {
    expect(cdsOptions(drillbit, 'train')).toEqual([`-XX:ArchiveClassesAtExit=${logs}/cds/drillbit.jsa`]);
    expect(cdsOptions(trino, 'train')).toEqual([`-XX:AOTCacheOutput=${logs}/cds/trino-server.aot`]);
  });

  it('maps an archive only where the install left one, and never when off', () => {
    expect(cdsOptions(drillbit, 'auto')).toEqual([]);
    writeFileSync(path.join(cdsFolder(enginesDir, 'drill'), 'drillbit.jsa'), 'archive');
    expect(cdsOptions(drillbit, 'auto')).toContain(
      `-XX:SharedArchiveFile=${enginesDir}/drill/cds/drillbit.jsa`,
    );
    expect(cdsOptions(drillbit, 'auto')).toContain('-Xshare:auto');
    expect(cdsOptions(drillbit, 'require')).toContain('-Xshare:on');
    expect(cdsOptions(drillbit, 'off')).toEqual([]);
  });

  it('fails a required archive that is missing, naming the command that makes it', () => {
    expect(() => cdsOptions(trino, 'require')).toThrow(
      expect.objectContaining({
        name: 'ClassDataMissing',
        message: expect.stringContaining('metaq engines install trino'),
      }),
    );
  });

  it('keeps what a training run’s workers wrote, once per archive name', () => {
    const logsHome = tempDir('metaq-cds-run-');
    for (const worker of ['worker-0', 'worker-1']) {
      mkdirSync(path.join(logsHome, worker, 'cds'), { recursive: true });
      writeFileSync(path.join(logsHome, worker, 'cds', 'flink-taskmanager.jsa'), worker);
    }
    writeFileSync(path.join(logsHome, 'worker-0', 'cds', 'flink-jobmanager.jsa'), 'jm');
    expect(hasArchives(enginesDir, 'flink')).toBe(false);
    const workers = ['worker-0', 'worker-1'].map((worker) => path.join(logsHome, worker));
    expect(keepTrainedArchives(workers, enginesDir, 'flink').sort()).toEqual([
      'flink-jobmanager.jsa',
      'flink-taskmanager.jsa',
    ]);
    expect(hasArchives(enginesDir, 'flink')).toBe(true);
  });
});

describe('JVM engines started from their archives', () => {
  let runtime: LocalRuntime;
  let location: string;
  const saved = process.env.METAQ_JVM_CDS;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    const file = path.join(tempDir('metaq-cds-table-'), 't.csv');
    writeFileSync(file, 'a,b\n1,x\n2,y\n3,x\n');
    location = (await uploadTable('t', file)).location;
    // The workers inherit it: every JVM of the engine must map its archive, or fail to start.
    process.env.METAQ_JVM_CDS = 'require';
  }, 600_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.METAQ_JVM_CDS;
    else process.env.METAQ_JVM_CDS = saved;
    await runtime.stop();
  });

  it.each(['drill', 'spark', 'trino', 'flink'] as EngineName[])(
    '%s answers with every JVM on its archive',
    async (engine) => {
      if (!hasArchives(settings().enginesDir, engine))
        throw new Error(
          `${engine} has no class-data archives: run \`metaq engines install ${engine}\` (it trains them)`,
        );
      const report = await runLocalQuery({
        sql: 'SELECT b, count(*) AS n FROM t GROUP BY b ORDER BY b',
        engine,
        workers: 1,
        spares: 0,
        tables: { t: { location, format: 'csv' } },
      });
      expect(report.error).toBeUndefined();
      const rows = (report.result?.preview ?? []).map((row) => [String(row.b), Number(row.n)]);
      expect(rows).toEqual([
        ['x', 2],
        ['y', 1],
      ]);
    },
    300_000,
  );
});
