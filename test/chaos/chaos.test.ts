/**
 * The chaos campaign in small (bench/chaos/, `npm run chaos`): one block of runs, seeded, over DuckDB
 * and Drill, so every fault once, each through `metaq query` or `metaq serve` as a user starts them.
 * Nothing may be left running, lost from the history, left open or wrongly reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type ChaosResults, runCampaign } from '../../bench/chaos/campaign';
import { publishChaos } from '../../bench/chaos/publish';
import { drawScenario, faultKinds } from '../../bench/chaos/scenario';
import { summarise } from '../../bench/chaos/summary';
import { settings } from '../../src/config';
import { tempDir } from '../support/runtime';

describe('Method: drawScenario', () => {
  it('draws the same runs from the same seed, each block of runs with every fault once', () => {
    const draw = (seed: number) =>
      Array.from({ length: 2 * faultKinds.length }, (_, run) => drawScenario(seed, run, ['duckdb', 'drill']));
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    const faults = draw(5).map((scenario) => scenario.fault);
    expect(new Set(faults.slice(0, faultKinds.length)).size).toBe(faultKinds.length);
    expect(new Set(faults.slice(faultKinds.length)).size).toBe(faultKinds.length);
  });

  it('kills an engine process only where the engine has one (DuckDB runs inside its worker)', () => {
    const runs = Array.from({ length: 60 }, (_, run) => drawScenario(1, run, ['duckdb', 'spark']));
    expect(runs.filter((run) => run.fault === 'kill-engine').map((run) => run.engine)).not.toContain(
      'duckdb',
    );
    const duckdbOnly = Array.from({ length: 30 }, (_, run) => drawScenario(1, run, ['duckdb']));
    expect(duckdbOnly.map((run) => run.fault)).not.toContain('kill-engine');
  });
});

describe('Method: runCampaign', () => {
  const lines: string[] = [];
  let results: ChaosResults;

  beforeAll(async () => {
    // Seed 13: Drill gets an engine kill and a worker kill in its start, a time limit, a stop and
    // its `metaq query` killed; about 3 minutes on two cores.
    results = await runCampaign({
      runs: faultKinds.length,
      seed: 13,
      engines: ['duckdb', 'drill'],
      log: (line) => lines.push(line),
    });
  }, 420_000);

  it('leaves no process, loses no record, leaves no session open and reports no fault as anything else', () => {
    const summary = summarise(results);
    expect({ findings: summary.findings.map(({ problems }) => problems), log: lines }).toMatchObject({
      findings: [],
    });
    expect(new Set(results.runs.map((run) => run.scenario.fault)).size).toBe(faultKinds.length);
    // The faults that cannot miss their query did reach it, and ended it as they must.
    const ended = (fault: string) => results.runs.find((run) => run.scenario.fault === fault);
    expect(ended('bad-sql')).toMatchObject({ status: 'FAILED', verdict: { applied: true } });
    expect(ended('timeout')).toMatchObject({ status: 'FAILED', error: { name: 'QueryTimeout' } });
  });

  it('writes results.json, summary.md and the figure', () => {
    const folder = tempDir('metaq-chaos-out-');
    const summary = publishChaos(results, folder, settings().enginesDir, () => undefined);
    expect(summary).toMatch(/Nothing left, lost or wrongly reported/);
    for (const file of ['results.json', 'summary.md', 'chaos.svg', 'chaos.png'])
      expect(existsSync(path.join(folder, file))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')).runs).toHaveLength(
      faultKinds.length,
    );
  }, 120_000);
});
