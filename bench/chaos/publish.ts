/** A campaign's files under its folder: results.json, summary.md and the figure (SVG and PNG). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installBench } from '../install';
import type { ChaosResults } from './campaign';
import { drawFigure, FIGURE } from './figures';
import { chaosMarkdown } from './report';

export function writeResults(results: ChaosResults, folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
}

/** Writes everything and returns the summary. */
export function publishChaos(
  results: ChaosResults,
  folder: string,
  enginesDir: string,
  log: (line: string) => void,
): string {
  writeResults(results, folder);
  // matplotlib in the bench's venv (idempotent: nothing to do once installed).
  installBench(enginesDir, log);
  drawFigure(results, folder, enginesDir);
  const summary = chaosMarkdown(results, `${FIGURE}.svg`);
  writeFileSync(path.join(folder, 'summary.md'), summary);
  log(`results, summary and figure in ${folder}`);
  return summary;
}
