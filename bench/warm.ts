/**
 * A warm engine: the engine's own `start` (src/engines/<name>), run once for every member of a
 * cluster on this host (one member for a single-process engine), with the context metaq's workers
 * would give it (member 0 the head, free ports per member as a worker reserves them at
 * registration, a work folder each, the same S3 access, a plan with the same memory). It stays up
 * for the whole run, and each query runs on the head as metaq's Submit sends it: it runs, writes
 * its result to S3 as the cold query does, and only that is timed. Every engine is warmed the same
 * way, so adding one needs no bench code (query variants only where its SQL differs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../src/aws/clients';
import { listFiles } from '../src/aws/list-files';
import { parseS3Url } from '../src/aws/s3-url';
import { settings } from '../src/config';
import { engine as engineOf } from '../src/engines/registry';
import type { EngineContext, QueryOutcome, RunningEngine } from '../src/engines/types';
import { columnsOf } from '../src/plan/describe';
import type { EngineName, Plan, TableRef } from '../src/plan/types';
import { freePorts } from '../src/session/ports';
import { s3AccessFromEnv } from '../src/session/s3-access';
import type { Member } from '../src/session/types';

export interface WarmSetup {
  tables: Record<string, TableRef>;
  /** Per worker, as metaq is asked for: the warm engine gets the same memory. */
  memoryMb: number;
  workers: number;
}

export interface WarmEngine {
  /** Runs one query, writing its result as a cold query does; the caller times it. */
  run(sql: string): Promise<QueryOutcome>;
  /** Empties the result folder before the next query (not timed). */
  clear(): Promise<void>;
  stop(): Promise<void>;
  /** How long the warm engine took to start (a distributed one: the whole cluster), when it did. */
  startupMs?: number;
}

/** The answer is checked from the result files, as a cold query's: the preview is only a preview. */
const PREVIEW_ROWS = 20;

export interface WarmCluster {
  plan: Plan;
  members: Member[];
  /** The head's running engine (it runs the queries); the others only take part. */
  head: RunningEngine;
  /** Where the warm engine may write results: a folder of its own in the tables' bucket. */
  scratch: string;
  startupMs: number;
  stop(): Promise<void>;
}

/** The plan a cluster is started for: the benchmark's tables, memory and workers, no query yet. */
export function warmPlan(
  engine: EngineName,
  { tables, memoryMb, workers }: WarmSetup,
  scratch: string,
): Plan {
  return {
    queryId: `bench-warm-${engine}-${Date.now()}`,
    sql: 'SELECT 1',
    engine,
    platform: 'local',
    workers,
    spares: 0,
    memoryMb,
    config: {},
    tables,
    // Every warm query writes here, as a cold query writes its own folder (emptied before each).
    output: { location: `${scratch}/result/`, format: 'parquet' },
    limits: { timeoutSeconds: 3600, rendezvousSeconds: 600 },
    tags: { benchmark: 'tpch', warm: 'true' },
    reasons: ['a warm benchmark cluster, started once outside metaq'],
    createdAt: new Date().toISOString(),
  };
}

/** `s3://<the tables' bucket>/bench-warm/<engine>-<time>`: the tables' bucket is writable locally. */
export function scratchLocation(engine: EngineName, tables: Record<string, TableRef>): string {
  const first = Object.values(tables)[0];
  const bucket = first ? parseS3Url(first.location)?.bucket : undefined;
  if (!bucket) throw new Error(`a warm ${engine} needs S3 tables to find a bucket`);
  return `s3://${bucket}/bench-warm/${engine}-${Date.now()}`;
}

export async function startWarmCluster(engine: EngineName, setup: WarmSetup): Promise<WarmCluster> {
  const started = Date.now();
  const scratch = scratchLocation(engine, setup.tables);
  const plan = warmPlan(engine, { ...setup, tables: await withColumns(setup.tables) }, scratch);
  const members: Member[] = [];
  const { portsPerWorker } = engineOf(engine).traits;
  for (let rank = 0; rank < setup.workers; rank++) {
    members.push({ index: rank, rank, address: '127.0.0.1', ports: await freePorts(portsPerWorker) });
  }
  const workDirs = members.map(() => mkdtempSync(path.join(os.tmpdir(), `metaq-bench-${engine}-`)));
  const contexts: EngineContext[] = members.map((member, i) => ({
    plan,
    member,
    members,
    workDir: workDirs[i],
    enginesDir: settings().enginesDir,
    startTimeoutMs: settings().engineStartTimeoutMs,
    s3: s3AccessFromEnv(process.env),
  }));
  // Every member starts at once, as metaq's workers do; the head returns when all have joined.
  const outcomes = await Promise.allSettled(contexts.map((context) => engineOf(engine).start(context)));
  const running = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const stop = async () => {
    live.delete(stop);
    // The head first (Spark's driver releases its executors), then the other members.
    for (const member of running) await member.stop().catch(() => undefined);
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  };
  live.add(stop);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed || outcomes[0].status !== 'fulfilled') {
    await stop();
    throw (
      (failed as PromiseRejectedResult | undefined)?.reason ?? new Error(`the warm ${engine} did not start`)
    );
  }
  return { plan, members, head: outcomes[0].value, scratch, startupMs: Date.now() - started, stop };
}

/** Each table with its columns, as Optimize gives them to a cold query's engine. */
async function withColumns(tables: Record<string, TableRef>): Promise<Record<string, TableRef>> {
  const described: Record<string, TableRef> = {};
  for (const [name, table] of Object.entries(tables))
    described[name] = { ...table, columns: table.columns ?? (await columnsOf(`tables.${name}`, table)) };
  return described;
}

/** The warm clusters running now, stopped on Ctrl-C or a kill: none outlives the bench. */
const live = new Set<() => Promise<void>>();

export async function stopWarmClusters(): Promise<void> {
  await Promise.all([...live].map((stop) => stop()));
}

export async function startWarm(engine: EngineName, setup: WarmSetup): Promise<WarmEngine> {
  const cluster = await startWarmCluster(engine, setup);
  return {
    startupMs: cluster.startupMs,
    run: (sql) => cluster.head.run({ sql, output: cluster.plan.output, previewRows: PREVIEW_ROWS }),
    // The last answer's files go first: engines write into an empty folder, as for a cold query.
    clear: () => removeFiles(cluster.plan.output.location),
    stop: () => cluster.stop(),
  };
}

async function removeFiles(folder: string): Promise<void> {
  const where = parseS3Url(folder);
  for (const file of await listFiles(folder)) {
    const key = parseS3Url(file)?.key;
    if (where && key) await s3().send(new DeleteObjectCommand({ Bucket: where.bucket, Key: key }));
  }
}
