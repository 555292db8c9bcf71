/**
 * `npm run bench -- load`: what concurrency costs a query, side by side in one run. One `metaq serve`
 * answers bursts of 1, 5 and 20 concurrent `select N` on DuckDB (each answer checked), in rounds so
 * that every level sees the same machine, then a burst of concurrent distributed queries (Spark or
 * Drill, 2 workers each). Latency is the execution's own, from DescribeExecution's start and stop
 * dates; the worker processes alive are sampled throughout, and counted once the server is gone.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { resetClients } from '../src/aws/clients';
import { getRecord } from '../src/history/store';
import type { QueryReport, WorkerTimeline } from '../src/history/types';
import { localEnvironment } from '../src/local/runtime';
import { STATE_MACHINE_ARN } from '../src/local/statemachine';
import { type ServeProcess, startServeProcess } from '../test/serve/support';
import { loadSummary } from './load-summary';
import { sessionWorkers, WorkerSampler } from './load-workers';

export interface LoadOptions {
  levels: number[];
  rounds: number;
  distributed: { engine: string; queries: number; workers: number } | undefined;
  /** Spares of every query; undefined: metaq's choice. */
  spares?: number;
  /** Settings for the server (METAQ_LOCAL_MAX_WORKERS, ...), beside the environment's. */
  env: Record<string, string>;
  log: (line: string) => void;
}

export interface LoadSample {
  burst: string;
  engine: string;
  concurrency: number;
  round: number;
  name: string;
  status: string;
  /** DescribeExecution's stopDate − startDate. */
  latencyMs: number;
  error?: string;
  /** Time the execution waited for capacity (the `wait` phase of its record), when it did. */
  waitMs?: number;
  /** With spares: how much sooner the admitted workers were ready than the first launched would have been. */
  spareGainMs?: number;
  launched?: number;
}

export interface LoadResults {
  date: string;
  machine: { cpus: number; memoryGb: number; node: string };
  options: Omit<LoadOptions, 'log'>;
  samples: LoadSample[];
  /** Most worker processes of this server alive at one time, per burst. */
  peakWorkers: Record<string, number>;
  /** Processes of this run's sessions still alive after the server stopped (must be 0). */
  leftWorkers: number;
  wallMs: number;
}

export async function runLoadBench(options: LoadOptions, folder: string): Promise<LoadResults> {
  const started = Date.now();
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'metaq-bench-load-'));
  const serve = await startServeProcess([], cwd, options.env);
  const client = new SFNClient({
    endpoint: serve.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'metaq', secretAccessKey: 'metaq' },
  });
  const samples: LoadSample[] = [];
  const peakWorkers: Record<string, number> = {};
  const sampler = new WorkerSampler(serve.home);
  const burst = async (
    label: string,
    round: number,
    inputs: { sql: string; expect?: number }[],
    extra = {},
  ) => {
    sampler.start();
    const out = await Promise.all(inputs.map((input) => runOne(client, input, extra)));
    peakWorkers[label] = Math.max(peakWorkers[label] ?? 0, sampler.stop());
    const engine = (extra as { engine?: string }).engine ?? 'duckdb';
    for (const one of out) samples.push({ burst: label, engine, concurrency: inputs.length, round, ...one });
    const ok = out.filter((one) => one.status === 'SUCCEEDED').length;
    const latencies = out.map((one) => one.latencyMs).sort((a, b) => a - b);
    options.log(
      `${label} round ${round + 1}: ${ok}/${out.length} succeeded, latency median ${latencies[latencies.length >> 1]} ms, ` +
        `max ${latencies.at(-1)} ms, ${sampler.peak} worker processes at most`,
    );
  };
  try {
    await runOne(client, { sql: 'select 0 as warm_up' }, {});
    let n = 0;
    for (let round = 0; round < options.rounds; round++)
      for (const level of options.levels)
        await burst(
          `duckdb ×${level}`,
          round,
          Array.from({ length: level }, () => ++n).map((value) => ({
            sql: `select ${value} as n`,
            expect: value,
          })),
          { spares: options.spares },
        );
    const distributed = options.distributed;
    if (distributed) {
      const { engine, queries, workers } = distributed;
      const inputs = Array.from({ length: queries }, () => ++n).map((value) => ({
        sql: `select ${value} as n`,
        expect: value,
      }));
      await burst(`${engine} ×${queries} (${workers} workers each)`, 0, inputs, {
        engine,
        workers,
        spares: options.spares,
      });
    }
    await attachRecords(serve, samples);
  } finally {
    client.destroy();
    await serve.stop();
  }
  const results: LoadResults = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    options: {
      levels: options.levels,
      rounds: options.rounds,
      distributed: options.distributed,
      spares: options.spares,
      env: options.env,
    },
    samples,
    peakWorkers,
    leftWorkers: sessionWorkers(serve.home).length,
    wallMs: Date.now() - started,
  };
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(path.join(folder, 'summary.md'), loadSummary(results));
  options.log(`results in ${folder}`);
  return results;
}

type Outcome = Omit<LoadSample, 'burst' | 'engine' | 'concurrency' | 'round'>;

async function runOne(
  client: SFNClient,
  input: { sql: string; expect?: number },
  extra: object,
): Promise<Outcome> {
  const { executionArn } = await client.send(
    new StartExecutionCommand({
      stateMachineArn: STATE_MACHINE_ARN,
      input: JSON.stringify({ sql: input.sql, ...extra, tags: { benchmark: 'load' } }),
    }),
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const out = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status === 'RUNNING') continue;
    const name = String(out.name);
    const latencyMs = (out.stopDate?.getTime() ?? Date.now()) - (out.startDate?.getTime() ?? 0);
    if (out.status !== 'SUCCEEDED')
      return { name, status: String(out.status), latencyMs, error: `${out.error}: ${out.cause}` };
    const report = JSON.parse(out.output ?? '{}') as QueryReport;
    const value = Number(Object.values(report.result?.preview[0] ?? {})[0]);
    const wrong = input.expect !== undefined && value !== input.expect;
    return {
      name,
      status: wrong ? 'WRONG' : 'SUCCEEDED',
      latencyMs,
      launched: report.workers.launched,
      ...(wrong ? { error: `expected ${input.expect}, got ${value}` } : {}),
    };
  }
}

/** Each execution's wait for capacity, from its history record (read through the server's DynamoDB). */
async function attachRecords(serve: ServeProcess, samples: LoadSample[]): Promise<void> {
  Object.assign(
    process.env,
    localEnvironment(serve.registration.dynamoEndpoint, serve.registration.s3Endpoint, serve.home),
  );
  resetClients();
  for (const sample of samples) {
    const record = await getRecord(sample.name);
    const waited = record?.timings?.waitMs;
    if (waited !== undefined) sample.waitMs = waited;
    const timeline = record?.workerTimeline ?? [];
    const needed = record?.plan?.workers ?? 1;
    if (timeline.length > needed) sample.spareGainMs = spareGain(timeline, needed);
  }
}

/**
 * When the engine could start (its last admitted worker ready) against when it could have without
 * spares (the last of the first `needed` launched ready, or not before its admission if one never was).
 */
function spareGain(timeline: WorkerTimeline[], needed: number): number {
  const admitted = timeline.filter((worker) => worker.admittedAt !== undefined);
  const ready = Math.max(...admitted.map((worker) => worker.readyAt ?? 0));
  const first = timeline.filter((worker) => worker.index < needed);
  const without = Math.max(...first.map((worker) => worker.readyAt ?? worker.dismissedAt ?? ready));
  return Math.max(0, without - ready);
}
