/** The benchmark's engine entries and the README's summaries, without starting any engine. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pickEngines } from '../../bench/engines';
import { updateReadme } from '../../bench/report';
import { querySql } from '../../bench/tpch/queries';
import { scratchLocation, warmPlan } from '../../bench/warm';

const tables = {
  lineitem: { location: 's3://metaq-data/tables/tpch-sf0.1/lineitem/', format: 'parquet' as const },
};

describe('Method: pickEngines', () => {
  it('knows every engine of the registry, in the order asked', () => {
    expect(pickEngines('drill, duckdb,spark')).toEqual(['drill', 'duckdb', 'spark']);
    expect(() => pickEngines('presto')).toThrow(
      /no engine "presto" to benchmark: choose from duckdb, spark, drill/,
    );
  });
});

describe('Method: warmPlan', () => {
  it('plans a local cluster with the run’s tables, memory and workers, writing under a scratch folder', () => {
    const scratch = scratchLocation('spark', tables);
    expect(scratch).toMatch(/^s3:\/\/metaq-data\/bench-warm\/spark-\d+$/);
    const plan = warmPlan('spark', { tables, memoryMb: 2048, workers: 3 }, scratch);
    expect(plan).toMatchObject({ engine: 'spark', platform: 'local', workers: 3, memoryMb: 2048, tables });
    expect(plan.output.location).toBe(`${scratch}/result/`);
  });
});

describe('Query variants', () => {
  it('give Drill its own q19 and everyone else the shared text', () => {
    expect(querySql('q19', 'drill')).toMatch(/^WHERE p_partkey = l_partkey$/m);
    expect(querySql('q19', 'duckdb')).toBe(querySql('q19', 'spark'));
  });
});

describe('Method: updateReadme', () => {
  it("replaces a run's own summary and keeps the other runs'", () => {
    const readme = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-readme-')), 'README.md');
    writeFileSync(readme, '# x\n<!-- summary:start -->\nold text\n<!-- summary:end -->\ntail\n');
    updateReadme(readme, 'run A v1\n', 'results/a');
    updateReadme(readme, 'run B\n', 'results/b');
    updateReadme(readme, 'run A v2\n', 'results/a');
    const text = readFileSync(readme, 'utf8');
    expect(text).toContain('run B\n');
    expect(text).toContain('run A v2\n');
    expect(text).not.toContain('run A v1');
    expect(text).toContain('old text');
    expect(text.indexOf('run B')).toBeLessThan(text.indexOf('run A v2'));
    expect(text).toMatch(/<!-- summary:end -->\ntail\n$/);
  });
});
