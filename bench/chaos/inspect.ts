/**
 * What a run left in its home once it was over, read with the home's own local DynamoDB and S3
 * started here (not the runtime: its start would recover a lost execution and hide that it was
 * lost): the history record, the session and worker items, the result files and manifest, and which
 * METAQ_CHAOS faults the workers' logs say fired.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { resetClients, s3 } from '../../src/aws/clients';
import { parseS3Url } from '../../src/aws/s3-url';
import { settings } from '../../src/config';
import { getRecord } from '../../src/history/store';
import type { QueryRecord } from '../../src/history/types';
import { startDynamo, startS3 } from '../../src/local/servers';
import { getSession, listWorkers } from '../../src/session/store';
import type { SessionItem, WorkerItem } from '../../src/session/types';
import { useEndpoints } from './watch';

export interface Inspection {
  record?: QueryRecord;
  session?: SessionItem;
  workers: WorkerItem[];
  /** Why a successful result is not whole (files, manifest, answer); undefined when it is. */
  resultProblem?: string;
  /** The METAQ_CHAOS faults that fired, by launch index, from the workers' logs. */
  fired: { index: number; fault: string }[];
}

export async function inspect(home: string, queryId: string, answer?: number): Promise<Inspection> {
  const config = settings({ ...process.env, METAQ_HOME: home });
  const dynamo = await startDynamo(home);
  const storage = await startS3(home, [config.resultsBucket, config.dataBucket]).catch(async (error) => {
    await dynamo.close();
    throw error;
  });
  useEndpoints({ dynamo: dynamo.endpoint, s3: storage.endpoint }, home);
  try {
    const [record, session, workers] = await Promise.all([
      getRecord(queryId),
      getSession(queryId),
      listWorkers(queryId),
    ]);
    const resultProblem = record?.status === 'SUCCEEDED' ? await checkResult(record, answer) : undefined;
    return { record, session, workers, resultProblem, fired: firedFaults(home, queryId) };
  } finally {
    resetClients();
    await Promise.all([dynamo.close(), storage.close()]);
  }
}

/** A success has its files and a manifest listing them in S3, and the check query's answer. */
async function checkResult(record: QueryRecord, answer: number | undefined): Promise<string | undefined> {
  const result = record.result;
  if (!result) return 'SUCCEEDED without a result in its record';
  if (result.files.length === 0) return 'SUCCEEDED without result files';
  for (const url of [...result.files, result.manifest]) {
    const where = parseS3Url(url);
    const found = where
      ? await s3()
          .send(new HeadObjectCommand({ Bucket: where.bucket, Key: where.key }))
          .then(() => true)
          .catch(() => false)
      : false;
    if (!found) return `SUCCEEDED but ${url} is not in S3`;
  }
  const manifest = await readManifest(result.manifest).catch(() => undefined);
  const listed = new Set(manifest?.files?.map((file) => file.url));
  if (!result.files.every((url) => listed.has(url)))
    return `the manifest ${result.manifest} does not list the result files`;
  const value = Number(Object.values(result.preview[0] ?? {})[0]);
  if (answer !== undefined && value !== answer) return `answered ${value}, not ${answer}`;
  return undefined;
}

async function readManifest(url: string): Promise<{ files?: { url: string }[] } | undefined> {
  const where = parseS3Url(url);
  if (!where) return undefined;
  const object = await s3().send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
  return JSON.parse((await object.Body?.transformToString()) ?? '{}');
}

const signs = [
  ['crash-on-start', 'METAQ_CHAOS crash-on-start: exiting'],
  ['crash-on-run', 'METAQ_CHAOS crash-on-run: exiting'],
  ['hang-on-run', 'hang-on-run: never answering'],
] as const;

/** The local platform keeps each worker's log under $METAQ_HOME/logs/<queryId>/worker-<index>.log. */
function firedFaults(home: string, queryId: string): { index: number; fault: string }[] {
  const folder = path.join(home, 'logs', queryId);
  let files: string[];
  try {
    files = readdirSync(folder);
  } catch {
    return []; // no worker was launched
  }
  return files.flatMap((file) => {
    const index = Number(/^worker-(\d+)\.log$/.exec(file)?.[1] ?? Number.NaN);
    if (Number.isNaN(index)) return [];
    const text = readFileSync(path.join(folder, file), 'utf8');
    return signs.filter(([, sign]) => text.includes(sign)).map(([fault]) => ({ index, fault }));
  });
}
