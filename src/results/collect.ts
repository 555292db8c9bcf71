/**
 * Collect: the head has written the result to S3. Write its manifest beside it and keep the
 * location, size, columns and preview in the history record; the rows themselves stay in S3.
 */
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients';
import { parseS3Url } from '../aws/s3-url';
import type { QueryOutcome } from '../engines/types';
import { updateRecord } from '../history/store';
import type { Plan } from '../plan/types';
import { getWorker } from '../session/store';
import { RUN_SEQ } from '../session/submit';
import type { ResultSummary } from '../state';

export const MANIFEST = 'manifest.json';

export class ResultMissing extends Error {
  override name = 'ResultMissing' as const;
}

/** What the head reported of the query (its acknowledgement of the run command). */
export async function headOutcome(queryId: string, head: number): Promise<QueryOutcome | undefined> {
  const ack = (await getWorker(queryId, head))?.ack;
  return ack?.seq === RUN_SEQ && ack.ok ? (ack.result as QueryOutcome | undefined) : undefined;
}

export async function collect(plan: Plan, outcome: QueryOutcome | undefined): Promise<ResultSummary> {
  if (!outcome) throw new ResultMissing('the engine finished without reporting a result');
  const where = parseS3Url(plan.output.location);
  if (!where) throw new ResultMissing(`output location ${plan.output.location} is not an s3:// URL`);
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: where.bucket, Prefix: where.key }));
  const files = (listed.Contents ?? []).filter((object) => object.Key && !object.Key.endsWith(MANIFEST));
  const written = new Set(outcome.files);
  const parts = files.filter((object) => written.has(`s3://${where.bucket}/${object.Key}`));
  if (parts.length < outcome.files.length) {
    throw new ResultMissing(
      `the engine reported ${outcome.files.length} result file(s), ${parts.length} are in ${plan.output.location}`,
    );
  }
  const summary: ResultSummary = {
    location: plan.output.location,
    format: plan.output.format,
    rows: outcome.rows,
    bytes: parts.reduce((sum, object) => sum + (object.Size ?? 0), 0),
    files: outcome.files,
    manifest: `${plan.output.location}${MANIFEST}`,
    columns: outcome.columns,
    preview: outcome.preview,
    ...(outcome.previewNote && { previewNote: outcome.previewNote }),
  };
  const manifest = {
    queryId: plan.queryId,
    engine: plan.engine,
    format: summary.format,
    rows: summary.rows,
    columns: summary.columns,
    files: parts.map((object) => ({ url: `s3://${where.bucket}/${object.Key}`, bytes: object.Size })),
    createdAt: new Date().toISOString(),
  };
  await s3().send(
    new PutObjectCommand({
      Bucket: where.bucket,
      Key: `${where.key}${MANIFEST}`,
      Body: JSON.stringify(manifest, null, 2),
      ContentType: 'application/json',
    }),
  );
  await updateRecord(plan.queryId, { result: summary });
  return summary;
}
