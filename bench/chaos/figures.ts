/**
 * The campaign's figure: what each fault did to its runs, and how long from each fault to a clean
 * teardown. The numbers are computed here, written to `chaos-figure.json`, and drawn by figures.py
 * with the bench's matplotlib (bench/install.ts).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { plottingPython } from '../install';
import type { ChaosResults } from './campaign';
import { problemsOf } from './run';
import { faultKinds } from './scenario';

export const FIGURE = 'chaos';

export function figureData(results: ChaosResults) {
  const faults = faultKinds.filter((fault) => results.runs.some((run) => run.scenario.fault === fault));
  const of = (fault: string) => results.runs.filter((run) => run.scenario.fault === fault);
  const outcome = (test: (run: ChaosResults['runs'][number]) => boolean) =>
    faults.map((fault) => of(fault).filter(test).length);
  const struck = (status: string) => (run: ChaosResults['runs'][number]) =>
    run.verdict?.applied === true && run.status === status;
  return {
    title: `${results.runs.length} runs · seed ${results.seed} · ${results.engines.join(', ')} · ${results.date.slice(0, 10)}`,
    faults,
    outcomes: {
      'struck, SUCCEEDED': outcome(struck('SUCCEEDED')),
      'struck, FAILED': outcome(struck('FAILED')),
      'struck, ABORTED': outcome(struck('ABORTED')),
      'not struck': outcome((run) => run.verdict?.applied !== true),
    },
    problems: outcome((run) => problemsOf(run).length > 0),
    teardown: faults.map((fault) =>
      of(fault).flatMap((run) =>
        run.verdict?.teardownMs === undefined ? [] : [Math.max(run.verdict.teardownMs, 10) / 1000],
      ),
    ),
  };
}

export function drawFigure(results: ChaosResults, folder: string, enginesDir: string): void {
  writeFileSync(
    path.join(folder, `${FIGURE}-figure.json`),
    `${JSON.stringify(figureData(results), null, 1)}\n`,
  );
  execFileSync(plottingPython(enginesDir), [path.join(__dirname, 'figures.py'), folder], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
