/**
 * A warm cluster of a distributed engine: the engine's own `start` (src/engines/<name>), run once
 * for every member of a cluster on this host, with the context metaq's workers would give it
 * (member 0 the head, free ports per member as a worker reserves them at registration, a work
 * folder each, the same S3 access, a plan with the same memory). The cluster then stays up for
 * the whole run: only the queries are timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseS3Url } from '../../src/aws/s3-url';
import { loadEngine } from '../../src/engines/registry';
import type { EngineContext, RunningEngine } from '../../src/engines/types';
import type { EngineName, Plan, TableRef } from '../../src/plan/types';
import { freePorts } from '../../src/session/ports';
import { s3AccessFromEnv } from '../../src/session/s3-access';
import type { Member } from '../../src/session/types';
import type { WarmSetup } from '../engines';

/** As many ports as a metaq worker reserves when it registers (src/session/agent.ts). */
const PORTS_PER_MEMBER = 8;

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
    output: { location: `${scratch}/start/`, format: 'parquet' },
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
  const plan = warmPlan(engine, setup, scratch);
  const members: Member[] = [];
  for (let rank = 0; rank < setup.workers; rank++) {
    members.push({ index: rank, rank, address: '127.0.0.1', ports: await freePorts(PORTS_PER_MEMBER) });
  }
  const workDirs = members.map(() => mkdtempSync(path.join(os.tmpdir(), `metaq-bench-${engine}-`)));
  const contexts: EngineContext[] = members.map((member, i) => ({
    plan,
    member,
    members,
    workDir: workDirs[i],
    s3: s3AccessFromEnv(process.env),
  }));
  const implementation = await loadEngine(engine);
  // Every member starts at once, as metaq's workers do; the head returns when all have joined.
  const outcomes = await Promise.allSettled(contexts.map((context) => implementation.start(context)));
  const running = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const stop = async () => {
    // The head first (Spark's driver releases its executors), then the other members.
    for (const member of running) await member.stop().catch(() => undefined);
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  };
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed || outcomes[0].status !== 'fulfilled') {
    await stop();
    throw (
      (failed as PromiseRejectedResult | undefined)?.reason ?? new Error(`the warm ${engine} did not start`)
    );
  }
  return { plan, members, head: outcomes[0].value, scratch, startupMs: Date.now() - started, stop };
}
