/**
 * The campaign: `runs` runs drawn from one seed, one after the other, in a metaq home of their own
 * (a fresh temporary folder: its history, local S3 and worker logs are kept for a look afterwards).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settings } from '../../src/config';
import { type EngineName, engine } from '../../src/engines/registry';
import type { Machine } from '../results';
import { machine } from '../tpch';
import type { ChaosContext } from './metaq';
import { problemsOf, type RunResult, runOne } from './run';
import { describeScenario, drawScenario } from './scenario';

export interface CampaignOptions {
  runs: number;
  seed: number;
  engines: EngineName[];
  /** The number of the first run: `--from 17 --runs 1` replays run 17 of a campaign. */
  from?: number;
  /** How long processes of a query may outlive its end before they count as left. */
  graceMs?: number;
  log: (line: string) => void;
  /** Called after every run with the results so far. */
  checkpoint?: (results: ChaosResults) => void;
}

export interface ChaosResults {
  benchmark: 'chaos';
  date: string;
  seed: number;
  from: number;
  engines: EngineName[];
  graceMs: number;
  /** The campaign's METAQ_HOME. */
  home: string;
  machine: Machine;
  runs: RunResult[];
}

export async function runCampaign(options: CampaignOptions): Promise<ChaosResults> {
  assertInstalled(options.engines);
  const saved = { ...process.env };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'metaq-chaos-'));
  const home = path.join(dir, '.metaq');
  // The metaq commands start from this environment, never with a fault of the caller's.
  const env = { ...saved };
  delete env.METAQ_CHAOS;
  const context: ChaosContext = { dir, home, env, graceMs: options.graceMs ?? 5000, log: options.log };
  const from = options.from ?? 0;
  const results: ChaosResults = {
    benchmark: 'chaos',
    date: new Date().toISOString(),
    seed: options.seed,
    from,
    engines: options.engines,
    graceMs: context.graceMs,
    home,
    machine: machine(),
    runs: [],
  };
  options.log(`chaos: ${options.runs} run(s) from seed ${options.seed}, home ${home}`);
  // This process reads the campaign's home too (running marks, inspection); what it starts
  // (metaq serve, as the tests start it, from this environment) gets no fault of the caller's.
  process.env.METAQ_HOME = home;
  delete process.env.METAQ_CHAOS;
  try {
    for (let run = from; run < from + options.runs; run++) {
      const scenario = drawScenario(options.seed, run, options.engines);
      const result = await runOne(scenario, context);
      results.runs.push(result);
      options.log(`run ${run} ${describeScenario(scenario)} → ${outcomeLine(result)}`);
      options.checkpoint?.(results);
    }
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  results.machine.loadAfter = os.loadavg()[0];
  return results;
}

/** An engine the local platform has not installed would fail every run at Optimize: said up front. */
function assertInstalled(engines: EngineName[]): void {
  const { enginesDir } = settings();
  const missing = engines.filter((name) => !engine(name).install.installed(enginesDir));
  if (missing.length > 0)
    throw new Error(
      `not installed in ${enginesDir}: ${missing.join(', ')} (metaq engines install ${missing.join(' ')})`,
    );
}

function outcomeLine(result: RunResult): string {
  const verdict = result.verdict;
  const strike = result.strike.applied
    ? `struck ${result.strike.target ?? ''}`.trim()
    : (result.strike.missed ?? (verdict?.applied ? 'fault took effect' : 'fault did not fire'));
  const teardown =
    verdict?.teardownMs === undefined ? '' : `, clean in ${(verdict.teardownMs / 1000).toFixed(2)} s`;
  const problems = problemsOf(result);
  const status = `${result.status ?? '?'} ${result.error?.name ?? ''}`.trim();
  return `${status}; ${strike}${verdict?.phase ? ` (in ${verdict.phase})` : ''}${teardown} · ${
    problems.length === 0 ? 'ok' : `PROBLEM: ${problems.join('; ')}`
  } (${(result.wallMs / 1000).toFixed(1)} s)`;
}
