/**
 * What the benchmark needs beside metaq, installed once into the engines folder (so CI and the tests
 * share it): DuckDB's tpch extension (data generator, the 22 queries, the reference answers) from
 * the PyPI build for metaq's DuckDB version, and matplotlib in a venv of its own for the figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { extensionPath } from '../src/engines/duckdb/extensions';
import { installDuckdb } from '../src/engines/duckdb/install';

const MATPLOTLIB = 'matplotlib==3.11.2';

export function tpchExtensionPath(enginesDir: string): string {
  const file = extensionPath(enginesDir, 'tpch');
  if (!existsSync(file)) {
    throw new Error(
      `DuckDB's tpch extension is not installed (looked for ${file}): run \`npm run bench -- install\``,
    );
  }
  return file;
}

/** The Python that draws the figures: a venv under the engines folder, never the system's. */
export function plottingPython(enginesDir: string): string {
  return path.join(enginesDir, 'bench', 'python', 'bin', 'python');
}

export function installBench(enginesDir: string, log: (line: string) => void): void {
  // httpfs for the warm engine and the answer checks (S3), tpch for data and answers.
  installDuckdb(enginesDir, log, ['httpfs', 'tpch']);
  installPlotting(enginesDir, log);
}

function installPlotting(enginesDir: string, log: (line: string) => void): void {
  const python = plottingPython(enginesDir);
  if (existsSync(python) && canImportMatplotlib(python)) return;
  const venv = path.dirname(path.dirname(python));
  log(`creating ${venv} with ${MATPLOTLIB} from PyPI`);
  execFileSync('python3', ['-m', 'venv', venv], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', MATPLOTLIB], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function canImportMatplotlib(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import matplotlib'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
