/**
 * The class-data training of an image build (images/<engine>/Dockerfile): no control plane there,
 * so the engine is started once as a single member with a plan of no tables, which is how a worker
 * starts it, against the embedded default's S3 (an engine may touch its result folder as it
 * starts), and stopped; its JVMs write the classes of a whole startup as they exit.
 * (`metaq engines install` trains with a query too: tests and the startup bench measure that.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetClients } from '../../aws/clients';
import { settings } from '../../config';
import { startS3 } from '../../local/s3-server';
import type { EngineName, Plan } from '../../plan/types';
import { freePorts } from '../../session/ports';
import { s3AccessFromEnv } from '../../session/s3-access';
import { engine as engineOf } from '../registry';
import { keepTrainedArchives } from './cds';

const BUCKET = 'metaq-cds-training';

export async function trainByStarting(engine: EngineName, log: (line: string) => void): Promise<string[]> {
  process.env.METAQ_JVM_CDS = 'train';
  const workDir = mkdtempSync(path.join(os.tmpdir(), `metaq-cds-${engine}-`));
  const worker = path.join(workDir, 'worker-0');
  const plan: Plan = {
    queryId: `cds-training-${engine}`,
    sql: 'SELECT 1',
    engine,
    platform: 'ecs',
    workers: 1,
    spares: 0,
    memoryMb: 2048,
    config: {},
    tables: {},
    // As Optimize writes it: a folder per query below the results folder (Drill needs the depth).
    output: { location: `s3://${BUCKET}/results/cds-training/`, format: 'parquet' },
    limits: { timeoutSeconds: 600, rendezvousSeconds: 60 },
    tags: {},
    reasons: ['the class-data training of an image build'],
    createdAt: new Date().toISOString(),
  };
  const member = {
    index: 0,
    rank: 0,
    address: '127.0.0.1',
    ports: await freePorts(engineOf(engine).traits.portsPerWorker),
  };
  const s3 = await startS3(workDir, [BUCKET]);
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      METAQ_S3_PATH_STYLE: 'true',
    });
    resetClients();
    log(`starting ${engine} once, so that its JVMs write their class-data archives as they stop`);
    const running = await engineOf(engine).start({
      plan,
      member,
      members: [member],
      workDir: worker,
      enginesDir: settings().enginesDir,
      startTimeoutMs: 300_000,
      s3: s3AccessFromEnv(process.env),
    });
    await running.stop();
    const kept = keepTrainedArchives([path.join(worker, 'logs')], settings().enginesDir, engine);
    log(`kept ${kept.length} archive(s) for ${engine}: ${kept.join(', ') || 'none'}`);
    return kept;
  } finally {
    await s3.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
