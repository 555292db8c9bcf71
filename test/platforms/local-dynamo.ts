/** The real local DynamoDB (and S3) of the embedded runtime, in a fresh METAQ_HOME; only AWS calls that cannot run here are mocked. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalRuntime, startRuntime } from '../../src/local/runtime';
import type { Plan } from '../../src/plan/types';
import { createSession, putLaunched } from '../../src/session/store';

export async function startLocalTables(): Promise<LocalRuntime> {
  process.env.METAQ_HOME = mkdtempSync(path.join(os.tmpdir(), 'metaq-aws-test-'));
  return startRuntime();
}

let counter = 0;

export function testPlan(changes: Partial<Plan> = {}): Plan {
  counter++;
  return {
    queryId: `q-test-${process.pid}-${Date.now()}-${counter}`,
    sql: 'SELECT 42',
    engine: 'duckdb',
    platform: 'lambda',
    workers: 1,
    spares: 1,
    memoryMb: 2048,
    config: {},
    tables: {},
    output: { location: 's3://metaq-results/results/x/', format: 'parquet' },
    limits: { timeoutSeconds: 600, rendezvousSeconds: 60 },
    tags: {},
    reasons: [],
    createdAt: new Date().toISOString(),
    ...changes,
  };
}

/** A session with `count` launched workers, as Provision leaves it. */
export async function openSession(plan: Plan, count: number): Promise<void> {
  const now = Date.now();
  await createSession(plan, now);
  for (let index = 0; index < count; index++) await putLaunched(plan.queryId, index, now, now + 3600);
}
