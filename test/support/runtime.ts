/** A fresh embedded runtime (real dynalite, s3rver, workers) in a temporary METAQ_HOME per test file. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settings } from '../../src/config';
import { installDuckdb } from '../../src/engines/duckdb/install';
import { type LocalRuntime, startRuntime } from '../../src/local/runtime';

export async function startTestRuntime(): Promise<LocalRuntime> {
  process.env.METAQ_HOME = mkdtempSync(path.join(os.tmpdir(), 'metaq-test-'));
  installDuckdb(settings().enginesDir, () => undefined);
  return startRuntime();
}

/** The pids of live `metaq-worker` processes, as anyone would count them. */
export function liveWorkers(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'metaq-worker'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
