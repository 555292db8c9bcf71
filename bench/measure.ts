/**
 * The side-by-side measurement: each query, `repeat` times, once cold through metaq (a new engine
 * for that query) and right after on the warm engine, both checked against the TPC-H answer.
 */
import { performance } from 'node:perf_hooks';
import { runLocalQuery } from '../src/local/run-query';
import type { EngineName } from '../src/plan/types';
import { type ColdRun, type Run, startupOf, type WarmRun } from './results';
import { checkResult } from './tpch/check';
import { querySql } from './tpch/queries';
import type { Reference } from './tpch/reference';
import type { WarmEngine } from './warm';

export interface MeasureOptions {
  engine: EngineName;
  workers: number;
  spares?: number;
  memoryMb: number;
  sf: string;
  queries: string[];
  repeat: number;
  reference: Reference;
  log: (line: string) => void;
  /** Called after each query with every run so far (to save a long run as it goes). */
  progress?: (runs: Run[]) => void;
}

export async function measureEngine(options: MeasureOptions, warm: WarmEngine): Promise<Run[]> {
  const { engine, workers, queries, repeat, log } = options;
  const runs: Run[] = [];
  for (const query of queries) {
    const sql = querySql(query, engine);
    for (let repeatNr = 1; repeatNr <= repeat; repeatNr++) {
      const key = { engine: engine, workers, query, repeat: repeatNr };
      const cold = await runCold(options, sql, key);
      const hot = await runWarm(options, warm, sql, key);
      runs.push(cold, hot);
      log(`${engine} ×${workers} ${query} #${repeatNr}: ${describe(cold, hot)}`);
    }
    options.progress?.(runs);
  }
  return runs;
}

export type Key = Pick<Run, 'engine' | 'workers' | 'query' | 'repeat'>;

/** One query cold through metaq (a new engine for it), its answer checked. */
export async function runCold(options: MeasureOptions, sql: string, key: Key): Promise<ColdRun> {
  const { engine, workers, spares, memoryMb, reference, sf } = options;
  const report = await runLocalQuery({
    sql,
    engine: engine,
    workers,
    spares,
    memoryMb,
    tags: { benchmark: 'tpch', sf, query: key.query },
  });
  const run: ColdRun = {
    ...key,
    mode: 'cold',
    ok: false,
    queryId: report.queryId,
    timings: report.timings,
    startupMs: startupOf(report.timings),
    launched: report.workers.launched,
    costUsd: report.cost?.usd,
  };
  if (report.status !== 'SUCCEEDED' || !report.result) {
    return { ...run, error: `${report.error?.name}: ${report.error?.message}` };
  }
  const rows = await reference.readResult(report.result.files, report.result.format);
  const verdict = checkResult(rows, answerOf(reference, key.query), sql);
  return verdict.ok ? { ...run, ok: true } : { ...run, error: `wrong answer: ${verdict.reason}` };
}

async function runWarm(options: MeasureOptions, warm: WarmEngine, sql: string, key: Key): Promise<WarmRun> {
  await warm.clear();
  const started = performance.now();
  try {
    const outcome = await warm.run(sql);
    const ms = performance.now() - started;
    // Read back as a cold result is, outside the time measured.
    const rows = await options.reference.readResult(outcome.files, 'parquet');
    const verdict = checkResult(rows, answerOf(options.reference, key.query), sql);
    if (!verdict.ok) return { ...key, mode: 'warm', ok: false, ms, error: `wrong answer: ${verdict.reason}` };
    return { ...key, mode: 'warm', ok: true, ms };
  } catch (error) {
    return { ...key, mode: 'warm', ok: false, ms: performance.now() - started, error: String(error) };
  }
}

export function answerOf(reference: Reference, query: string): string {
  const answer = reference.answers.get(query);
  if (answer === undefined) throw new Error(`DuckDB's tpch extension has no answer for ${query}`);
  return answer;
}

const seconds = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(2)} s`;

function describe(cold: ColdRun, warm: WarmRun): string {
  const coldText = cold.ok
    ? `cold ${seconds(cold.timings.totalMs)} (startup ${seconds(cold.startupMs)}, query ${seconds(cold.timings.queryMs)})`
    : `cold FAILED ${cold.error}`;
  const warmText = warm.ok ? `warm ${seconds(warm.ms)}` : `warm FAILED ${warm.error}`;
  return `${coldText} · ${warmText}`;
}
